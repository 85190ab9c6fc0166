import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ParserBackend } from '../../server/src/engine/parsing/parserPort';
import { knownEdit } from '../../server/src/engine/text/editTrail';
import { LineIndex } from '../../server/src/engine/text/lineIndex';
import { DocumentStore } from '../../server/src/lsp/documentStore';

/** Changes are applied without parsing (parsing waits for `prepare`): no backend is needed. */
const noParser = {} as ParserBackend;

describe('DocumentStore changes', () => {
  it('applies ranged changes in order and leaves the new text line index equal to a whole build (CR LF, LF, lone CR)', () => {
    const store = new DocumentStore(noParser);
    const uri = 'file:///w/Program.cs';
    store.open(uri, '/w/Program.cs', 1, 'class A\r\n{\r\n    int x;\r\n}\r\n');
    const steps: { range: { start: { line: number; character: number }; end: { line: number; character: number } }; text: string }[][] = [
      [{ range: { start: { line: 2, character: 10 }, end: { line: 2, character: 10 } }, text: '\r\n    ' }],
      [{ range: { start: { line: 1, character: 1 }, end: { line: 3, character: 0 } }, text: '' }],
      [
        { range: { start: { line: 0, character: 7 }, end: { line: 0, character: 7 } }, text: ' : B' },
        { range: { start: { line: 1, character: 0 }, end: { line: 1, character: 1 } }, text: '{\n' },
      ],
      [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '// a\rb\r\n' }],
      [{ range: { start: { line: 1, character: 1 }, end: { line: 1, character: 1 } }, text: 'x' }],
    ];
    const expected = ['class A\r\n{\r\n    int x;\r\n    \r\n}\r\n', 'class A\r\n{    \r\n}\r\n', 'class A : B\r\n{\n    \r\n}\r\n', '// a\rb\r\nclass A : B\r\n{\n    \r\n}\r\n', '// a\rbx\r\nclass A : B\r\n{\n    \r\n}\r\n'];
    steps.forEach((changes, i) => {
      const doc = store.change(uri, i + 2, changes);
      assert.equal(doc?.text, expected[i], `text after step ${i}`);
      assert.deepEqual(LineIndex.of(expected[i] ?? ''), new LineIndex(expected[i] ?? ''), `line index after step ${i}`);
    });
  });

  it('records each ranged change as the edit between the texts before and after it', () => {
    const store = new DocumentStore(noParser);
    const uri = 'file:///w/B.cs';
    const before = 'class B\n{\n}\n';
    store.open(uri, '/w/B.cs', 1, before);
    const after = store.change(uri, 2, [{ range: { start: { line: 1, character: 1 }, end: { line: 2, character: 0 } }, text: ' int y; ' }])?.text ?? '';
    assert.equal(after, 'class B\n{ int y; }\n');
    assert.deepEqual(knownEdit(before, after), { start: 9, oldEnd: 10, newEnd: 17 });
    assert.equal(knownEdit(after, before), undefined);
  });

  it('keeps the UTF-8 size the size cap reads up to date, edit after edit (surrogate pairs split and joined included)', () => {
    const store = new DocumentStore(noParser);
    const uri = 'file:///w/C.cs';
    store.open(uri, '/w/C.cs', 1, 'class C { string s = "é😀€"; }\n');
    let seed = 3;
    const next = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return Math.floor(seed / 65536) % n;
    };
    const typed = ['a', 'b', ' ', 'é', '€', '\n', '', 'x', ';', '😀', '\ud83d', '\ude00'];
    let kept = 0;
    for (let i = 0; i < 2000; i++) {
      const doc = store.get(uri);
      const text = doc?.text ?? '';
      const lines = new LineIndex(text);
      const start = next(text.length + 1);
      const end = Math.min(text.length, start + next(3));
      store.change(uri, i + 2, [{ range: lines.rangeOf(start, end), text: typed[next(next(4) === 0 ? typed.length : typed.length - 3)] ?? '' }]);
      const after = store.get(uri);
      kept += after?.utf8Bytes === undefined ? 0 : 1;
      // What the cap reads: the kept size, or the text measured when an edit left it unknown.
      store.prepare(uri, 0);
      assert.equal(after?.utf8Bytes, Buffer.byteLength(after?.text ?? '', 'utf8'), `size after edit ${i}`);
    }
    assert.ok(kept > 1000, `most sizes kept rather than measured (${kept})`);
  });
});
