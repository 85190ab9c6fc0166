/** How many times a document's last analysis cost the quiet before a change counts as the start of a new burst. */
export const QUIET_PER_ANALYSIS_COST = 4;

/** The shortest quiet: changes closer than this (faster than anyone types, a key held down included) are a burst. */
export const MIN_QUIET_MS = 20;

/** The longest a document waits for a burst of changes to end: a client that never pauses still gets diagnostics. */
export const CHANGE_MAX_WAIT_MS = 1000;

/**
 * How long a document waits when another file's change affected it (a called script, its project file): not the
 * document being typed in, so it is re-judged once that file's keystrokes pause, once per burst, not per keystroke.
 */
export const AFFECTED_SETTLE_MS = 150;

/** How many of a document's latest analyses its cost is judged from (their median: one slow analysis is not its cost). */
export const ANALYSES_JUDGED = 3;

/** What the settle knows of one document: when it last changed, what its latest analyses cost, when a wait began. */
interface DocumentPace {
  lastChange: number | undefined;
  /** The wall times of its latest analyses (ms), at most {@link ANALYSES_JUDGED}, oldest first. */
  analysisMs: number[];
  waitingSince: number | undefined;
}

/** The cost of a document's analysis: the median of its latest ones (the lower of two; 0 before the first). */
function typicalCost(latest: readonly number[]): number {
  const sorted = [...latest].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)] ?? 0;
}

/**
 * When to analyse a changed document: at once when it was quiet (leading edge), else once its changes pause
 * (trailing edge), at most {@link CHANGE_MAX_WAIT_MS} after the first change that had to wait. "Quiet" scales with the
 * wall time of the document's analysis — the median of its latest {@link ANALYSES_JUDGED}, so that one analysis a
 * garbage collection or the machine's scheduler stretched does not hold the next keystroke back by four times that
 * stretch: {@link QUIET_PER_ANALYSIS_COST} times it, at least {@link MIN_QUIET_MS}
 * (wall time, because on a loaded machine the gaps between a burst's changes stretch as the analysis does; CPU time
 * took bursts there for pauses). A change is analysed at once only when the one before it came at least that
 * long ago, so however the changes arrive, one document's analyses take at most a third of the server's time (at worst
 * a leading and a trailing analysis per quiet period, 2 / (4 + 2)): a cheap document follows a fast typist keystroke by
 * keystroke, an expensive one is analysed once per pause. Keyed by the document object, so a closed document's entry
 * goes with it.
 */
export class ChangeSettle {
  private readonly pace = new WeakMap<object, DocumentPace>();

  constructor(private readonly now: () => number) {}

  /**
   * Records a change of `doc` and returns how long to wait before analysing it: 0 for at once (which replaces any
   * scheduled analysis). `waiting` says an analysis of it is already scheduled (a wait is then postponed, never past
   * the maximum). `newerBehind` says a newer change of it was already read: never at once then (that one decides).
   */
  changed(doc: object, waiting: boolean, newerBehind = false): number {
    const p = this.paceOf(doc);
    const now = this.now();
    const quiet = this.quietMs(doc);
    const previous = p.lastChange;
    p.lastChange = now;
    // A wait that a burst of this document's own changes started implies a recent change; one that another file's change
    // started (see `affected`) does not hold a keystroke back.
    if (!newerBehind && (previous === undefined || now - previous >= quiet)) {
      p.waitingSince = undefined;
      return 0;
    }
    p.waitingSince = waiting ? (p.waitingSince ?? now) : now;
    const wait = Math.max(0, Math.min(quiet, p.waitingSince + CHANGE_MAX_WAIT_MS - now));
    return newerBehind ? Math.max(1, wait) : wait;
  }

  /**
   * Another file's change affected `doc`: returns how long to wait before re-analysing it (never at once), postponing
   * a wait already running, never past the maximum.
   */
  affected(doc: object, waiting: boolean): number {
    const p = this.paceOf(doc);
    const now = this.now();
    p.waitingSince = waiting ? (p.waitingSince ?? now) : now;
    return Math.max(0, Math.min(Math.max(AFFECTED_SETTLE_MS, this.quietMs(doc)), p.waitingSince + CHANGE_MAX_WAIT_MS - now));
  }

  /** Records what an analysis of `doc` cost (wall time, ms); the wait, if any, has ended. */
  analysed(doc: object, ms: number): void {
    const p = this.paceOf(doc);
    p.analysisMs.push(ms);
    if (p.analysisMs.length > ANALYSES_JUDGED) {
      p.analysisMs.shift();
    }
    p.waitingSince = undefined;
  }

  /** How long `doc` must go without changes to count as quiet. */
  quietMs(doc: object): number {
    const cost = typicalCost(this.pace.get(doc)?.analysisMs ?? []);
    return Math.min(CHANGE_MAX_WAIT_MS, Math.max(MIN_QUIET_MS, QUIET_PER_ANALYSIS_COST * cost));
  }

  private paceOf(doc: object): DocumentPace {
    let p = this.pace.get(doc);
    if (!p) {
      p = { lastChange: undefined, analysisMs: [], waitingSince: undefined };
      this.pace.set(doc, p);
    }
    return p;
  }
}
