import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { InboundMessages } from './changeLookahead';

/** The young generation's fill: bytes in use and bytes still free before V8 must collect it (a scavenge). */
export interface YoungGeneration {
  used: number;
  available: number;
}

/** What the idle collection reads and does: the young generation's fill, and a collection of it (a scavenge). */
export interface YoungHeap {
  read(): YoungGeneration;
  collect(): void;
}

/**
 * How many keystrokes' worth of allocation the young generation must still hold after an analysis; with less, it is
 * collected while the server is idle rather than in the middle of the next keystroke's analysis.
 */
export const HEADROOM_PER_ANALYSIS = 1.25;

/** How fast the largest allocation seen between two idle moments is forgotten (per idle moment). */
export const ALLOCATION_MEMORY = 0.98;

/**
 * How long after an analysis's writes the collection waits: the client reads and parses the diagnostics meanwhile
 * (V8 scavenges with helper threads, which would take the cores from it on a small machine).
 */
export const AFTER_WRITES_MS = 5;

/**
 * Collects the young generation while the server waits for its next message, when what an analysis allocates would
 * no longer fit in it. A keystroke's analysis allocates 0.6–2 MB in a 5,000-line C# file and keeps much of the
 * previous keystroke's memos alive, so a scavenge costs 2–10 ms and, left to V8, falls inside the keystroke that fills
 * the young generation, between the change and its diagnostics (issue 14: 11–14 % of keystrokes typed 150 ms apart met
 * one). After the publication, with no message read behind it, the collection costs the user nothing: the next
 * keystroke starts with an empty young generation. Never more often than V8 would collect by much: only when the free
 * space is below {@link HEADROOM_PER_ANALYSIS} times the largest allocation seen between two idle moments (decaying by
 * {@link ALLOCATION_MEMORY}); V8 itself collects when the young generation is full.
 */
export class IdleCollection {
  private scheduled = false;
  private lastUsed: number | undefined;
  private largestAllocation = 0;
  private collected = 0;

  constructor(
    private readonly heap: YoungHeap | undefined,
    private readonly inbound: InboundMessages,
  ) {}

  /** How many collections this made (the benchmark's trace reads it). */
  get collections(): number {
    return this.collected;
  }

  /**
   * A message that may have started an analysis was handled: once its work and the writes it started are done (two
   * turns of the event loop and {@link AFTER_WRITES_MS}) and no message waits, the young generation is collected if
   * the next analysis might not fit. (A message read but not yet taken by the connection is not seen: it then waits
   * for the collection.)
   */
  afterWork(): void {
    if (!this.heap || this.scheduled) {
      return;
    }
    this.scheduled = true;
    // Two turns: vscode-jsonrpc's stream writer writes in the turn after the handler's (stdio's and IPC's writers in
    // the call); then a pause.
    setImmediate(() =>
      setImmediate(() => {
        setTimeout(() => {
          this.scheduled = false;
          // A message read meanwhile is handled first; its own handling calls this again.
          if (!this.inbound.anyWaiting()) {
            this.collectIfFull();
          }
        }, AFTER_WRITES_MS).unref();
      }),
    );
  }

  private collectIfFull(): void {
    const heap = this.heap;
    if (!heap) {
      return;
    }
    const now = heap.read();
    // Fewer bytes in use than at the last idle moment: V8 collected meanwhile, and the allocation is not known.
    const allocated = this.lastUsed !== undefined && now.used >= this.lastUsed ? now.used - this.lastUsed : 0;
    this.largestAllocation = Math.max(allocated, this.largestAllocation * ALLOCATION_MEMORY);
    if (now.available < HEADROOM_PER_ANALYSIS * this.largestAllocation) {
      heap.collect();
      this.collected++;
      this.lastUsed = heap.read().used;
    } else {
      this.lastUsed = now.used;
    }
  }
}

/**
 * This process's young generation through V8: its fill from `getHeapSpaceStatistics`, and a scavenge through V8's
 * `gc({ type: 'minor' })` (exposed by the flag for contexts made after it is set: the server's own is not changed).
 * Undefined when V8 does not offer it.
 */
export function v8YoungHeap(): YoungHeap | undefined {
  try {
    const exposed = (globalThis as { gc?: unknown }).gc;
    if (typeof exposed !== 'function') {
      setFlagsFromString('--expose-gc');
    }
    const gc = (typeof exposed === 'function' ? exposed : runInNewContext('gc')) as (options: { type: 'minor' }) => void;
    if (typeof gc !== 'function') {
      return undefined;
    }
    const read = (): YoungGeneration => {
      const space = getHeapSpaceStatistics().find((s) => s.space_name === 'new_space');
      return { used: space?.space_used_size ?? 0, available: space?.space_available_size ?? Number.MAX_SAFE_INTEGER };
    };
    return { read, collect: () => gc({ type: 'minor' }) };
  } catch {
    return undefined;
  }
}
