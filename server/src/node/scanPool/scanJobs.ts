import { availableParallelism } from 'node:os';
import { Analyzer } from '../../engine/analyzer';
import { ParserBackendName } from '../../engine/parsing/parserPort';
import { inProcessWork, ScanWork } from '../../engine/scan/scanWork';
import { ScanStats } from '../../engine/scan/scanStats';
import { scanWorkerEntry } from './poolWorker';
import { ScanWorkerPool } from './workerPool';

/** The default number of threads a scan uses (`--jobs`): the machine's cores. */
export function defaultJobs(): number {
  return Math.max(1, availableParallelism());
}

/** Source text (UTF-16 units) a scan parses in its own thread before it starts workers (~0.25 s of parsing). */
const START_WORKERS_AFTER = 256 * 1024;

/**
 * The same when the CLI's thread would get one worker beside it (`--jobs 2`, the default on two cores): ~1 s of parsing.
 * A worker's start costs ≈ 0.3 s of CPU (Node's thread, the bundle, the grammars, the index's models) and one worker
 * can at best halve what is left, so on the development corpus a worker started at 256 KB cost 0.2 s of CPU and won no
 * wall time, on a loaded or a quiet two-core machine (docs/performance.md, "The pool on two cores").
 */
const START_ONE_WORKER_AFTER = 1024 * 1024;

/** When the scan's own thread hands work to `workers` more: one worker needs more work ahead to pay for its start. */
function startWorkersAfter(workers: number, useThisThread: boolean): number {
  return useThisThread && workers === 1 ? START_ONE_WORKER_AFTER : START_WORKERS_AFTER;
}

/** What a scan's work is set up with. */
export interface ScanJobsOptions {
  /** Threads doing the work. */
  jobs: number;
  /**
   * The CLI's thread is one of them; the language server's is not (once the workers start, its thread stays free for
   * the editor, and `jobs` workers do the work). Either way the workers start once there is enough to parse.
   */
  useThisThread: boolean;
  parser: ParserBackendName;
  keptTreeBudget?: number;
  isCancelled?: () => boolean;
  stats?: ScanStats;
  /** Only facts are asked for (an index-only scan): no thread keeps a tree for an analysis. */
  indexOnly?: boolean;
  /**
   * Source text the scan is expected to parse (an earlier scan of the same folders handed it out; Infinity when unknown
   * but surely worth it): when it reaches the workers' threshold they start at once, so this thread parses none of it —
   * the language server's, whose wasm memory, grown by a parse, never shrinks, while a worker's leaves with it.
   */
  expectedSource?: number;
}

/** A scan's work and how to end it: `close` stops the workers once the scan is done. */
export interface ScanJobs {
  work: ScanWork;
  /** Worker threads started so far (0 while the work stays in this thread). */
  workers(): number;
  /** Source text (UTF-16 units) handed out to parse so far (what a later scan of the same folders may expect). */
  sourceHandedOut(): number;
  close(): Promise<void>;
}

/**
 * The work of one scan: a pool of worker threads (beside this one, or instead of it), or this thread alone for one job
 * in the CLI or when the process's entry cannot start workers. The findings are the same either way.
 */
export function scanJobs(analyzer: Analyzer, options: ScanJobsOptions): ScanJobs {
  const local = inProcessWork(analyzer, { keptTreeBudget: options.keptTreeBudget, isCancelled: options.isCancelled, indexOnly: options.indexOnly });
  const entry = scanWorkerEntry();
  const workers = options.useThisThread ? options.jobs - 1 : options.jobs;
  if (workers < 1 || entry === undefined) {
    return { work: local, workers: () => 0, sourceHandedOut: () => 0, close: () => Promise.resolve() };
  }
  // Workers that take the whole work are stopped after the scan, their memory with them: they keep trees as the CLI does.
  const keptTreeBudget = options.indexOnly ? 0 : options.useThisThread ? options.keptTreeBudget : undefined;
  const threshold = startWorkersAfter(workers, options.useThisThread);
  const startAfter = (options.expectedSource ?? 0) >= threshold ? 0 : threshold;
  const pool = new ScanWorkerPool({ workers, useThisThread: options.useThisThread, startAfter, entry, parser: options.parser, local, keptTreeBudget, stats: options.stats });
  return { work: pool, workers: () => pool.workersStarted, sourceHandedOut: () => pool.sourceHandedOut, close: () => pool.close() };
}
