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
  tree: SyntaxTree | undefined;
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
 * `tree.edit()`, then the document is reparsed from the old tree, which is deleted.
 */
export class DocumentStore {
  private readonly docs = new Map<string, OpenDocument>();

  constructor(private readonly parser: ParserBackend) {}

  /** Opens a document and parses it. */
  open(uri: string, path: string, version: number, text: string): OpenDocument {
    this.close(uri);
    const grammar = grammarOf(fileKindOf(path));
    const doc: OpenDocument = { uri, path, version, text, grammar, tree: this.parseIfSane(grammar, path, text) };
    this.docs.set(uri, doc);
    return doc;
  }

  /** Applies content changes (ranged or full) in order, then reparses incrementally. */
  change(uri: string, version: number, changes: readonly TextDocumentContentChangeEvent[]): OpenDocument | undefined {
    const doc = this.docs.get(uri);
    if (!doc) {
      return undefined;
    }
    let text = doc.text;
    let reusable = doc.tree !== undefined;
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
    doc.tree = this.parseIfSane(doc.grammar, doc.path, text, reusable ? old : undefined);
    old?.delete();
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
