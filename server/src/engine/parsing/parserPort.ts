import { GrammarId } from '../model/fileKind';

/** The part of a tree-sitter node the engine uses; both the wasm and the native nodes satisfy it as they are. */
export interface SyntaxNode {
  readonly type: string;
  readonly text: string;
  readonly startIndex: number;
  readonly endIndex: number;
  readonly isNamed: boolean;
  readonly hasError: boolean;
  readonly parent: SyntaxNode | null;
  readonly children: readonly (SyntaxNode | null)[];
  readonly namedChildren: readonly (SyntaxNode | null)[];
  childForFieldName(name: string): SyntaxNode | null;
}

/** A point in a text as tree-sitter counts it here: row and UTF-16 column. */
export interface TreePoint {
  row: number;
  column: number;
}

/** An edit described for `Tree.edit()`: offsets and points in UTF-16 code units. */
export interface TreeEdit {
  startIndex: number;
  oldEndIndex: number;
  newEndIndex: number;
  startPosition: TreePoint;
  oldEndPosition: TreePoint;
  newEndPosition: TreePoint;
}

/** A parse tree owned by whoever asked for it: call `delete()` when replacing or dropping it. */
export interface SyntaxTree {
  readonly rootNode: SyntaxNode;
  /** Tells the tree about an edit so the next parse can reuse the unchanged parts. */
  edit(edit: TreeEdit): void;
  /** Frees the tree (wasm memory); a no-op for the native backend, whose trees the GC owns. */
  delete(): void;
}

/** The Parser port: one interface, a wasm backend (default, runs everywhere) and a native backend (CLI only). */
export interface ParserBackend {
  readonly name: 'wasm' | 'native';
  /** Parses a text; with `previous` (already edited), reparses incrementally. */
  parse(grammar: GrammarId, text: string, previous?: SyntaxTree): SyntaxTree;
}

/** The names the CLI accepts for `--parser`. */
export type ParserBackendName = ParserBackend['name'];
