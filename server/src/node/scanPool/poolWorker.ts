import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { Analyzer } from '../../engine/analyzer';
import { createAnalyzer } from '../../engine/engine';
import { failureReason, inProcessWork, ScanWork } from '../../engine/scan/scanWork';
import { countingParser, emptyScanStats, ScanStats } from '../../engine/scan/scanStats';
import { createBackend } from '../backends';
import { codeCacheUse } from '../bundleLoader';
import { ParseCounts, PoolAnswer, PoolRequest, SCAN_WORKER_MARK, ScanWorkerData, toPlainFailure } from './poolProtocol';

/** Set when the process's entry script asked `runIfScanWorker` (it then starts workers too when run as one). */
let entryServesWorkers = false;

/**
 * The script a pool's workers run: the process's entry script, when it is one that turns itself into a worker (the CLI's
 * and the server's entry points); undefined otherwise (a test that scans in process), and the work stays in this thread.
 */
export function scanWorkerEntry(): string | undefined {
  return entryServesWorkers ? require.main?.filename : undefined;
}

/**
 * Turns this thread into a scan pool worker when it was started as one (the pool starts workers on the entry script of
 * the process, so that a worker has the same rules as its process): returns true then, and the entry script must not
 * run its command. Each worker loads the grammars once and answers jobs in the order they come.
 */
export function runIfScanWorker(): boolean {
  const data = workerData as Partial<ScanWorkerData> | undefined;
  if (isMainThread) {
    entryServesWorkers = true;
    return false;
  }
  if (!parentPort || data?.mark !== SCAN_WORKER_MARK) {
    return false;
  }
  const port = parentPort;
  const post = (answer: PoolAnswer): void => port.postMessage(answer);
  const stats = data.stats ? emptyScanStats() : undefined;
  const started = createBackend(data.parser ?? 'wasm', 'on demand').then((backend) => {
    const analyzer = createAnalyzer(stats ? countingParser(backend, stats, () => performance.now()) : backend);
    return { analyzer, work: inProcessWork(analyzer, { keptTreeBudget: data.keptTreeBudget }) };
  });
  started.then(
    () => post({ type: 'ready', codeCache: codeCacheUse() }),
    (e: unknown) => post({ type: 'failed', message: e instanceof Error ? e.message : String(e) }),
  );
  port.on('message', (request: PoolRequest) => {
    void started.then(({ analyzer, work }) => answer(analyzer, work, request, stats).then(post), () => undefined);
  });
  return true;
}

/** Runs one job and makes its answer (a job that throws answers with the reason its file is skipped). */
async function answer(analyzer: Analyzer, work: ScanWork, request: PoolRequest, stats: ScanStats | undefined): Promise<PoolAnswer> {
  const id = request.id;
  try {
    switch (request.type) {
      case 'facts': {
        const facts = await work.facts(request.path, request.text, request.ungated);
        return { type: 'done', id, ...(facts ? { facts } : {}), ...parseCounts(stats) };
      }
      case 'share':
        analyzer.index.restore(request.snapshot);
        return { type: 'done', id };
      case 'analyse': {
        const { findings, suppressed, failures } = await work.analyse(request.path, request.text, request.settings);
        return { type: 'done', id, analysis: { findings, suppressed, failures: failures.map(toPlainFailure) }, ...parseCounts(stats) };
      }
      case 'finish':
        work.finish();
        return { type: 'done', id };
    }
  } catch (e) {
    return { type: 'error', id, reason: failureReason(e), ...parseCounts(stats) };
  }
}

/** The parser work counted since the last answer (then reset), when the pool asked for statistics. */
function parseCounts(stats: ScanStats | undefined): { parse?: ParseCounts } {
  if (!stats) {
    return {};
  }
  const parse = { parsed: stats.parsed, ms: stats.ms.parse };
  stats.parsed = {};
  stats.ms.parse = 0;
  return { parse };
}
