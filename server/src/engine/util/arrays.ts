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
