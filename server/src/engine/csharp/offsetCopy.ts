/** The fields of a C# record that hold text offsets (spans, method bodies, unknown-value positions). */
export const OFFSET_KEYS: ReadonlySet<string> = new Set(['start', 'end', 'body']);

/**
 * A copy of plain data with its offset fields moved (a keystroke shifts every record after it: kept cheap — a spread
 * copies an object in its own shape, then only the offset fields and nested objects are written).
 */
export function shiftedCopy(value: unknown, from: number, delta: number): unknown {
  if (Array.isArray(value)) {
    return value.map((v: unknown) => (typeof v === 'object' && v !== null ? shiftedCopy(v, from, delta) : v));
  }
  if (value === null || typeof value !== 'object') {
    return value;
  }
  const out: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  for (const k in out) {
    const v = out[k];
    if (typeof v === 'number') {
      if (v >= from && isOffsetKey(k)) {
        out[k] = v + delta;
      }
    } else if (typeof v === 'object' && v !== null) {
      out[k] = isSpan(v) ? { start: v.start >= from ? v.start + delta : v.start, end: v.end >= from ? v.end + delta : v.end } : shiftedCopy(v, from, delta);
    }
  }
  return out;
}

/** True for a bare span (`{ start, end }`, most of a record's nested objects): copied without the generic walk. */
function isSpan(v: object): v is { start: number; end: number } {
  const s = v as { start?: unknown; end?: unknown };
  return typeof s.start === 'number' && typeof s.end === 'number' && !Array.isArray(v) && Object.keys(v).length === 2;
}

/** True for the name of an offset field (OFFSET_KEYS, compared without a set lookup on the keystroke path). */
function isOffsetKey(k: string): boolean {
  return k === 'start' || k === 'end' || k === 'body';
}

/** True when plain data holds an offset field at or after `from` (a record that ends before an edit is kept as it is). */
export function reachesOffset(value: unknown, from: number): boolean {
  if (Array.isArray(value)) {
    return value.some((v: unknown) => reachesOffset(v, from));
  }
  if (value === null || typeof value !== 'object') {
    return false;
  }
  const source = value as Record<string, unknown>;
  for (const k in source) {
    const v = source[k];
    if (typeof v === 'number' ? v >= from && isOffsetKey(k) : typeof v === 'object' && v !== null && reachesOffset(v, from)) {
      return true;
    }
  }
  return false;
}
