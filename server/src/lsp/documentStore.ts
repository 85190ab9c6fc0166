import { TextDocumentContentChangeEvent } from 'vscode-languageserver';
import { GrammarId, fileKindOf, grammarOf } from '../engine/model/fileKind';
import { ParserBackend, SyntaxTree, TreePoint } from '../engine/parsing/parserPort';
import { complexityReason } from '../engine/text/complexity';
import { LineIndex } from '../engine/text/lineIndex';

/** An open document: its text, version, and its one tree kept up to date with incremental edits. */
export interface OpenDocument {
  uri: string;
  path: string;
  version: number;
  text: string;
  grammar: GrammarId | undefined;
  /** The tree, once parsed; never for a document above the size cap (see `prepare`). */
  tree: SyntaxTree | undefined;
  /** Why the document is not parsed (it is larger than `dynamicsTls.maxFileSizeKB`), once `prepare` has checked. */
  capped: string | undefined;
  /** True once the document was prepared for its current text (parsed, or found above the cap). */
  prepared: boolean;
  /** The size cap (KB) the last `prepare` applied; an edit that stays under it is reparsed at once. */
  capKB: number;
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
 * `tree.edit()`, then the document is reparsed from the old tree, which is deleted. Nothing is parsed until `prepare`
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
    const doc: OpenDocument = { uri, path, version, text, grammar, tree: undefined, capped: undefined, prepared: false, capKB: 0 };
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
    const bytes = Buffer.byteLength(doc.text, 'utf8');
    doc.capped = bytes > maxFileSizeKB * 1024 ? sizeCapReason(bytes, maxFileSizeKB) : undefined;
    if (doc.capped) {
      doc.tree?.delete();
      doc.tree = undefined;
    } else if (!doc.prepared || !doc.tree) {
      doc.tree?.delete();
      doc.tree = this.parseIfSane(doc.grammar, doc.path, doc.text);
    }
    doc.prepared = true;
    doc.capKB = maxFileSizeKB;
    return doc;
  }

  /** Applies content changes (ranged or full) in order, then reparses incrementally. */
  change(uri: string, version: number, changes: readonly TextDocumentContentChangeEvent[]): OpenDocument | undefined {
    const doc = this.docs.get(uri);
    if (!doc) {
      return undefined;
    }
    let text = doc.text;
    let reusable = doc.tree !== undefined && doc.prepared;
    for (const change of changes) {
      if (!('range' in change) || !change.range) {
        text = change.text;
        reusable = false;
        continue;
      }
      const lines = LineIndex.of(text);
      const start = lines.offsetAt(change.range.start);
      const end = lines.offsetAt(change.range.end);
      const startPoint = { row: change.range.start.line, column: start - lines.lineStart(change.range.start.line) };
      const oldEndPoint = { row: change.range.end.line, column: end - lines.lineStart(change.range.end.line) };
      if (reusable && doc.tree) {
        doc.tree.edit({
          startIndex: start,
          oldEndIndex: end,
          newEndIndex: start + change.text.length,
          startPosition: startPoint,
          oldEndPosition: oldEndPoint,
          newEndPosition: pointAfter(startPoint, change.text),
        });
      }
      text = text.slice(0, start) + change.text + text.slice(end);
    }
    const old = doc.tree;
    // Only a document already parsed under the cap is reparsed here; the others wait for `prepare`.
    doc.tree = reusable && Buffer.byteLength(text, 'utf8') <= doc.capKB * 1024 ? this.parseIfSane(doc.grammar, doc.path, text, old) : undefined;
    old?.delete();
    doc.prepared = doc.tree !== undefined;
    doc.text = text;
    doc.version = version;
    return doc;
  }

  /** Parses unless the text is too complex to analyse (a pathological file must not freeze the server). */
  private parseIfSane(grammar: GrammarId | undefined, filePath: string, text: string, previous?: SyntaxTree): SyntaxTree | undefined {
    if (!grammar || complexityReason(fileKindOf(filePath), text)) {
      return undefined;
    }
    return this.parser.parse(grammar, text, previous);
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

/** The reason a document or file is not analysed because of `dynamicsTls.maxFileSizeKB`. */
export function sizeCapReason(bytes: number, maxFileSizeKB: number): string {
  return `larger than dynamicsTls.maxFileSizeKB (${Math.round(bytes / 1024)} KB > ${maxFileSizeKB} KB)`;
}
