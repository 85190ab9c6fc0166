/**
 * Applies `[from, to]` replacements to a text, `rounds` times over, each at one of `from`'s occurrences chosen by a
 * seeded generator (so a failure names a reproducible edit), calling `check` after each: the incremental-versus-whole
 * tests of the C# model and its fact readers walk the same edit sequence this way.
 */
export function applySeededEdits(start: string, edits: ReadonlyArray<readonly [string, string]>, seed: number, rounds: number, check: (text: string, label: string) => void): void {
  let text = start;
  let state = seed;
  for (let round = 0; round < rounds; round++) {
    for (const [from, to] of edits) {
      const hits: number[] = [];
      for (let at = text.indexOf(from); at >= 0; at = text.indexOf(from, at + 1)) {
        hits.push(at);
      }
      if (hits.length === 0) {
        continue;
      }
      state = (state * 1103515245 + 12345) % 2147483648;
      const at = hits[state % hits.length] ?? 0;
      text = text.slice(0, at) + to + text.slice(at + from.length);
      check(text, `after "${from}" → "${to}" at ${at}`);
    }
  }
}
