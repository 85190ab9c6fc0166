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
  /**
   * Parses a text; with `previous` (already edited), reparses incrementally. The grammar must be loaded: a backend
   * created with grammars on demand throws {@link GrammarNotLoaded} until `prepare(grammar)` has resolved.
   */
  parse(grammar: GrammarId, text: string, previous?: SyntaxTree): SyntaxTree;
  /**
   * Loads a grammar before its first parse (resolves at once when it is loaded): the wasm backend can load the C# and
   * PowerShell grammars on demand, so a scan that parses none of their files never compiles them.
   */
  prepare(grammar: GrammarId): Promise<void>;
}

/** Thrown by a parse in a grammar that was never prepared: a caller that parses on demand forgot `prepare()`. */
export class GrammarNotLoaded extends Error {
  constructor(grammar: GrammarId) {
    super(`the ${grammar} grammar is not loaded (prepare it before parsing)`);
  }
}

/** The names the CLI accepts for `--parser`. */
export type ParserBackendName = ParserBackend['name'];

/** The parse time every file gets whatever its size (ms): real files of a few KB parse in milliseconds. */
export const PARSE_BUDGET_BASE_MS = 2000;

/** The parse time a file gets per KB of text on top of the base (ms): real code parses at 1–3 ms per KB on a loaded CI machine. */
export const PARSE_BUDGET_MS_PER_KB = 10;

/**
 * How long a parse of a text may take before it is given up (ms). Tree-sitter's error recovery is quadratic on some
 * malformed inputs (one 60 KB line of `a::` takes the C# parser about 12 s, 80 KB of `$(P)` the PowerShell parser
 * longer); a budget proportional to the size, several times what real code needs, bounds it without refusing a real
 * file (the largest file of the development corpus, 1.7 MB of C#, parses in 2–4 s against a budget of 19 s).
 */
export function parseBudgetMs(textLength: number): number {
  return PARSE_BUDGET_BASE_MS + Math.ceil((textLength / 1024) * PARSE_BUDGET_MS_PER_KB);
}

/** Thrown by a backend when a parse ran out of its budget: the file is too complex to analyse (never a guess). */
export class ParseBudgetExceeded extends Error {
  /** The reason shown for the file: a skipped file's reason, the editor's information diagnostic. */
  readonly reason: string;

  constructor(budgetMs: number) {
    const reason = `too complex to analyse (parsing it takes more than ${(budgetMs / 1000).toFixed(1)} s)`;
    super(reason);
    this.reason = reason;
  }
}

/**
 * A progress callback that cancels a parse once its budget is spent (both backends call it every few hundred parser
 * operations): returns true to cancel.
 */
export function budgetWatch(textLength: number): { budgetMs: number; expired: () => boolean } {
  const budgetMs = parseBudgetMs(textLength);
  const deadline = Date.now() + budgetMs;
  return { budgetMs, expired: () => Date.now() > deadline };
}
