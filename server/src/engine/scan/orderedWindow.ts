/** A job's outcome, as a value (a failure is data here, never an unhandled rejection). */
export type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

/**
 * Jobs handed out in order and taken back in the same order, at most `size` outstanding: the scan keeps every worker
 * busy while applying each file's result exactly where a one-thread scan would (so the result does not depend on how
 * many threads ran the jobs or which finished first).
 */
export class OrderedWindow<T> {
  private readonly queue: { outcome: Promise<Settled<T>>; take: (s: Settled<T>) => void }[] = [];

  constructor(private readonly size: number) {}

  /** Adds a job; when the window is full, first takes back the oldest ones. */
  async push(job: Promise<T>, take: (s: Settled<T>) => void): Promise<void> {
    const outcome = job.then(
      (value): Settled<T> => ({ ok: true, value }),
      (error: unknown): Settled<T> => ({ ok: false, error }),
    );
    this.queue.push({ outcome, take });
    while (this.queue.length >= Math.max(1, this.size)) {
      await this.takeOldest();
    }
  }

  /** Takes back every outstanding job, in order. */
  async drain(): Promise<void> {
    while (this.queue.length > 0) {
      await this.takeOldest();
    }
  }

  /** Forgets the outstanding jobs (a cancelled scan does not wait for them; their outcomes are dropped). */
  abandon(): void {
    this.queue.length = 0;
  }

  private async takeOldest(): Promise<void> {
    const next = this.queue.shift();
    if (next) {
      next.take(await next.outcome);
    }
  }
}
