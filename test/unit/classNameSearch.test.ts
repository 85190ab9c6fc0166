import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { nextClassName } from '../../server/src/engine/csharp/subclasses';

/** The pattern the native search stands for. */
const CLASS_NAME = /\bclass\s+([A-Za-z_]\w*)/g;

/** Deterministic pseudo-random numbers (a linear congruential generator), so a failure can be replayed. */
function random(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}

const PIECES = ['class', 'class', 'Class', ' ', '  ', '\t', '\n', '\r\n', 'A', 'b', '_', '1', 'é', '$', '.', ':', '{', '//', 'subclass', 'class_', 'classes', '@', 'x'];

function all(find: (from: number) => RegExpExecArray | null, from: number): [number, string, string | undefined][] {
  const out: [number, string, string | undefined][] = [];
  for (let m = find(from); m; m = find(m.index + m[0].length)) {
    out.push([m.index, m[0], m[1]]);
  }
  return out;
}

describe('the native search for class names', () => {
  it('finds what /\\bclass\\s+([A-Za-z_]\\w*)/g finds, from any offset, in 3,000 random texts', () => {
    const next = random(13);
    for (let t = 0; t < 3000; t++) {
      let text = '';
      const pieces = 1 + Math.floor(next() * 40);
      for (let p = 0; p < pieces; p++) {
        text += PIECES[Math.floor(next() * PIECES.length)] ?? '';
      }
      const from = Math.floor(next() * (text.length + 1));
      const expected = all((f) => {
        CLASS_NAME.lastIndex = f;
        return CLASS_NAME.exec(text);
      }, from);
      assert.deepEqual(all((f) => nextClassName(text, f), from), expected, JSON.stringify({ text, from }));
    }
  });
});
