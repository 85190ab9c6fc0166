import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Script } from 'node:vm';
import { REPO_ROOT } from '../support/engineHarness';
import { largeSolution } from '../support/largeSolution';

const SAMPLES = join(REPO_ROOT, 'samples');
const SCAN = ['scan', SAMPLES, '--format', 'json', '--fail-on', 'none'];

/** Runs `node dist/cli.js …` with the V8 code cache in `cacheDir` (or turned off). */
function run(args: readonly string[], cacheDir: string | 'off'): { status: number | null; stdout: string; stderr: string } {
  const env = { ...process.env, ...(cacheDir === 'off' ? { DTLS_CODE_CACHE: 'off' } : { DTLS_CODE_CACHE_DIR: cacheDir, DTLS_CODE_CACHE: '' }) };
  const r = spawnSync(process.execPath, [join(REPO_ROOT, 'dist', 'cli.js'), ...args], { encoding: 'utf8', env, maxBuffer: 64 * 1024 * 1024 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The one code cache file of the CLI bundle in a folder. */
function cacheFileIn(dir: string): string {
  const files = readdirSync(dir).filter((n) => /^cli-main-[0-9a-f]+\.bin$/.test(n));
  assert.equal(files.length, 1, `one cache file in ${dir}: ${readdirSync(dir).join(', ')}`);
  return join(dir, files[0] ?? '');
}

describe('the CLI\'s V8 code cache (dist/cli.js runs dist/cli-main.js through it)', () => {
  const plain = run(SCAN, 'off');

  it('is written by a scan and used by the next one (not rewritten), with the same output', () => {
    assert.equal(plain.status, 0, plain.stderr);
    const dir = mkdtempSync(join(tmpdir(), 'dtls-code-cache-'));
    const first = run(SCAN, dir);
    assert.deepEqual([first.status, first.stdout, first.stderr], [0, plain.stdout, '']);
    const file = cacheFileIn(dir);
    const written = readFileSync(file);
    assert.equal(written.subarray(0, 8).toString(), 'DTLSV8C2');
    const second = run(SCAN, dir);
    assert.deepEqual([second.status, second.stdout, second.stderr], [0, plain.stdout, '']);
    // V8 accepted the cache the scan left (its flags at exit matched a fresh process's), so nothing was written again.
    assert.ok(readFileSync(file).equals(written), 'the accepted cache is left as it was');
  });

  for (const [what, bytes] of [
    ['a corrupt cache file (garbage)', (): Buffer => Buffer.from('\u0000\u0001 not a code cache')],
    ['a truncated cache file (checksum wrong)', (valid: Buffer): Buffer => valid.subarray(0, valid.length - 100)],
    ['a foreign cache file (whole, but V8 data of another script)', (valid: Buffer): Buffer => {
      const foreign = new Script('"another script"').createCachedData();
      // The format mark and the writer's CPU time as they were, the checksum made for the foreign data.
      const cpu = valid.subarray(8, 12);
      const digest = spawnSync(process.execPath, ['-e', 'process.stdout.write(require("crypto").createHash("sha256").update(require("fs").readFileSync(0)).digest("hex"))'], { input: Buffer.concat([cpu, foreign]) }).stdout.toString();
      return Buffer.concat([valid.subarray(0, 12), Buffer.from(digest, 'hex'), foreign]);
    }],
  ] as const) {
    it(`ignores ${what}: same output, no message, and replaces it with a good one`, () => {
      const dir = mkdtempSync(join(tmpdir(), 'dtls-code-cache-bad-'));
      assert.equal(run(['--version'], dir).status, 0);
      const file = cacheFileIn(dir);
      const bad = bytes(readFileSync(file));
      writeFileSync(file, bad);
      const r = run(SCAN, dir);
      assert.deepEqual([r.status, r.stdout, r.stderr], [0, plain.stdout, '']);
      const after = readFileSync(file);
      assert.ok(!after.equals(bad), 'the bad cache file was replaced');
      assert.equal(after.subarray(0, 8).toString(), 'DTLSV8C2');
      const again = run(SCAN, dir);
      assert.deepEqual([again.status, again.stdout, again.stderr], [0, plain.stdout, '']);
      assert.ok(readFileSync(file).equals(after), 'the replacement is accepted');
    });
  }

  it('a cache written by a run that compiled little (--version) is replaced by a scan that took far more CPU, then kept', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dtls-code-cache-grow-'));
    assert.equal(run(['--version'], dir).status, 0);
    const file = cacheFileIn(dir);
    const small = readFileSync(file);
    const big = largeSolution();
    const scan = ['scan', big, '--format', 'json', '--fail-on', 'none', '--jobs', '1'];
    const first = run(scan, dir);
    assert.equal(first.status, 0, first.stderr);
    const grown = readFileSync(file);
    assert.ok(grown.length > small.length, `the scan's cache holds more (${grown.length} bytes against ${small.length})`);
    assert.ok(grown.readUInt32LE(8) > small.readUInt32LE(8), 'it records the larger run\'s CPU time');
    const again = run(scan, dir);
    assert.deepEqual([again.status, again.stdout], [0, first.stdout]);
    assert.ok(readFileSync(file).equals(grown), 'a scan of the same size leaves it as it is');
  });

  it('a cache written by a long run (its start-up code possibly flushed) is replaced by the next shorter run, then kept', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dtls-code-cache-long-'));
    const first = run(SCAN, dir);
    assert.equal(first.status, 0, first.stderr);
    const file = cacheFileIn(dir);
    const valid = readFileSync(file);
    // The same data, recorded as written by a run of 60 s of CPU (checksum made for it, as the writer makes it).
    const cpu = Buffer.alloc(4);
    cpu.writeUInt32LE(60_000, 0);
    const data = valid.subarray(44);
    const digest = spawnSync(process.execPath, ['-e', 'process.stdout.write(require("crypto").createHash("sha256").update(require("fs").readFileSync(0)).digest("hex"))'], { input: Buffer.concat([cpu, data]) }).stdout.toString();
    const long = Buffer.concat([valid.subarray(0, 8), cpu, Buffer.from(digest, 'hex'), data]);
    assert.equal(long.length, valid.length);
    writeFileSync(file, long);
    const second = run(SCAN, dir);
    assert.deepEqual([second.status, second.stdout, second.stderr], [0, plain.stdout, '']);
    const replaced = readFileSync(file);
    assert.ok(replaced.readUInt32LE(8) < 60_000, 'the shorter run wrote its own cache');
    const third = run(SCAN, dir);
    assert.deepEqual([third.status, third.stdout], [0, plain.stdout]);
    assert.ok(readFileSync(file).equals(replaced), 'and the next run of the same size keeps it');
  });

  it('runs the same when the cache folder cannot be written (a file stands where the folder would be)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dtls-code-cache-ro-'));
    const blocker = join(dir, 'not-a-folder');
    writeFileSync(blocker, 'x');
    const r = run(SCAN, join(blocker, 'code-cache'));
    assert.deepEqual([r.status, r.stdout, r.stderr], [0, plain.stdout, '']);
    assert.deepEqual(readdirSync(dir), ['not-a-folder']);
  });

  it('turned off, writes nothing', () => {
    const home = mkdtempSync(join(tmpdir(), 'dtls-code-cache-off-'));
    const r = spawnSync(process.execPath, [join(REPO_ROOT, 'dist', 'cli.js'), '--version'], { encoding: 'utf8', env: { ...process.env, XDG_CACHE_HOME: home, DTLS_CODE_CACHE: 'off', DTLS_CODE_CACHE_DIR: '' } });
    assert.equal(r.status, 0);
    assert.deepEqual(readdirSync(home), []);
  });
});
