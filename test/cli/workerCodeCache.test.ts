import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { REPO_ROOT } from '../support/engineHarness';
import { ONE_WORKER_FILES, largeSolution } from '../support/largeSolution';

/** Runs `node dist/cli.js …` with the V8 code cache in `cacheDir` (or turned off). */
function run(args: readonly string[], cacheDir: string | 'off'): { status: number | null; stdout: string; stderr: string } {
  const env = { ...process.env, ...(cacheDir === 'off' ? { DTLS_CODE_CACHE: 'off' } : { DTLS_CODE_CACHE_DIR: cacheDir, DTLS_CODE_CACHE: '' }) };
  const r = spawnSync(process.execPath, [join(REPO_ROOT, 'dist', 'cli.js'), ...args], { encoding: 'utf8', env, maxBuffer: 64 * 1024 * 1024 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The one cache file in a folder whose name matches (the main thread's or the workers'). */
function cacheFileIn(dir: string, pattern: RegExp): string {
  const files = readdirSync(dir).filter((n) => pattern.test(n));
  assert.equal(files.length, 1, `one ${String(pattern)} file in ${dir}: ${readdirSync(dir).join(', ')}`);
  return join(dir, files[0] ?? '');
}

const MAIN_FILE = /^cli-main-[0-9a-f]+\.bin$/;
const WORKER_FILE = /^cli-main\.worker-[0-9a-f]+\.bin$/;

/** A file's identity: a cache file is replaced by renaming a new one into place, so a rewrite changes it. */
const identity = (file: string): string => {
  const s = statSync(file);
  return `${s.ino}:${s.mtimeMs}`;
};

describe('the code cache of the scan pool\'s worker threads', () => {
  const big = largeSolution(ONE_WORKER_FILES);
  const scanArgs = ['scan', big, '--format', 'json', '--fail-on', 'none', '--jobs', '2'];
  const plain = run(scanArgs, 'off');
  /** A scan with two threads: the same output as without any code cache, nothing on stderr. */
  const scan = (dir: string): void => {
    const r = run(scanArgs, dir);
    assert.deepEqual([r.status, r.stdout, r.stderr], [0, plain.stdout, '']);
  };

  it('is written under the flags the workers run with at the end of a scan that started one, and then used as it is', () => {
    assert.equal(plain.status, 0, plain.stderr);
    const stats = run([...scanArgs, '--stats'], 'off');
    assert.match(stats.stderr, /summed over 2 thread\(s\)/, 'the scan started a worker');
    const dir = mkdtempSync(join(tmpdir(), 'dtls-worker-cache-'));
    scan(dir);
    const file = cacheFileIn(dir, WORKER_FILE);
    assert.equal(readFileSync(file).subarray(0, 8).toString(), 'DTLSV8C2');
    const written = identity(file);
    scan(dir);
    // The worker accepted it (V8 took the data under the worker's flags), so nothing asked for it to be written again.
    assert.equal(identity(file), written, 'the accepted worker cache is left as it was');
  });

  it('is not written by a run that starts no worker', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dtls-worker-cache-none-'));
    const r = run(['scan', join(REPO_ROOT, 'samples'), '--format', 'json', '--fail-on', 'none', '--jobs', '1'], dir);
    assert.equal(r.status, 0, r.stderr);
    cacheFileIn(dir, MAIN_FILE);
    assert.deepEqual(readdirSync(dir).filter((n) => WORKER_FILE.test(n)), []);
  });

  for (const [what, bad] of [
    ['corrupt (garbage)', (_worker: Buffer, _main: Buffer): Buffer => Buffer.from('\u0000\u0001 not a code cache')],
    ['truncated (checksum wrong)', (worker: Buffer): Buffer => worker.subarray(0, worker.length - 100)],
    // Whole and for the same bundle, but made under the main thread's flags, which V8 refuses in a worker.
    ['refused by V8 (the main thread\'s data)', (_worker: Buffer, main: Buffer): Buffer => main],
  ] as const) {
    it(`ignores a worker cache that is ${what}: same output, no message, and replaces it with one the workers accept`, () => {
      const dir = mkdtempSync(join(tmpdir(), 'dtls-worker-cache-bad-'));
      scan(dir);
      const file = cacheFileIn(dir, WORKER_FILE);
      const badBytes = bad(readFileSync(file), readFileSync(cacheFileIn(dir, MAIN_FILE)));
      writeFileSync(file, badBytes);
      scan(dir);
      const after = readFileSync(file);
      assert.ok(!after.equals(badBytes), 'the bad worker cache was replaced');
      assert.equal(after.subarray(0, 8).toString(), 'DTLSV8C2');
      const replaced = identity(file);
      scan(dir);
      assert.equal(identity(file), replaced, 'the replacement is accepted');
    });
  }

  it('a worker cache copied in as the main thread\'s is refused there and replaced (each thread keeps its own)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dtls-worker-cache-swap-'));
    scan(dir);
    const main = cacheFileIn(dir, MAIN_FILE);
    copyFileSync(cacheFileIn(dir, WORKER_FILE), main);
    const swapped = readFileSync(main);
    scan(dir);
    assert.ok(!readFileSync(main).equals(swapped), 'the main thread refused the workers\' data and wrote its own');
  });
});
