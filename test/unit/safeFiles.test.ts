import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, renameSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { writeFileEdits } from '../../server/src/engine/fixes/writeFixes';
import { FileRefusal } from '../../server/src/engine/scan/fileSystemPort';
import { readTextFile } from '../../server/src/engine/scan/workspaceScan';
import { cliFileSystem, nodeFileSystem } from '../../server/src/node/nodeFileSystem';
import { readRegularFile } from '../../server/src/node/safeFiles';

function folder(): string {
  return mkdtempSync(join(tmpdir(), 'dtls-safe-'));
}

async function refusal(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof FileRefusal, String(e));
    return e.reason;
  }
  assert.fail('expected a refusal');
}

describe('reading: open, then check the handle; bounded whatever the file claims', () => {
  it('a FIFO (no writer) is refused at once, never waited on', async () => {
    const fifo = join(folder(), 'App.csproj');
    assert.equal(spawnSync('mkfifo', [fifo]).status, 0);
    assert.match(await refusal(readRegularFile(fifo, 1024)), /not a regular file \(a FIFO/);
    // Found as a file, a FIFO when read: the run could not read what it should have, so it is incomplete.
    assert.deepEqual(await readTextFile(nodeFileSystem, fifo, 1024), { reason: 'not a regular file (a FIFO; never read)', incomplete: true });
  });

  it('a link to /dev/zero is refused as a device; a folder as a folder', async () => {
    const link = join(folder(), 'Zero.cs');
    symlinkSync('/dev/zero', link);
    assert.match(await refusal(readRegularFile(link, 1024)), /not a regular file \(a device/);
    assert.match(await refusal(readRegularFile(tmpdir(), 1024)), /not a regular file \(a folder/);
  });

  it('the CLI reads every file into one reused buffer: each text is decoded before the next read, refusals are the same', async () => {
    const dir = folder();
    const files: [string, Buffer][] = [
      ['Big.cs', Buffer.from('class Big { }\n'.repeat(8000))],
      ['Small.cs', Buffer.from('// é small\n')],
      ['Bom.csproj', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('<Project />\n')])],
      ['Wide.config', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('<configuration />', 'utf16le')])],
      ['Binary.cs', Buffer.from([0x4d, 0x5a, 0x00, 0x01, 0x02, 0x00, 0x00, 0x7f])],
      ['Empty.cs', Buffer.alloc(0)],
      ['Capped.cs', Buffer.from('x'.repeat(300 * 1024))],
    ];
    for (const [name, bytes] of files) {
      writeFileSync(join(dir, name), bytes);
    }
    const fifo = join(dir, 'Fifo.cs');
    assert.equal(spawnSync('mkfifo', [fifo]).status, 0);
    const reads = [];
    for (const name of [...files.map(([n]) => n), 'Fifo.cs', 'Missing.cs', 'Small.cs', 'Big.cs']) {
      const path = join(dir, name);
      const read = await readTextFile(cliFileSystem, path, 256 * 1024);
      assert.deepEqual(read, await readTextFile(nodeFileSystem, path, 256 * 1024), name);
      reads.push(read);
    }
    // The texts read first are still whole after the buffer was reused (they were copied out of it).
    assert.deepEqual(reads[0], { text: 'class Big { }\n'.repeat(8000) });
    assert.deepEqual(reads[1], { text: '// é small\n' });
    assert.deepEqual(reads[3], { text: '<configuration />' });
    assert.deepEqual(reads[4], { reason: 'binary file' });
    assert.match((reads[6] as { reason: string }).reason, /larger than the 256 KB size cap/);
  });

  it('reads stop at the cap even when the size said was smaller (a file that grows while read)', async () => {
    const path = join(folder(), 'Grows.cs');
    writeFileSync(path, 'x'.repeat(100));
    assert.equal((await readRegularFile(path, 100)).bytes.length, 100);
    assert.match(await refusal(readRegularFile(path, 99)), /larger than the 0 KB size cap/);
  });
});

describe('writing a fix: re-checked right before the write, so a swap is refused, not followed', () => {
  const text = '<Project><PropertyGroup><TargetFrameworkVersion>v4.5.2</TargetFrameworkVersion></PropertyGroup></Project>\n';
  const at = text.indexOf('v4.5.2');
  const edits = [{ range: { start: { line: 0, character: at }, end: { line: 0, character: at + 6 } }, newText: 'v4.8' }];

  it('a file swapped for a link to a file outside between reading and writing: refused, the outside file untouched', async () => {
    const ws = folder();
    const outside = join(folder(), 'Outside.csproj');
    writeFileSync(outside, text);
    const path = join(ws, 'App.csproj');
    writeFileSync(path, text);
    const target = await nodeFileSystem.readForFix(path, [ws], 1 << 20);
    unlinkSync(path);
    symlinkSync(outside, path);
    assert.match(await refusal(nodeFileSystem.replaceFile(target, Buffer.from('changed'))), /symbolic link now|changed or was replaced/);
    assert.equal(readFileSync(outside, 'utf8'), text);
  });

  it('a file replaced by another (same bytes, new inode) between reading and writing: refused', async () => {
    const ws = folder();
    const path = join(ws, 'App.csproj');
    writeFileSync(path, text);
    const target = await nodeFileSystem.readForFix(path, [ws], 1 << 20);
    writeFileSync(join(ws, 'other'), text);
    renameSync(join(ws, 'other'), path);
    assert.match(await refusal(nodeFileSystem.replaceFile(target, Buffer.from('changed'))), /changed or was replaced since it was analysed/);
    assert.equal(readFileSync(path, 'utf8'), text);
  });

  it('a link inside the folder to a file inside is written at its target: the link stays a link', async () => {
    const ws = folder();
    writeFileSync(join(ws, 'Real.csproj'), text);
    symlinkSync(join(ws, 'Real.csproj'), join(ws, 'App.csproj'));
    const r = await writeFileEdits(nodeFileSystem, join(ws, 'App.csproj'), edits, text, false, [ws]);
    assert.equal(r.status, 'changed');
    assert.match(readFileSync(join(ws, 'Real.csproj'), 'utf8'), /v4\.8/);
    assert.equal(spawnSync('test', ['-L', join(ws, 'App.csproj')]).status, 0);
  });

  it('a link out of the given folders is refused with its target named', async () => {
    const ws = folder();
    const outside = join(folder(), 'Outside.csproj');
    writeFileSync(outside, text);
    symlinkSync(outside, join(ws, 'App.csproj'));
    const r = await writeFileEdits(nodeFileSystem, join(ws, 'App.csproj'), edits, text, false, [ws]);
    assert.equal(r.status, 'refused');
    assert.equal(r.reason, `it resolves to ${outside}, outside the folders given to fix; not written`);
    assert.equal(readFileSync(outside, 'utf8'), text);
  });
});
