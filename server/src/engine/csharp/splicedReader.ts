import { CsharpModel } from './csharpRecords';
import { reachesOffset, shiftedCopy } from './offsetCopy';

/** One result of a reader, with the span that places it (what an edit must miss for the result to be kept). */
export interface Placed<T> {
  start: number;
  end: number;
  item: T;
}

/** Reads a file's results (`key`: its path) whose span starts in `[from, to)` of its text, in text order. */
export type RangeReader<T> = (key: string, text: string, model: CsharpModel, from: number, to: number) => Placed<T>[];

/** How many earlier texts a reader keeps: the model reuses one of its last few versions. */
const RECENT_LIMIT = 4;

/**
 * A fact reader that searches the whole text (literals, class bases, creations) made to follow the model after a
 * local edit: the results outside the member the model scanned again are the previous version's, moved by the edit,
 * and only that member is searched again (none for an edit inside a comment). A result lies wholly inside or wholly
 * outside a member, as the model's records do; `limit` caps the results (a capped earlier version is read again whole).
 */
export class SplicedReader<T> {
  private readonly recent: { key: string; text: string; placed: Placed<T>[] }[] = [];

  constructor(
    private readonly read: RangeReader<T>,
    private readonly limit = Infinity,
  ) {}

  /** The results for this text (`key` names what else they depend on: the file's path). */
  results(key: string, text: string, model: CsharpModel): T[] {
    const placed = this.placed(key, text, model);
    this.recent.unshift({ key, text, placed });
    this.recent.length = Math.min(this.recent.length, RECENT_LIMIT);
    return placed.map((p) => p.item);
  }

  private placed(key: string, text: string, model: CsharpModel): Placed<T>[] {
    const same = this.recent.find((r) => r.key === key && r.text === text);
    if (same) {
      return same.placed;
    }
    const reuse = model.reused;
    const previous = reuse ? this.recent.find((r) => r.key === key && r.text === reuse.previousText) : undefined;
    if (!reuse || !previous || previous.placed.length >= this.limit) {
      return this.read(key, text, model, 0, text.length);
    }
    const { change, from, to } = reuse;
    const delta = change.newEnd - change.oldEnd;
    const oldTo = to - delta;
    // A result before the edit may still reach past it (a candidate's statement holding an edited comment).
    const move = (p: Placed<T>): Placed<T> => (reachesOffset(p, change.start) ? (shiftedCopy({ ...p }, change.start, delta) as Placed<T>) : p);
    const kept = previous.placed.filter((p) => from === to || p.end <= from || p.start >= oldTo).map(move);
    if (from === to) {
      return kept;
    }
    const fresh = this.read(key, text, model, from, to);
    const before = kept.filter((p) => p.start < from);
    const after = kept.filter((p) => p.start >= from);
    return [...before, ...fresh, ...after].slice(0, this.limit);
  }
}
