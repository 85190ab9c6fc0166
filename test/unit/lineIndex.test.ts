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
