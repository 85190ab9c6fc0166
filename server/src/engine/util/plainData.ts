/**
 * True when two plain-data values (what JSON holds: objects, arrays, strings, numbers, booleans, null) are equal, a
 * property holding undefined counting as absent — as their JSON would compare, without writing it: a difference (a
 * shifted offset) is found at once, and equal values are walked once.
 */
export function samePlainData(a: unknown, b: unknown): boolean {
  if (a === b) {
    return true;
  }
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) {
    return false;
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((v, i) => samePlainData(v, b[i]));
  }
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  const keys = Object.keys(x).filter((k) => x[k] !== undefined);
  return keys.length === Object.keys(y).filter((k) => y[k] !== undefined).length && keys.every((k) => samePlainData(x[k], y[k]));
}
