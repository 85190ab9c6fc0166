import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { escapeForDisplay } from '../../server/src/engine/text/displayEscape';
import { fsPath, nameFromBytes } from '../../server/src/node/byteNames';

describe('display escaping (one step for every human-readable output)', () => {
  it('shows C0/C1 controls, DEL, line breaks and bidi characters as visible escapes', () => {
    assert.equal(escapeForDisplay('E\x1b[31mRED\x1b]0;pwned\x07\u202Egnp.cs\rX'), 'E\\x1b[31mRED\\x1b]0;pwned\\x07\\u202egnp.cs\\rX');
    assert.equal(escapeForDisplay('a\nb\tc\x7f\x85\u2066\u2069\u2028'), 'a\\nb\\tc\\x7f\\x85\\u2066\\u2069\\u2028');
  });

  it('keeps everything else, including backslashes, accents, CJK and emoji (surrogate pairs)', () => {
    const kept = 'back\\slash Überweisung 日本 \u{1F480} ok';
    assert.equal(escapeForDisplay(kept), kept);
  });

  it('shows a name byte that is not UTF-8 (a lone surrogate U+DC80–U+DCFF) as that byte', () => {
    assert.equal(escapeForDisplay('a\udcff\udcfeb'), 'a\\xff\\xfeb');
  });
});

describe('names are bytes (node/byteNames)', () => {
  it('a valid UTF-8 name is the string itself; fsPath hands it back unchanged', () => {
    const name = nameFromBytes(Buffer.from('Ünïcode \u{1F480} back\\slash', 'utf8'));
    assert.equal(name, 'Ünïcode \u{1F480} back\\slash');
    assert.equal(fsPath(`/x/${name}`), `/x/${name}`);
  });

  it('invalid bytes round-trip exactly, valid sequences around them are kept', () => {
    for (const bytes of [[0xff, 0xfe], [0x41, 0xc3, 0x28, 0x42], [0xe2, 0x82], [0xed, 0xa0, 0x80], [0xf0, 0x9f, 0x92, 0x80, 0xff]]) {
      const name = nameFromBytes(Buffer.from(bytes));
      const back = fsPath(`/d/${name}`);
      assert.ok(Buffer.isBuffer(back) || bytes.every((b) => b < 0x80), `bytes ${bytes.join(',')}`);
      assert.deepEqual([...Buffer.from(back as Buffer | string)], [...Buffer.from('/d/'), ...bytes]);
    }
  });
});
