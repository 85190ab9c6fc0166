import { Worker } from 'node:worker_threads';
import { ParserBackendName } from '../../engine/parsing/parserPort';
import { CodeFacts } from '../../engine/project/codeFacts';
import { IndexSnapshot, WorkspaceIndex } from '../../engine/project/workspaceIndex';
import { FileAnalysis, FileSettings, FileWorkFailure, ScanWork } from '../../engine/scan/scanWork';
import { ScanStats } from '../../engine/scan/scanStats';
import { wantWorkerCodeCache } from '../bundleLoader';
import { ParseCounts, PoolAnswer, PoolRequest, SCAN_WORKER_MARK, ScanWorkerData, fromPlainFailure, toPlainFailure } from './poolProtocol';

/** How many jobs a worker is given at once (one running, one waiting, so it never idles while this thread is busy). */
const PER_WORKER = 2;

/** How many times in a scan the pool replaces a worker that stopped, before it does the rest of the work in this thread. */
const MAX_RESTARTS = 8;

/** What a pool is made of. */
export interface ScanPoolOptions {
  /** Worker threads to start. */
  workers: number;
  /**
   * Whether this thread takes jobs too (the CLI: it has nothing else to do). The language server keeps its thread for
   * the editor's requests; its jobs run in workers only (in this thread only if no worker can run).
   */
  useThisThread: boolean;
  /**
   * The workers start once this much source text (UTF-16 units) was handed out to parse; until then this thread does the
   * work (a small workspace is done before a worker would have loaded its grammars). Without it, they start at once.
   */
  startAfter?: number;
  /** The script each worker runs: this process's entry, which turns itself into a worker (poolWorker.ts). */
  entry: string;
  parser: ParserBackendName;
  /** This thread's share of the work (the scan's in-process work). */
  local: ScanWork;
  keptTreeBudget?: number;
  /** Filled with the workers' parses and parse time. */
  stats?: ScanStats;
}

/** A job waiting for its answer. */
interface Pending {
  request: PoolRequest;
  resolve: (answer: PoolAnswer & { type: 'done' }) => void;
  reject: (e: Error) => void;
}

/** One worker thread and the jobs it was given, oldest (the one running) first. */
interface Lane {
  worker: Worker;
  ready: boolean;
  pending: Pending[];
}

/**
 * The scan's work spread over worker threads plus this one: each source file is parsed on the thread with the fewest
 * jobs, and analysed on the thread that parsed it (where its tree or records are kept). A worker that stops (a crash,
 * `process.exit`, an out-of-memory) fails the job it was running with the reason — the file is skipped and the run
 * Incomplete, never a hang — and the jobs queued behind it are handed on; the worker is replaced. Workers that cannot
 * start leave their work to this thread.
 */
export class ScanWorkerPool implements ScanWork {
  readonly window: number;
  private readonly lanes: Lane[] = [];
  private readonly affinity = new Map<string, Lane | 'local'>();
  /** Where each text was parsed, by a cheap key of it: a copy of the same text goes there too (see `facts`). */
  private readonly byText = new Map<string, Lane | 'local'>();
  private localQueued = 0;
  private nextId = 1;
  private restarts = 0;
  private closed = false;
  private snapshot: IndexSnapshot | undefined;
  private handedOut = 0;
  private started = false;
  private local: ScanWork;

  constructor(private readonly options: ScanPoolOptions) {
    this.local = options.local;
    this.window = (options.workers + 1) * PER_WORKER * 2;
    if (options.stats) {
      options.stats.threads = 1;
    }
    if (!options.startAfter) {
      this.startAll();
    }
  }

  /** Source text (UTF-16 units) handed out to parse so far, copies of one text counted once. */
  get sourceHandedOut(): number {
    return this.handedOut;
  }

  /** Worker threads started (0 until there was enough to parse). */
  get workersStarted(): number {
    return this.started ? this.options.workers : 0;
  }

  /** Gives this thread's share of the work to another in-process work (a pool kept for scans with different analyzers). */
  useLocal(local: ScanWork): this {
    this.local = local;
    return this;
  }

  /** Resolves once every worker has loaded its grammars (or stopped trying): tests wait for it to place jobs for sure. */
  async ready(): Promise<void> {
    this.startAll();
    while (this.lanes.some((l) => !l.ready)) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  /**
   * A copy of a text parsed before (six copies of a vendored module) goes to the thread that parsed it, which shares
   * one tree among the files of the same text, and does not count again towards starting the workers. The key only
   * places work: two texts that share it merely land on one thread, with the same findings.
   */
  facts(path: string, text: string, ungated: boolean): Promise<CodeFacts | undefined> {
    const key = sameTextKey(text);
    const earlier = this.byText.get(key);
    if (earlier === undefined) {
      this.handedOut += text.length;
      if (this.handedOut >= (this.options.startAfter ?? 0)) {
        this.startAll();
      }
    }
    const lane = earlier !== undefined && this.usable(earlier) ? earlier : this.pick();
    this.byText.set(key, lane);
    this.affinity.set(path, lane);
    if (lane === 'local') {
      return this.onLocal(() => this.local.facts(path, text, ungated));
    }
    return this.send(lane, { id: this.nextId++, type: 'facts', path, text, ungated }).then((a) => a.facts);
  }

  async share(index: WorkspaceIndex): Promise<void> {
    await this.local.share(index);
    this.snapshot = index.snapshot();
    const snapshot = this.snapshot;
    await Promise.all(this.lanes.map((lane) => this.send(lane, { id: this.nextId++, type: 'share', snapshot }).catch(() => undefined)));
  }

  analyse(path: string, text: string, settings: FileSettings): Promise<FileAnalysis> {
    const kept = this.affinity.get(path);
    this.affinity.delete(path);
    const lane = kept !== undefined && this.usable(kept) ? kept : this.pick();
    if (lane === 'local') {
      return this.onLocal(() => this.local.analyse(path, text, settings));
    }
    return this.send(lane, { id: this.nextId++, type: 'analyse', path, text, settings }).then((a) => {
      const analysis = a.analysis ?? { findings: [], suppressed: [], failures: [] };
      return { ...analysis, failures: analysis.failures.map(fromPlainFailure) };
    });
  }

  finish(): void {
    this.local.finish();
    this.affinity.clear();
    this.byText.clear();
    this.snapshot = undefined;
    for (const lane of this.lanes) {
      this.send(lane, { id: this.nextId++, type: 'finish' }).catch(() => undefined);
    }
  }

  /** Stops every worker (the pool is not used afterwards). */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.lanes.splice(0).map((lane) => lane.worker.terminate()));
  }

  private startAll(): void {
    if (!this.started) {
      this.started = true;
      for (let i = 0; i < this.options.workers; i++) {
        this.start();
      }
      if (this.options.stats) {
        this.options.stats.threads = this.options.workers + (this.options.useThisThread ? 1 : 0);
      }
    }
  }

  /**
   * This thread until the workers start; then a worker with room, else this thread when it has nothing queued, else the
   * least busy worker. Without this thread, the least busy worker (ready or still starting), and this thread only when
   * no worker is left.
   */
  private pick(): Lane | 'local' {
    if (!this.started) {
      return 'local';
    }
    if (!this.options.useThisThread) {
      return [...this.lanes].sort((a, b) => a.pending.length - b.pending.length)[0] ?? 'local';
    }
    const ready = this.lanes.filter((l) => l.ready).sort((a, b) => a.pending.length - b.pending.length);
    const least = ready[0];
    if (least && least.pending.length < PER_WORKER) {
      return least;
    }
    if (this.localQueued === 0 || !least) {
      return 'local';
    }
    return least.pending.length <= this.localQueued ? least : 'local';
  }

  /** Whether a thread chosen earlier can still take a file's work: this one if it works (or has not handed any out yet), a worker while it runs. */
  private usable(lane: Lane | 'local'): boolean {
    return lane === 'local' ? this.options.useThisThread || !this.started : this.lanes.includes(lane);
  }

  /** Runs a job in this thread after a turn of the event loop (the workers' answers are taken in between). */
  private onLocal<T>(job: () => Promise<T>): Promise<T> {
    this.localQueued++;
    return new Promise<void>((resolve) => setImmediate(resolve)).then(() => {
      this.localQueued--;
      return job();
    });
  }

  private send(lane: Lane, request: PoolRequest): Promise<PoolAnswer & { type: 'done' }> {
    return new Promise((resolve, reject) => {
      lane.pending.push({ request, resolve, reject });
      lane.worker.postMessage(request);
    });
  }

  /** Starts a worker; a replacement gets the index shared with the others. */
  private start(): void {
    const data: ScanWorkerData = { mark: SCAN_WORKER_MARK, parser: this.options.parser, keptTreeBudget: this.options.keptTreeBudget, stats: this.options.stats !== undefined };
    // The workers write nothing; their streams are drained, never passed on (stdout may be the LSP transport).
    const worker = new Worker(this.options.entry, { workerData: data, stdout: true, stderr: true });
    worker.stdout.resume();
    worker.stderr.resume();
    const lane: Lane = { worker, ready: false, pending: [] };
    this.lanes.push(lane);
    let detail: string | undefined;
    worker.on('message', (answer: PoolAnswer) => this.take(lane, answer));
    worker.on('error', (e: Error) => {
      detail ??= e.message;
    });
    worker.on('exit', (code) => this.stopped(lane, detail ?? `exit code ${code}`));
    if (this.snapshot) {
      this.send(lane, { id: this.nextId++, type: 'share', snapshot: this.snapshot }).catch(() => undefined);
    }
  }

  /** An answer from a worker: its readiness, or the oldest job's outcome. */
  private take(lane: Lane, answer: PoolAnswer): void {
    if (answer.type === 'ready') {
      lane.ready = true;
      if (answer.codeCache === 'missing' || answer.codeCache === 'refused') {
        wantWorkerCodeCache();
      }
      return;
    }
    if (answer.type === 'failed') {
      void lane.worker.terminate();
      return;
    }
    const index = lane.pending.findIndex((p) => p.request.id === answer.id);
    const [job] = index >= 0 ? lane.pending.splice(index, 1) : [];
    this.count(answer.parse);
    if (answer.type === 'done') {
      job?.resolve(answer);
    } else {
      job?.reject(new FileWorkFailure(answer.reason));
    }
  }

  /**
   * A worker stopped. If it had started, the job it was running fails with the reason and the jobs behind it go to
   * another thread; a worker that never started hands all its jobs on. It is replaced while restarts remain.
   */
  private stopped(lane: Lane, detail: string): void {
    const at = this.lanes.indexOf(lane);
    if (at >= 0) {
      this.lanes.splice(at, 1);
    }
    const pending = lane.pending.splice(0);
    if (this.closed) {
      // The pool was closed (the scan ended or was cancelled): nobody waits for these answers, none is worked on.
      pending.forEach((job) => job.reject(new FileWorkFailure('the scan ended before this file was analysed')));
      return;
    }
    const running = lane.ready ? pending.shift() : undefined;
    running?.reject(new FileWorkFailure(`the analysis worker stopped while working on this file (${detail})`));
    if (lane.ready && this.restarts < MAX_RESTARTS) {
      this.restarts++;
      this.start();
    }
    for (const job of pending) {
      this.resend(job);
    }
  }

  /** A job a stopped worker had not begun: to another thread (this one when no worker is left, or none is ready and this thread works too). */
  private resend(job: Pending): void {
    const r = job.request;
    if (r.type === 'share' || r.type === 'finish') {
      job.resolve({ type: 'done', id: r.id });
      return;
    }
    if (r.type === 'facts') {
      this.facts(r.path, r.text, r.ungated).then((facts) => job.resolve({ type: 'done', id: r.id, ...(facts ? { facts } : {}) }), job.reject);
      return;
    }
    this.analyse(r.path, r.text, r.settings).then((a) => job.resolve({ type: 'done', id: r.id, analysis: { ...a, failures: a.failures.map(toPlainFailure) } }), job.reject);
  }

  private count(parse: ParseCounts | undefined): void {
    const stats = this.options.stats;
    if (!stats || !parse) {
      return;
    }
    stats.ms.parse += parse.ms;
    for (const [grammar, n] of Object.entries(parse.parsed) as [keyof ScanStats['parsed'], number][]) {
      stats.parsed[grammar] = (stats.parsed[grammar] ?? 0) + n;
    }
  }
}

/** A cheap key of a text for placing copies of it together: its length and its first and last 256 characters. */
function sameTextKey(text: string): string {
  return text.length <= 512 ? text : `${text.length}:${text.slice(0, 256)}${text.slice(-256)}`;
}
