/** The fields of a C# record that hold text offsets (spans, method bodies, unknown-value positions). */
export const OFFSET_KEYS: ReadonlySet<string> = new Set(['start', 'end', 'body']);

/** A copy of plain data with its offset fields moved (a keystroke shifts every record after it: kept cheap). */
export function shiftedCopy(value: unknown, from: number, delta: number): unknown {
  if (Array.isArray(value)) {
    return value.map((v: unknown) => shiftedCopy(v, from, delta));
  }
  if (value === null || typeof value !== 'object') {
    return value;
  }
  const source = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const k in source) {
    const v = source[k];
    if (typeof v === 'number') {
      out[k] = v >= from && OFFSET_KEYS.has(k) ? v + delta : v;
    } else {
      out[k] = typeof v === 'object' && v !== null ? shiftedCopy(v, from, delta) : v;
    }
  }
  return out;
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
    if (typeof v === 'number' ? v >= from && OFFSET_KEYS.has(k) : typeof v === 'object' && v !== null && reachesOffset(v, from)) {
      return true;
    }
  }
  return false;
}
