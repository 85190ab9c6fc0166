import { Analyzer, SeverityOverrides } from '../analyzer';
import { Finding } from '../model/finding';
import { fileKindOf, grammarOf } from '../model/fileKind';
import { ParseBudgetExceeded } from '../parsing/parserPort';
import { CodeFacts } from '../project/codeFacts';
import { WorkspaceIndex } from '../project/workspaceIndex';
import { RuleFailure } from '../ruleFailure';
import { SuppressedEntry } from './scanCache';
import { TreeBudget } from './treeBudget';

/** The settings one file is analysed with (resource-scoped: they may differ per file). */
export interface FileSettings {
  overrides: SeverityOverrides | undefined;
  retargetTo: number | undefined;
}

/** One file's analysis as plain data: its findings, the findings its suppression comments silenced, the rules that threw. */
export interface FileAnalysis {
  findings: Finding[];
  suppressed: SuppressedEntry[];
  failures: RuleFailure[];
}

/** Why a file's parse or analysis failed, as the reason its skipped entry shows (the file makes the run incomplete). */
export class FileWorkFailure extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

/** The reason a parse or analysis failure is reported under: a parse past its budget says so, anything else quotes its message. */
export function failureReason(e: unknown): string {
  if (e instanceof FileWorkFailure || e instanceof ParseBudgetExceeded) {
    return e.reason;
  }
  return `the parser failed on this file (${e instanceof Error ? e.message : String(e)})`;
}

/**
 * Where a scan's per-file work runs — parsing a source file for its facts, analysing a file against the complete
 * index: in this thread (`inProcessWork`) or spread over worker threads (an adapter's pool). Every answer is a pure
 * function of the file's text, its settings and the index shared between the passes, so the scan's result does not
 * depend on where the work ran. A promise rejects when the file could not be parsed or analysed (`failureReason`).
 */
export interface ScanWork {
  /** How many files the scan hands out before it waits for the oldest (enough to keep every thread busy). */
  readonly window: number;
  /** First pass: a gated source file's code facts (undefined for a kind without facts); what the analysis reuses is kept. */
  facts(path: string, text: string, ungated: boolean): Promise<CodeFacts | undefined>;
  /** Between the passes: the complete index every analysis runs against. */
  share(index: WorkspaceIndex): Promise<void>;
  /** Second pass: one file's analysis against the shared index. */
  analyse(path: string, text: string, settings: FileSettings): Promise<FileAnalysis>;
  /** End of the scan (done, cancelled or failed): frees what was kept between the passes. */
  finish(): void;
}

/**
 * Loads the grammar a file is parsed with, if it has one, before the file's synchronous parse and analysis (a backend
 * may load its grammars on demand; an analysis parses only its own file's grammar, and XML is always loaded).
 */
function prepareGrammarOf(analyzer: Analyzer, path: string): Promise<void> {
  const grammar = grammarOf(fileKindOf(path));
  return grammar ? analyzer.parser.prepare(grammar) : Promise.resolve();
}

/** What the in-process work is told by its scan. */
export interface InProcessWorkOptions {
  /** See ScanOptions.keptTreeBudget. */
  keptTreeBudget?: number;
  /** Polled between rules: a cancelled analysis returns what it has. */
  isCancelled?: () => boolean;
  /** Only facts are asked for: no tree is kept for an analysis. */
  indexOnly?: boolean;
}

/**
 * The scan's work done in this thread with `analyzer` (its parser and, for the analysis, its index — which is the index
 * `share` is handed in process, and a restored copy in a worker). Parses a file once where the tree budget allows.
 */
export function inProcessWork(analyzer: Analyzer, options: InProcessWorkOptions = {}): ScanWork {
  const trees = new TreeBudget(options.keptTreeBudget);
  return {
    window: 1,
    async facts(path, text, ungated) {
      try {
        await prepareGrammarOf(analyzer, path);
        const tree = options.indexOnly ? undefined : trees.parse(analyzer, path, text);
        const facts = analyzer.extractFacts(path, text, tree, ungated);
        trees.settle(path, text);
        return facts;
      } catch (e) {
        trees.drop(path);
        throw e instanceof Error ? e : new Error(String(e));
      }
    },
    share(index) {
      if (index !== analyzer.index) {
        analyzer.index.restore(index.snapshot());
      }
      return Promise.resolve();
    },
    async analyse(path, text, settings) {
      const suppressed: SuppressedEntry[] = [];
      const failures: RuleFailure[] = [];
      try {
        await prepareGrammarOf(analyzer, path);
        const findings = analyzer.analyze(path, text, {
          severityOverrides: settings.overrides,
          retargetTo: settings.retargetTo,
          isCancelled: options.isCancelled,
          tree: trees.get(path),
          csharp: trees.csharp(path),
          onRuleError: (f) => failures.push(f),
          onSuppressed: (finding, reason) => suppressed.push(reason === undefined ? { finding } : { finding, reason }),
        });
        return { findings, suppressed, failures };
      } catch (e) {
        throw e instanceof Error ? e : new Error(String(e));
      } finally {
        trees.drop(path);
      }
    },
    finish() {
      trees.clear();
    },
  };
}
