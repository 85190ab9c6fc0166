/** One edit of a text: `[start, oldEnd)` of the text before became `[start, newEnd)` of the text after. */
export interface TrailEdit {
  start: number;
  oldEnd: number;
  newEnd: number;
}

/**
 * The last few edits the language server applied to open documents, each with the text before and after it, so that
 * a reader that reuses its result for an earlier version of a text (csharp/maskReuse.ts) learns the edit here instead
 * of comparing the two texts, which a keystroke in a big file would otherwise do character block by block. Any
 * recorded edit is a true one (the texts before and after are kept with it), if not always the smallest.
 */
const trail: { before: string; after: string; edit: TrailEdit }[] = [];
const TRAIL_LIMIT = 4;

/** Records that `after` is `before` with `[start, oldEnd)` replaced by `after`'s `[start, newEnd)`. */
export function noteEdit(before: string, after: string, edit: TrailEdit): void {
  trail.unshift({ before, after, edit });
  trail.length = Math.min(trail.length, TRAIL_LIMIT);
}

/** The recorded edit from `before` to `after`, when one was recorded (the texts compared as strings, usually the same objects). */
export function knownEdit(before: string, after: string): TrailEdit | undefined {
  return trail.find((t) => t.after === after && t.before === before)?.edit;
}
