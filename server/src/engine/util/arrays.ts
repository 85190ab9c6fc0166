/**
 * Appends every item of a list to an array in place. `push(...items)` passes each item as an argument and overflows
 * the stack once the list is large (about 100,000 items), and a file's contents decide how large our lists get.
 */
export function appendAll<T>(target: T[], items: Iterable<T>): T[] {
  for (const item of items) {
    target.push(item);
  }
  return target;
}

/**
 * The first index in [0, count) whose item no longer satisfies `before` (count when all do), for items ordered so that
 * every one that satisfies it comes first: the one binary search of sorted offsets (line starts, stretches, nodes, edits).
 */
export function partitionPoint(count: number, before: (index: number) => boolean): number {
  let lo = 0;
  let hi = count;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (before(mid)) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return lo;
}
