import { carryRecordKey } from './bodyGroups';
import { OFFSET_KEYS, reachesOffset, shiftedCopy } from './offsetCopy';

/** One text edit found by comparing two versions of a file: `[start, oldEnd)` became `[start, newEnd)`. */
export interface TextChange {
  start: number;
  oldEnd: number;
  newEnd: number;
}

/** Characters that may change what is code (strings, comments, blocks, directives) when typed or deleted. */
const STRUCTURAL_CHARS = /[{}"'@#/*$\\]/;
/** A line break ends a `//` comment, a directive or a regular string: structural only on lines that may hold one. */
const LINE_BREAK = /[\n\r]/;
const LINE_SENSITIVE = /[/#"'@$\\*]/;
/** Keywords on the edited line that may change a scope, an alias or a constant. */
const STRUCTURAL_WORDS = /\b(const|using|class|struct|record|interface|namespace|static|delegate)\b/;

/** The single changed region between two texts (common prefix and suffix), or undefined when they differ too much. */
export function findChange(before: string, after: string, limit = 4096): TextChange | undefined {
  if (Math.abs(before.length - after.length) > limit) {
    return undefined;
  }
  const max = Math.min(before.length, after.length);
  // Block compares first (substring equality is a memory compare on flat strings), then character by character.
  let start = 0;
  while (start + BLOCK <= max && before.substring(start, start + BLOCK) === after.substring(start, start + BLOCK)) {
    start += BLOCK;
  }
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) {
    start++;
  }
  let tail = 0;
  while (tail + BLOCK <= max - start && before.substring(before.length - tail - BLOCK, before.length - tail) === after.substring(after.length - tail - BLOCK, after.length - tail)) {
    tail += BLOCK;
  }
  while (tail < max - start && before.charCodeAt(before.length - 1 - tail) === after.charCodeAt(after.length - 1 - tail)) {
    tail++;
  }
  const change = { start, oldEnd: before.length - tail, newEnd: after.length - tail };
  return change.oldEnd - start > limit || change.newEnd - start > limit ? undefined : change;
}

/**
 * True when an edit cannot change anything outside its own member: the removed and inserted text hold no character
 * that opens or closes a string, comment, block or directive (nor a line break on a line that holds one of those), and
 * the edited line (before and after) no keyword that declares a scope, alias or constant.
 */
export function isLocalChange(before: string, after: string, change: TextChange): boolean {
  const lineOf = (t: string, s: number, e: number): string => {
    const from = t.lastIndexOf('\n', s - 1) + 1;
    const nl = t.indexOf('\n', e);
    return t.slice(from, nl < 0 ? t.length : nl);
  };
  const removed = before.slice(change.start, change.oldEnd);
  const inserted = after.slice(change.start, change.newEnd);
  const oldLines = lineOf(before, change.start, change.oldEnd);
  const newLines = lineOf(after, change.start, change.newEnd);
  const breaksLines = LINE_BREAK.test(removed) || LINE_BREAK.test(inserted);
  return (
    !STRUCTURAL_CHARS.test(removed) &&
    !STRUCTURAL_CHARS.test(inserted) &&
    !(breaksLines && (LINE_SENSITIVE.test(oldLines) || LINE_SENSITIVE.test(newLines))) &&
    !STRUCTURAL_WORDS.test(oldLines) &&
    !STRUCTURAL_WORDS.test(newLines)
  );
}

const BLOCK = 2048;

/**
 * Moves every offset at or after `from` by `delta` in a plain record (spans, bodies, unknown-value positions). A record
 * that starts before `from` may still reach past it (an edited comment inside the write, or after it in its block).
 */
export function shiftOffsets<T extends { span: { start: number } }>(record: T, from: number, delta: number): T {
  if (delta === 0 || (record.span.start < from && !reachesOffset(record, from))) {
    return record;
  }
  const copy = shiftedCopy(record, from, delta) as T;
  carryRecordKey(record, copy, from);
  return copy;
}

/** True when every offset field in plain data (a record) lies in `[start, end]`. */
export function offsetsWithin(value: unknown, start: number, end: number): boolean {
  if (Array.isArray(value)) {
    return value.every((v: unknown) => offsetsWithin(v, start, end));
  }
  if (value === null || typeof value !== 'object') {
    return true;
  }
  return Object.entries(value as Record<string, unknown>).every(([k, v]) =>
    OFFSET_KEYS.has(k) && typeof v === 'number' ? v >= start && v <= end : offsetsWithin(v, start, end),
  );
}
