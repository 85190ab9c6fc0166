import { GrammarId } from '../../engine/model/fileKind';
import { CodeCacheUse } from '../bundleLoader';
import { ParserBackendName } from '../../engine/parsing/parserPort';
import { CodeFacts } from '../../engine/project/codeFacts';
import { IndexSnapshot } from '../../engine/project/workspaceIndex';
import { RuleFailure } from '../../engine/ruleFailure';
import { FileAnalysis, FileSettings } from '../../engine/scan/scanWork';

/** What marks a worker thread as one of the scan pool's (its `workerData`). */
export const SCAN_WORKER_MARK = 'dynamics-tls-readiness scan worker';

/** The `workerData` a pool worker starts with. */
export interface ScanWorkerData {
  mark: typeof SCAN_WORKER_MARK;
  parser: ParserBackendName;
  /** See ScanOptions.keptTreeBudget (per worker). */
  keptTreeBudget: number | undefined;
  /** Count parses and their time, returned with each answer (`scan --stats`). */
  stats: boolean;
}

/** A job sent to a worker; `id` pairs it with its answer. */
export type PoolRequest =
  | { id: number; type: 'facts'; path: string; text: string; ungated: boolean }
  | { id: number; type: 'share'; snapshot: IndexSnapshot }
  | { id: number; type: 'analyse'; path: string; text: string; settings: FileSettings }
  | { id: number; type: 'finish' };

/** A rule failure as it crosses the thread boundary (the error as its message and stack). */
export interface PlainRuleFailure {
  ruleId: string;
  path: string;
  message: string;
  stack: string | undefined;
}

/** The parser work a worker did for one job (merged into the scan's statistics). */
export interface ParseCounts {
  parsed: Partial<Record<GrammarId, number>>;
  ms: number;
}

/**
 * A worker's answer: `ready` once its grammars are loaded (with what became of its code cache, so that the main thread
 * writes one when it had none), or `failed`; then one answer per job.
 */
export type PoolAnswer =
  | { type: 'ready'; codeCache?: CodeCacheUse }
  | { type: 'failed'; message: string }
  | { type: 'done'; id: number; facts?: CodeFacts; analysis?: Omit<FileAnalysis, 'failures'> & { failures: PlainRuleFailure[] }; parse?: ParseCounts }
  | { type: 'error'; id: number; reason: string; parse?: ParseCounts };

/** A rule failure made fit to cross the thread boundary. */
export function toPlainFailure(f: RuleFailure): PlainRuleFailure {
  return { ruleId: f.ruleId, path: f.path, message: f.error instanceof Error ? f.error.message : String(f.error), stack: f.error instanceof Error ? f.error.stack : undefined };
}

/** A rule failure back from a worker, its error rebuilt with the worker's message and stack. */
export function fromPlainFailure(f: PlainRuleFailure): RuleFailure {
  return { ruleId: f.ruleId, path: f.path, error: Object.assign(new Error(f.message), { stack: f.stack }) };
}
