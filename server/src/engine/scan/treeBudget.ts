import { Analyzer } from '../analyzer';
import { grammarOf, fileKindOf } from '../model/fileKind';
import { SyntaxTree } from '../parsing/parserPort';

/** Text (UTF-16 code units) whose trees a scan keeps between its passes (trees take ~35 bytes per character of wasm memory); past it, files are parsed again. */
export const KEPT_TREE_BUDGET = 1_000_000;

/**
 * The trees a workspace scan parsed for code facts, kept for the analysis pass so that a file is parsed once; bounded
 * so that a huge workspace does not hold every tree in wasm memory at once. Callers must `clear()` when done.
 */
export class TreeBudget {
  private readonly trees = new Map<string, SyntaxTree>();
  private kept = 0;

  constructor(private readonly budget: number = KEPT_TREE_BUDGET) {}

  /** Parses a source file once; the tree is kept for the analysis pass while the budget allows. */
  parse(analyzer: Analyzer, path: string, text: string): SyntaxTree | undefined {
    const grammar = grammarOf(fileKindOf(path));
    if (!grammar || this.kept + text.length > this.budget) {
      return undefined;
    }
    const tree = analyzer.parser.parse(grammar, text);
    this.trees.set(path, tree);
    this.kept += text.length;
    return tree;
  }

  /** The kept tree of a file, if any. */
  get(path: string): SyntaxTree | undefined {
    return this.trees.get(path);
  }

  /** Frees the kept tree of a file once it has been analysed. */
  drop(path: string): void {
    this.trees.get(path)?.delete();
    this.trees.delete(path);
  }

  /** Frees every kept tree (end of scan, cancellation, errors). */
  clear(): void {
    for (const tree of this.trees.values()) {
      tree.delete();
    }
    this.trees.clear();
    this.kept = 0;
  }
}
