import { TextDocumentContentChangeEvent } from 'vscode-languageserver';
import { GrammarId, fileKindOf, grammarOf } from '../engine/model/fileKind';
import { ParseBudgetExceeded, ParserBackend, SyntaxTree, TreePoint } from '../engine/parsing/parserPort';
import { notePsDocumentTree, notePsTreeEdit } from '../engine/powershell/psTree';
import { complexityReason } from '../engine/text/complexity';
import { noteEdit } from '../engine/text/editTrail';
import { LineIndex } from '../engine/text/lineIndex';

/** An open document: its text, version, and its one tree kept up to date with incremental edits. */
export interface OpenDocument {
  uri: string;
  path: string;
  version: number;
  text: string;
  grammar: GrammarId | undefined;
  /**
   * The tree, once parsed; never for a document above the size cap (see `prepare`). After changes it is the last
   * parse with the changes' edits applied (`prepared` false), the base of the next incremental parse.
   */
  tree: SyntaxTree | undefined;
  /** Why the document could not be parsed within the parse budget (too complex to analyse), when it could not. */
  unparsable: string | undefined;
  /** Why the document is not parsed (it is larger than `dynamicsTls.maxFileSizeKB`), once `prepare` has checked. */
  capped: string | undefined;
  /** True once the document was prepared for its current text (parsed, found above the cap, or too complex to parse). */
  prepared: boolean;
  /** The text's size in UTF-8 (what `dynamicsTls.maxFileSizeKB` caps), kept up to date by each change; undefined until measured. */
  utf8Bytes: number | undefined;
}

function pointAfter(start: TreePoint, inserted: string): TreePoint {
  let row = start.row;
  let column = start.column;
  for (let i = 0; i < inserted.length; i++) {
    const c = inserted.charCodeAt(i);
    if (c === 10 || (c === 13 && inserted.charCodeAt(i + 1) !== 10)) {
      row++;
      column = 0;
    } else if (c !== 13) {
      column++;
    }
  }
  return { row, column };
}

/**
 * Keeps one tree per open document: each LSP incremental change is applied to the text and told to the tree with
 * `tree.edit()`; the document is reparsed lazily, once, by the next `prepare` (an analysis or a hover), from the edited
 * tree — a burst of a thousand changes costs a thousand cheap edits and one parse. Nothing is parsed until `prepare`
 * is told the size cap that applies (settings are per resource and arrive asynchronously): a document above it is
 * never parsed and keeps no tree.
 */
export class DocumentStore {
  private readonly docs = new Map<string, OpenDocument>();

  constructor(private readonly parser: ParserBackend) {}

  /** Opens a document (parsed later, by `prepare`, once its size cap is known). */
  open(uri: string, path: string, version: number, text: string): OpenDocument {
    this.close(uri);
    const grammar = grammarOf(fileKindOf(path));
    const doc: OpenDocument = { uri, path, version, text, grammar, tree: undefined, unparsable: undefined, capped: undefined, prepared: false, utf8Bytes: undefined };
    this.docs.set(uri, doc);
    return doc;
  }

  /**
   * Parses the document unless its text is above the size cap (then its tree, if any, is freed and `capped` says why).
   * Returns the document, or undefined when it is not open.
   */
  prepare(uri: string, maxFileSizeKB: number): OpenDocument | undefined {
    const doc = this.docs.get(uri);
    if (!doc) {
      return undefined;
    }
    const bytes = (doc.utf8Bytes ??= Buffer.byteLength(doc.text, 'utf8'));
    doc.capped = bytes > maxFileSizeKB * 1024 ? sizeCapReason(bytes, maxFileSizeKB) : undefined;
    if (doc.capped) {
      doc.tree?.delete();
      doc.tree = undefined;
    } else if (!doc.prepared) {
      const edited = doc.tree;
      doc.tree = this.parseIfSane(doc, edited);
      if (doc.tree && doc.grammar === 'powershell') {
        // A PowerShell document's plain copy then reads only what the edits changed.
        notePsDocumentTree(doc.tree, edited);
      }
      edited?.delete();
    }
    doc.prepared = true;
    return doc;
  }

  /** Applies content changes (ranged or full) in order to the text and, as edits, to the tree; parsing waits for `prepare`. */
  change(uri: string, version: number, changes: readonly TextDocumentContentChangeEvent[]): OpenDocument | undefined {
    const doc = this.docs.get(uri);
    if (!doc) {
      return undefined;
    }
    let text = doc.text;
    for (const change of changes) {
      if (!('range' in change) || !change.range) {
        text = change.text;
        doc.utf8Bytes = undefined;
        doc.tree?.delete();
        doc.tree = undefined;
        continue;
      }
      const lines = LineIndex.of(text);
      const start = lines.offsetAt(change.range.start);
      const end = lines.offsetAt(change.range.end);
      const startPoint = { row: change.range.start.line, column: start - lines.lineStart(change.range.start.line) };
      const oldEndPoint = { row: change.range.end.line, column: end - lines.lineStart(change.range.end.line) };
      const edit = {
        startIndex: start,
        oldEndIndex: end,
        newEndIndex: start + change.text.length,
        startPosition: startPoint,
        oldEndPosition: oldEndPoint,
        newEndPosition: pointAfter(startPoint, change.text),
      };
      if (doc.tree) {
        doc.tree.edit(edit);
        notePsTreeEdit(doc.tree, edit);
      }
      const next = text.slice(0, start) + change.text + text.slice(end);
      // The new text's line index from the old one's: the analysis asks for it next (and the next change places with it).
      LineIndex.afterEdit(lines, next, start, end, change.text);
      noteEdit(text, next, { start, oldEnd: end, newEnd: start + change.text.length });
      doc.utf8Bytes = utf8BytesAfter(doc.utf8Bytes, text, start, end, change.text);
      text = next;
    }
    doc.prepared = false;
    doc.text = text;
    doc.version = version;
    return doc;
  }

  /**
   * Parses a document (incrementally from its edited tree, if any) unless it is too complex to analyse: a pathological
   * file must not freeze the server, so XML nested past the limit is not parsed, and a parse that runs out of its time
   * budget leaves the document without a tree and `unparsable` saying why.
   */
  private parseIfSane(doc: OpenDocument, previous: SyntaxTree | undefined): SyntaxTree | undefined {
    doc.unparsable = undefined;
    if (!doc.grammar || complexityReason(fileKindOf(doc.path), doc.text)) {
      return undefined;
    }
    try {
      return this.parser.parse(doc.grammar, doc.text, previous);
    } catch (e) {
      if (e instanceof ParseBudgetExceeded) {
        doc.unparsable = e.reason;
        return undefined;
      }
      throw e;
    }
  }

  /** Closes a document and frees its tree. */
  close(uri: string): void {
    const doc = this.docs.get(uri);
    doc?.tree?.delete();
    this.docs.delete(uri);
  }

  /** An open document by URI. */
  get(uri: string): OpenDocument | undefined {
    return this.docs.get(uri);
  }

  /** An open document by file path. */
  byPath(path: string): OpenDocument | undefined {
    for (const d of this.docs.values()) {
      if (d.path === path) {
        return d;
      }
    }
    return undefined;
  }

  /** All open documents. */
  all(): OpenDocument[] {
    return [...this.docs.values()];
  }
}

/**
 * A text's UTF-8 size after `[start, end)` is replaced by `inserted`, from its size before (undefined: unknown). Each
 * UTF-16 unit or surrogate pair counts on its own (a lone surrogate as the 3 bytes of U+FFFD), so the sizes add up
 * unless the edit splits or joins a pair: a surrogate next to either end of the edit leaves the size to be measured.
 */
function utf8BytesAfter(before: number | undefined, text: string, start: number, end: number, inserted: string): number | undefined {
  const ends = [text.charCodeAt(start - 1), text.charCodeAt(start), text.charCodeAt(end - 1), text.charCodeAt(end), inserted.charCodeAt(0), inserted.charCodeAt(inserted.length - 1)];
  if (before === undefined || ends.some((c) => c >= 0xd800 && c <= 0xdfff)) {
    return undefined;
  }
  return before - Buffer.byteLength(text.slice(start, end), 'utf8') + Buffer.byteLength(inserted, 'utf8');
}

/** The reason a document or file is not analysed because of `dynamicsTls.maxFileSizeKB`. */
export function sizeCapReason(bytes: number, maxFileSizeKB: number): string {
  return `larger than dynamicsTls.maxFileSizeKB (${Math.round(bytes / 1024)} KB > ${maxFileSizeKB} KB)`;
}
