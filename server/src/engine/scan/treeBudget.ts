import { Analyzer } from '../analyzer';
import { grammarOf, fileKindOf } from '../model/fileKind';
import { SyntaxTree } from '../parsing/parserPort';
import { CsharpRecords, csharpRecords } from '../csharp/csharpModel';
import { hasSuppressionMarker } from '../suppression/suppressor';

/** Text (UTF-16 code units) whose trees a scan keeps between its passes (trees take ~35 bytes per character of wasm memory); past it, files are parsed again. */
export const KEPT_TREE_BUDGET = 1_000_000;

/**
 * What a workspace scan keeps of each file between its passes, so that a file is parsed once. A C# file keeps only its
 * plain records (the rules read nothing else) and its tree is freed at once; other files keep their tree while the
 * budget allows (a huge workspace must not hold every tree in wasm memory), past it they are parsed again. A C# file
 * with a suppression comment keeps its tree like the others (placing the comment needs the tree). Callers must
 * `clear()` when done.
 */
export class TreeBudget {
  private readonly trees = new Map<string, SyntaxTree>();
  private readonly records = new Map<string, CsharpRecords>();
  private readonly detach = new Set<string>();
  /** Kept PowerShell trees by text, and how many files share each: scripts of the same text share one tree (a parse is a pure function of the text). */
  private readonly byText = new Map<string, SyntaxTree>();
  private readonly users = new Map<SyntaxTree, { text: string; count: number }>();
  private kept = 0;

  constructor(private readonly budget: number = KEPT_TREE_BUDGET) {}

  /** Parses a source file for the first pass (undefined: past the budget, the file is parsed when it is needed). */
  parse(analyzer: Analyzer, path: string, text: string): SyntaxTree | undefined {
    const kind = fileKindOf(path);
    const grammar = grammarOf(kind);
    if (!grammar) {
      return undefined;
    }
    if (kind === 'csharp' && !hasSuppressionMarker(text)) {
      const tree = analyzer.parser.parse(grammar, text);
      this.trees.set(path, tree);
      this.detach.add(path);
      return tree;
    }
    const same = kind === 'powershell' ? this.byText.get(text) : undefined;
    const user = same && this.users.get(same);
    if (same && user) {
      // A vendored module copied into several folders: one parse and one plain copy, counted once against the budget.
      user.count++;
      this.trees.set(path, same);
      return same;
    }
    if (this.kept + text.length > this.budget) {
      return undefined;
    }
    const tree = analyzer.parser.parse(grammar, text);
    this.trees.set(path, tree);
    this.kept += text.length;
    if (kind === 'powershell') {
      this.byText.set(text, tree);
      this.users.set(tree, { text, count: 1 });
    }
    return tree;
  }

  /** Ends a file's first pass: a C# file's tree gives way to its records. */
  settle(path: string, text: string): void {
    const tree = this.trees.get(path);
    if (!tree || !this.detach.delete(path)) {
      return;
    }
    this.records.set(path, csharpRecords(tree, text));
    tree.delete();
    this.trees.delete(path);
  }

  /** The kept tree of a file, if any. */
  get(path: string): SyntaxTree | undefined {
    return this.trees.get(path);
  }

  /** The kept C# records of a file, if any. */
  csharp(path: string): CsharpRecords | undefined {
    return this.records.get(path);
  }

  /** Frees what was kept of a file once it has been analysed. */
  drop(path: string): void {
    const tree = this.trees.get(path);
    if (tree) {
      this.release(tree);
    }
    this.trees.delete(path);
    this.records.delete(path);
    this.detach.delete(path);
  }

  /** Frees every kept tree (end of scan, cancellation, errors). */
  clear(): void {
    for (const tree of new Set(this.trees.values())) {
      tree.delete();
    }
    this.trees.clear();
    this.byText.clear();
    this.users.clear();
    this.records.clear();
    this.detach.clear();
    this.kept = 0;
  }

  /** Frees a kept tree once no file shares it any more. */
  private release(tree: SyntaxTree): void {
    const user = this.users.get(tree);
    if (user && --user.count > 0) {
      return;
    }
    if (user) {
      this.users.delete(tree);
      this.byText.delete(user.text);
    }
    tree.delete();
  }
}
