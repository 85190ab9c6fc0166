import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { REPO_ROOT } from '../support/engineHarness';
import { ONE_WORKER_FILES, largeSolution } from '../support/largeSolution';
import { allFixtureWorkspaces } from '../support/scanWorkspaces';
import { runCli } from './cliRunner';

describe('scan --jobs (CLI)', () => {
  it('refuses a number of jobs that is not a whole number from 1 up, with the usage and exit code 2', () => {
    for (const bad of [['--jobs', '0'], ['--jobs', 'x'], ['--jobs', '-1'], ['--jobs', '2.5'], ['--jobs=99999'], ['--jobs']]) {
      const r = runCli(['scan', join(REPO_ROOT, 'samples'), ...bad]);
      assert.equal(r.status, 2, `${bad.join(' ')}: ${r.stderr}`);
      assert.equal(r.stdout, '');
      assert.match(r.stderr, /^tls-readiness: --jobs takes a whole number of threads from 1 to 256/);
      assert.match(r.stderr, /Usage:/);
    }
  });

  it('starts a single worker (--jobs 2) only past 1 MB of source to parse, two or more past 256 KB', () => {
    const threads = (dir: string, jobs: string): string => {
      const r = runCli(['scan', dir, '--format', 'json', '--fail-on', 'none', '--stats', '--jobs', jobs]);
      assert.equal(r.status, 0, r.stderr);
      return /summed over (\d+) thread\(s\)/.exec(r.stderr)?.[1] ?? '?';
    };
    const medium = largeSolution();
    assert.equal(threads(medium, '2'), '1', '~625 KB: a worker would cost more than it saves on two cores');
    assert.equal(threads(medium, '3'), '3');
    assert.equal(threads(largeSolution(ONE_WORKER_FILES), '2'), '2', '~1.25 MB: one worker starts');
  });

  it('writes byte-identical output with --jobs 1 and --jobs 3, with and without the cache, over a large solution, every fixture workspace and samples/', () => {
    const big = largeSolution();
    const roots = [big, ...allFixtureWorkspaces()];
    const cache = join(mkdtempSync(join(tmpdir(), 'dtls-jobs-cache-')), 'cache.json');
    const scan = (...flags: string[]): { stdout: string; stderr: string } => {
      const r = runCli(['scan', ...roots, '--format', 'json', '--fail-on', 'none', '--stats', ...flags]);
      assert.equal(r.status, 0, r.stderr);
      return r;
    };
    const one = scan('--jobs', '1');
    const three = scan('--jobs', '3');
    const cold = scan('--jobs', '3', '--cache-location', cache);
    const warm = scan('--jobs', '3', '--cache-location', cache);
    const warmOne = scan('--jobs', '1', '--cache-location', cache);
    assert.match(one.stderr, /summed over 1 thread\(s\)/);
    assert.match(three.stderr, /summed over 3 thread\(s\)/);
    assert.match(warm.stderr, /from the cache: facts of [1-9]\d* file\(s\), findings of [1-9]\d* file\(s\)/);
    const findings = (JSON.parse(one.stdout) as { findings: { path: string }[] }).findings;
    const bigFiles = new Set(findings.filter((f) => f.path.includes('/Big/Service')).map((f) => f.path));
    assert.ok(bigFiles.size >= 14, `the large solution's protocol writes are found in ${bigFiles.size} file(s)`);
    for (const [name, run] of Object.entries({ three, cold, warm, warmOne })) {
      assert.equal(run.stdout, one.stdout, `--jobs 1 and ${name} differ`);
    }
  });
});
