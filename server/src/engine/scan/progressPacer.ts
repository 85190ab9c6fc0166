/** Progress of a scan: `discover` counts files found (total 0 = not known yet); `read` and `analyse` count done of total. */
export interface ScanProgress {
  phase: 'discover' | 'read' | 'analyse';
  done: number;
  total: number;
}

/** The default time between two progress reports of a scan, in milliseconds (the goal is ≤ 500 ms between updates). */
export const DEFAULT_PROGRESS_INTERVAL_MS = 100;

/** How long the scan may run without giving the event loop a turn (so a cancel request or a notification gets through). */
const YIELD_INTERVAL_MS = 15;

/** Gives the event loop a turn: pending I/O (a `$/cancelRequest`, queued notifications) runs before the scan goes on. */
function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => (typeof setImmediate === 'function' ? setImmediate(resolve) : setTimeout(resolve, 0)));
}

/**
 * Paces a scan by the clock rather than by file counts: reports progress at most every `intervalMs` (and at phase
 * boundaries), and yields to the event loop every few milliseconds so cancellation is seen promptly however slow or fast
 * each file is.
 */
export class ProgressPacer {
  private lastReport = Number.NEGATIVE_INFINITY;
  private lastYield: number;

  constructor(
    private readonly onProgress: ((p: ScanProgress) => void) | undefined,
    private readonly intervalMs: number = DEFAULT_PROGRESS_INTERVAL_MS,
    private readonly now: () => number = () => Date.now(),
  ) {
    this.lastYield = now();
  }

  /** Reports `p` if the interval has passed since the last report, or always when `force` (a phase starts or ends). */
  report(p: ScanProgress, force = false): void {
    if (!this.onProgress) {
      return;
    }
    const t = this.now();
    if (force || t - this.lastReport >= this.intervalMs) {
      this.lastReport = t;
      this.onProgress({ ...p });
    }
  }

  /** Yields to the event loop when the scan has run for a while without doing so. */
  async breathe(): Promise<void> {
    if (this.now() - this.lastYield >= YIELD_INTERVAL_MS) {
      await yieldToEventLoop();
      this.lastYield = this.now();
    }
  }
}
