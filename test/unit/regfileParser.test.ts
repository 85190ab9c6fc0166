import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { canonicalKey, parseRegFile } from '../../server/src/engine/regfile/regParser';

describe('.reg parser', () => {
  it('reads the header, keys, values, types, deletions and continuation lines with their offsets', () => {
    const text = [
      'Windows Registry Editor Version 5.00',
      '',
      '; comment',
      '[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\.NETFramework\\v4.0.30319]',
      '"SchUseStrongCrypto"=dword:00000001',
      '"Name \\"quoted\\""="a string"',
      '@="default"',
      '"Q"=hex(b):01,00,00,00,\\',
      '  00,00,00,00',
      '"Gone"=-',
      '[-HKEY_CURRENT_USER\\Software\\Old]',
      '',
    ].join('\r\n');
    const file = parseRegFile(text);
    assert.equal(file.header, 'regedit5');
    assert.equal(file.keys.length, 2);
    const [key, deleted] = file.keys;
    assert.ok(key && deleted);
    assert.equal(key.path, 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\.NETFramework\\v4.0.30319');
    assert.deepEqual(key.values.map((v) => [v.name, v.type, v.dword]), [
      ['SchUseStrongCrypto', 'dword', 1],
      ['Name "quoted"', 'string', undefined],
      ['', 'string', undefined],
      ['Q', 'qword', undefined],
      ['Gone', 'delete', undefined],
    ]);
    const first = key.values[0];
    assert.ok(first);
    assert.equal(text.slice(first.nameStart, first.nameEnd), 'SchUseStrongCrypto');
    assert.equal(text.slice(first.dataStart, first.dataEnd), 'dword:00000001');
    const q = key.values[3];
    assert.ok(q);
    assert.equal(text.slice(q.start, q.end), '"Q"=hex(b):01,00,00,00,\\\r\n  00,00,00,00');
    assert.equal(deleted.deleted, true);
    assert.equal(deleted.path, 'HKEY_CURRENT_USER\\Software\\Old');
  });

  it('accepts REGEDIT4 and files without a header; skips malformed lines without throwing', () => {
    assert.equal(parseRegFile('REGEDIT4\n\n[HKEY_LOCAL_MACHINE\\X]\n"a"=dword:1\n').header, 'regedit4');
    const messy = parseRegFile('"orphan"=dword:1\n[HKEY_LOCAL_MACHINE\\X\n"unterminated=dword:0\nnot a value\n"ok"=dword:zz\n"tail"=hex:01,\\');
    assert.equal(messy.header, 'none');
    assert.equal(messy.keys.length, 1);
    assert.deepEqual(messy.keys[0]?.values.map((v) => [v.name, v.type]), [['ok', 'unknown'], ['tail', 'hex']]);
    for (const junk of ['', '[', '"', '\u0000\u0000', '[]\n@', '"a"=', 'x'.repeat(100000)]) {
      assert.doesNotThrow(() => parseRegFile(junk));
    }
  });

  it('compares key paths case-insensitively with hive abbreviations expanded', () => {
    assert.equal(canonicalKey('HKLM\\Software\\Microsoft\\'), canonicalKey('HKEY_LOCAL_MACHINE\\SOFTWARE\\MICROSOFT'));
  });
});
