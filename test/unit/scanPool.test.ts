import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createAnalyzer } from '../../server/src/engine/engine';
import { inProcessWork } from '../../server/src/engine/scan/scanWork';
import { ScanCacheFile } from '../../server/src/node/scanCacheFile';
import { ScanWorkerPool } from '../../server/src/node/scanPool/workerPool';
import { REPO_ROOT, backend } from '../support/engineHarness';
import { allFixtureWorkspaces, scanAsText } from '../support/scanWorkspaces';
import { slowToParse } from '../support/slowToParse';
import { CRASHING_WORKER_ENTRY, CRASH_EXIT_CODE, CRASH_MARKER } from '../support/workerCrash';

/** A script that is no scan worker (it ends at once): what a pool meets where worker threads cannot run its entry. */
const NOT_A_WORKER = join(REPO_ROOT, 'out', 'test', 'support', 'workerCrash.js');

/** The compiled server entry: what the language server's pool starts its workers on. */
const SERVER_ENTRY = join(REPO_ROOT, 'out', 'server', 'src', 'lsp', 'main.js');

/** A pool for these tests: `workers` threads started at once, this thread taking jobs too unless told otherwise. */
async function pool(entry: string, workers: number, useThisThread: boolean): Promise<ScanWorkerPool> {
  const local = inProcessWork(createAnalyzer(await backend()));
  const p = new ScanWorkerPool({ workers, useThisThread, entry, parser: 'wasm', local });
  await p.ready();
  return p;
}

describe('scan worker pool (--jobs)', () => {
  let shared: ScanWorkerPool;
  before(async () => {
    shared = await pool(SERVER_ENTRY, 2, true);
  });
  after(() => shared.close());

  it('gives the same findings, skipped files and suppressions in process and on three threads, with and without the cache, on every fixture', async () => {
    const workspaces = allFixtureWorkspaces();
    assert.ok(workspaces.length > 100, `only ${workspaces.length} workspaces found`);
    const cacheFile = join(mkdtempSync(join(tmpdir(), 'dtls-pool-cache-')), 'cache.json');
    const differ: string[] = [];
    for (const ws of workspaces) {
      const inProcess = await scanAsText(ws);
      const pooled = await scanAsText(ws, { work: (a) => shared.useLocal(inProcessWork(a)) });
      const runs = [pooled];
      for (let i = 0; i < 2; i++) {
        const cache = new ScanCacheFile(cacheFile, 'test-build', 'default settings', () => undefined);
        runs.push(await scanAsText(ws, { cache, work: (a) => shared.useLocal(inProcessWork(a)) }));
        cache.save(() => undefined);
      }
      if (runs.some((r) => r !== inProcess)) {
        differ.push(relative(REPO_ROOT, ws));
      }
    }
    assert.deepEqual(differ, []);
  });

  it('does the work in this thread when its workers cannot start, with the same findings', async () => {
    const local = inProcessWork(createAnalyzer(await backend()));
    const broken = new ScanWorkerPool({ workers: 2, useThisThread: false, entry: NOT_A_WORKER, parser: 'wasm', local });
    try {
      const samples = join(REPO_ROOT, 'samples');
      assert.equal(await scanAsText(samples, { work: (a) => broken.useLocal(inProcessWork(a)) }), await scanAsText(samples));
      assert.equal(broken.workersStarted, 2, 'it tried');
      await broken.ready();
    } finally {
      await broken.close();
    }
  });

  it('counts copies of one text once towards starting its workers', async () => {
    const local = inProcessWork(createAnalyzer(await backend()));
    const lazy = new ScanWorkerPool({ workers: 1, useThisThread: true, startAfter: 3000, entry: SERVER_ENTRY, parser: 'wasm', local });
    try {
      const module = `${'# vendored module\n'.repeat(60)}Get-CrmConnection -InteractiveMode\n`;
      assert.ok(module.length > 1000 && module.length < 3000);
      // Six copies of a vendored module: 6 × its length is past the threshold, its one text is not.
      for (let i = 0; i < 6; i++) {
        await lazy.facts(`/ws/Task${i}/ps_modules/Crm.psm1`, module, false);
      }
      assert.equal(lazy.workersStarted, 0, 'copies of one text do not start the workers');
      // A second text passes the threshold: the workers start.
      await lazy.facts('/ws/Other.psm1', `${module}# another\n`.repeat(2), false);
      assert.equal(lazy.workersStarted, 1);
      await lazy.ready();
    } finally {
      await lazy.close();
    }
  });

  it('reports a file whose worker stopped, or whose parse failed in a worker, as skipped with the reason, and the run goes on', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dtls-pool-crash-'));
    cpSync(join(REPO_ROOT, 'samples'), dir, { recursive: true });
    writeFileSync(join(dir, 'ContosoCrmSync', 'Crash.cs'), `// ${CRASH_MARKER}\nclass Crash { object c = new Microsoft.Xrm.Tooling.Connector.CrmServiceClient("x"); }\n`);
    const [slow] = slowToParse();
    writeFileSync(join(dir, 'ContosoCrmSync', slow?.file ?? 'Slow.cs'), slow?.text ?? '');
    const crashing = await pool(CRASHING_WORKER_ENTRY, 2, false);
    try {
      const inProcess = JSON.parse(await scanAsText(dir)) as { findings: string[]; skipped: string[] };
      const pooled = JSON.parse(await scanAsText(dir, { work: (a) => crashing.useLocal(inProcessWork(a)) })) as { findings: string[]; skipped: string[] };
      const crashed = pooled.skipped.map((s) => JSON.parse(s) as { path: string; reason: string; incomplete?: true }).find((s) => s.path.endsWith('/Crash.cs'));
      assert.deepEqual(crashed && { reason: crashed.reason, incomplete: crashed.incomplete }, { reason: `the analysis worker stopped while working on this file (exit code ${CRASH_EXIT_CODE})`, incomplete: true });
      const slowSkip = (x: { skipped: string[] }): string | undefined => x.skipped.find((s) => s.includes('/Slow.cs'));
      assert.match(slowSkip(pooled) ?? '', /too complex to analyse \(parsing it takes more than/);
      assert.equal(slowSkip(pooled), slowSkip(inProcess));
      // Every other file's findings are those of the scan in process (the crashed file's own are missing, as it was skipped).
      const notCrash = (xs: string[]): string[] => xs.filter((f) => !f.includes('/Crash.cs"'));
      assert.deepEqual(notCrash(pooled.findings), notCrash(inProcess.findings));
      // The pool replaced the stopped worker and goes on serving scans.
      assert.equal(await scanAsText(join(REPO_ROOT, 'samples'), { work: (a) => crashing.useLocal(inProcessWork(a)) }), await scanAsText(join(REPO_ROOT, 'samples')));
    } finally {
      await crashing.close();
    }
  });
});
