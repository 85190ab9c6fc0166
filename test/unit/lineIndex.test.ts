import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LineIndex } from '../../server/src/engine/text/lineIndex';

describe('LineIndex', () => {
  const cases: [string, number[]][] = [
    ['', [0]],
    ['a', [0]],
    ['a\n', [0, 2]],
    ['a\r\nb', [0, 3]],
    ['a\rb\nc\r\n', [0, 2, 4, 7]],
    ['\r', [0, 1]],
    ['\n\n', [0, 1, 2]],
    ['x\r\n\r\ny', [0, 3, 5]],
    ['a\r', [0, 2]],
  ];
  for (const [text, starts] of cases) {
    it(`finds the line starts of ${JSON.stringify(text)} (LF, CRLF and lone CR)`, () => {
      const index = new LineIndex(text);
      assert.equal(index.lineCount, starts.length);
      starts.forEach((start, line) => assert.equal(index.lineStart(line), start));
    });
  }

  it('maps offsets and positions both ways, in UTF-16 code units', () => {
    const text = 'é😀x\r\nsecond\rthird';
    const index = new LineIndex(text);
    assert.deepEqual(index.positionAt(3), { line: 0, character: 3 });
    assert.deepEqual(index.positionAt(text.indexOf('second')), { line: 1, character: 0 });
    assert.deepEqual(index.positionAt(text.indexOf('third')), { line: 2, character: 0 });
    assert.equal(index.offsetAt({ line: 1, character: 3 }), text.indexOf('ond'));
    assert.equal(index.lineEnding(0), '\r\n');
    assert.equal(index.lineEnding(1), '\r');
    assert.equal(index.lineText(1), 'second');
  });
});

describe('LineIndex after an edit', () => {
  it('equals the index built from the whole text, edit after edit (LF, CRLF and lone CR typed and deleted)', () => {
    let seed = 5;
    const next = (n: number): number => {
      // The high bits: an LCG's low bits repeat with a short period.
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return Math.floor(seed / 65536) % n;
    };
    const typed = ['a', '\n', '\r\n', '\r', 'x\ny', '\n\n', 'é😀', ' '];
    let text = 'first\r\nsecond\nthird\r\n\r\nfifth\n';
    let index = new LineIndex(text);
    let incremental = 0;
    for (let i = 0; i < 3000; i++) {
      const start = next(text.length + 1);
      const oldEnd = Math.min(text.length, start + (next(3) === 0 ? next(4) : 0));
      const inserted = next(4) === 0 ? '' : (typed[next(typed.length)] ?? 'a');
      const edited = text.slice(0, start) + inserted + text.slice(oldEnd);
      const after = LineIndex.afterEdit(index, edited, start, oldEnd, inserted);
      const whole = new LineIndex(edited);
      assert.deepEqual(after, whole, `edit ${i}: [${start}, ${oldEnd}) → ${JSON.stringify(inserted)}`);
      assert.equal(LineIndex.of(edited), after, 'kept for the next asker');
      incremental += /\r/.test(text) && !/\r(?!\n)/.test(text) ? 1 : 0;
      // Lone CRs are taken out now and then, so that most edits start from a text the edit can be applied to.
      text = next(8) === 0 ? edited.replace(/\r(?!\n)/g, '') : edited;
      index = text === edited ? after : new LineIndex(text);
    }
    assert.ok(incremental > 1000, `most edits start from CR LF text without lone CRs (${incremental})`);
  });
});
