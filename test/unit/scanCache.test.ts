import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { ScanStats, emptyScanStats } from '../../server/src/engine/scan/scanStats';
import { CachedAnalysis } from '../../server/src/engine/scan/scanCache';
import { ScanCacheFile } from '../../server/src/node/scanCacheFile';
import { normalizePath } from '../../server/src/engine/project/paths';
import { isContextFile } from '../../server/src/engine/project/workspaceIndex';
import { REPO_ROOT } from '../support/engineHarness';
import { allFixtureWorkspaces, scanAsText } from '../support/scanWorkspaces';

/** Every file under a folder, sorted. */
function walk(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const full = join(dir, name);
      return statSync(full).isDirectory() ? walk(full) : [full];
    });
}

/** A cache file that notes which files' findings it served. */
class WatchedCache extends ScanCacheFile {
  readonly served = new Set<string>();

  override analysis(path: string, key: string): CachedAnalysis | undefined {
    const hit = super.analysis(path, key);
    if (hit) {
      this.served.add(path);
    }
    return hit;
  }
}

/**
 * One scan through a cache file; returns what the user sees, the statistics, any warning about the cache, and the files
 * (relative to `dir`) whose findings came from the cache.
 */
async function cachedScan(dir: string, cacheFile: string, tool = 'test-build'): Promise<{ text: string; stats: ScanStats; warnings: string[]; served: Set<string> }> {
  const warnings: string[] = [];
  const stats = emptyScanStats();
  const cache = new WatchedCache(cacheFile, tool, 'default settings', (w) => warnings.push(w));
  const text = await scanAsText(dir, { cache, stats });
  cache.save((w) => warnings.push(w));
  return { text, stats, warnings, served: new Set([...cache.served].map((p) => relative(dir, p))) };
}

/** A copy of samples/ where the console app's target comes from a Directory.Build.props and its deploy script dot-sources a helper. */
function workspace(): { dir: string; file: (rel: string) => string; edit: (rel: string, change: (t: string) => string) => void } {
  const dir = join(mkdtempSync(join(tmpdir(), 'dtls-cache-')), 'solution');
  cpSync(join(REPO_ROOT, 'samples'), dir, { recursive: true });
  const file = (rel: string): string => join(dir, ...rel.split('/'));
  const edit = (rel: string, change: (t: string) => string): void => {
    const before = readFileSync(file(rel), 'utf8');
    const after = change(before);
    assert.notEqual(after, before, `the edit of ${rel} changes nothing`);
    writeFileSync(file(rel), after);
  };
  edit('ContosoCrmSync/ContosoCrmSync.csproj', (t) => t.replace(/<TargetFrameworkVersion>v4\.5\.2<\/TargetFrameworkVersion>/, ''));
  writeFileSync(file('ContosoCrmSync/Directory.Build.props'), '<Project>\r\n  <PropertyGroup>\r\n    <TargetFrameworkVersion>v4.5.2</TargetFrameworkVersion>\r\n  </PropertyGroup>\r\n</Project>\r\n');
  writeFileSync(file('scripts/Use-Tls.ps1'), '# Shared set-up for the deploy scripts.\r\n$ErrorActionPreference = "Stop"\r\n');
  edit('scripts/Deploy-Solution.ps1', (t) => t.replace('Import-Module Microsoft.Xrm.Tooling.CrmConnector.PowerShell', '. "$PSScriptRoot\\Use-Tls.ps1"\r\nImport-Module Microsoft.Xrm.Tooling.CrmConnector.PowerShell'));
  return { dir, file, edit };
}

/** The files whose findings differ between two scans (as scanAsText renders them). */
function changedFiles(a: string, b: string, dir: string): string[] {
  const byFile = (text: string): Map<string, string[]> => {
    const out = new Map<string, string[]>();
    for (const f of (JSON.parse(text) as { findings: string[] }).findings) {
      const path = relative(dir, (JSON.parse(f) as { path: string }).path);
      out.set(path, [...(out.get(path) ?? []), f]);
    }
    return out;
  };
  const [x, y] = [byFile(a), byFile(b)];
  return [...new Set([...x.keys(), ...y.keys()])].filter((p) => JSON.stringify(x.get(p)) !== JSON.stringify(y.get(p))).sort();
}

describe('scan --cache', () => {
  it('gives the same findings, skipped files and suppressions with and without the cache, cold and warm, on every fixture', async () => {
    const cacheFile = join(mkdtempSync(join(tmpdir(), 'dtls-cache-all-')), 'cache.json');
    const differ: string[] = [];
    let fromCache = 0;
    for (const ws of allFixtureWorkspaces()) {
      const plain = await scanAsText(ws);
      const cold = await cachedScan(ws, cacheFile);
      const warm = await cachedScan(ws, cacheFile);
      fromCache += warm.stats.cached.findings;
      if (cold.text !== plain || warm.text !== plain || warm.stats.cached.findings !== warm.stats.analysed) {
        differ.push(relative(REPO_ROOT, ws));
      }
    }
    assert.deepEqual(differ, []);
    assert.ok(fromCache > 500, `only ${fromCache} files' findings came from the cache`);
  });

  it('gives what a scan without the cache gives after any one context file of any fixture is deleted or retargeted', async () => {
    const differ: string[] = [];
    let mutated = 0;
    for (const ws of allFixtureWorkspaces()) {
      const contextFiles = walk(ws).filter((p) => isContextFile(normalizePath(p)));
      for (const victim of contextFiles.slice(0, 2)) {
        const copy = join(mkdtempSync(join(tmpdir(), 'dtls-cache-sweep-')), 'ws');
        cpSync(ws, copy, { recursive: true });
        const cacheFile = join(copy, '..', 'cache.json');
        await cachedScan(copy, cacheFile);
        const target = join(copy, relative(ws, victim));
        const text = readFileSync(target, 'utf8');
        const retargeted = text.replace(/v4\.5\.2|v4\.0|net452|v4\.8\b/, (v) => (v === 'v4.8' ? 'v4.5.2' : 'v4.8'));
        if (retargeted !== text) {
          writeFileSync(target, retargeted);
        } else {
          rmSync(target);
        }
        mutated++;
        if ((await cachedScan(copy, cacheFile)).text !== (await scanAsText(copy))) {
          differ.push(`${relative(REPO_ROOT, victim)} ${retargeted !== text ? 'retargeted' : 'deleted'}`);
        }
      }
    }
    assert.deepEqual(differ, []);
    assert.ok(mutated > 500, `only ${mutated} context files changed`);
  });

  /** Files of the other projects: no change in ContosoCrmSync's context touches their findings. */
  const otherProjects = ['ContosoPlugins/AccountPreCreate.cs', 'ContosoPlugins/ContosoPlugins.csproj', 'ContosoPortal/ContosoPortal.csproj', 'ContosoPortal/Web.config'];
  for (const [what, rel, change, affected, unrelated] of [
    ['a project file', 'ContosoCrmSync/ContosoCrmSync.csproj', (t: string) => t.replace('<OutputType>Exe</OutputType>', '<OutputType>Exe</OutputType>\r\n    <TargetFrameworkVersion>v4.8</TargetFrameworkVersion>'), 'ContosoCrmSync/Program.cs', otherProjects],
    ['a props file', 'ContosoCrmSync/Directory.Build.props', (t: string) => t.replace('v4.5.2', 'v4.8'), 'ContosoCrmSync/Program.cs', otherProjects],
    ['a config file', 'ContosoCrmSync/App.config', (t: string) => t.replace('https://contoso.crm.dynamics.com', 'https://crm.contoso.local'), 'ContosoCrmSync/Program.cs', otherProjects],
    ['a dot-sourced script', 'scripts/Use-Tls.ps1', (t: string) => `${t}[Net.ServicePointManager]::SecurityProtocol = [Net.SecurityProtocolType]::Tls12\r\n`, 'scripts/Deploy-Solution.ps1', ['ContosoCrmSync/Program.cs', 'ContosoCrmSync/App.config', ...otherProjects]],
  ] as const) {
    it(`re-analyses exactly the files that depend on ${what} when it changes (and gives what a scan without the cache gives)`, async () => {
      const ws = workspace();
      const cacheFile = join(ws.dir, '..', 'cache.json');
      const before = await cachedScan(ws.dir, cacheFile);
      const again = await cachedScan(ws.dir, cacheFile);
      assert.equal(again.text, before.text);
      assert.equal(again.stats.cached.findings, again.stats.analysed);
      ws.edit(rel, change);
      const after = await cachedScan(ws.dir, cacheFile);
      assert.equal(after.text, await scanAsText(ws.dir));
      // The change matters beyond the changed file: a file whose own text did not change has other findings now.
      assert.ok(changedFiles(before.text, after.text, ws.dir).includes(affected), changedFiles(before.text, after.text, ws.dir).join());
      assert.ok(after.stats.cached.findings < after.stats.analysed);
      assert.equal(after.served.has(affected), false, `${affected} was served from the cache`);
      // Files whose context did not change are served from the cache.
      assert.deepEqual(unrelated.filter((f) => !after.served.has(f)), []);
      // Facts of unchanged source files still come from the cache.
      assert.ok(after.stats.cached.facts > 0);
      assert.deepEqual(after.warnings, []);
    });
  }

  it('re-analyses only the edited file when its facts stay the same', async () => {
    const ws = workspace();
    const cacheFile = join(ws.dir, '..', 'cache.json');
    await cachedScan(ws.dir, cacheFile);
    ws.edit('ContosoCrmSync/Program.cs', (t) => `${t}// a comment after the last evidence offset\r\n`);
    const after = await cachedScan(ws.dir, cacheFile);
    assert.equal(after.text, await scanAsText(ws.dir));
    assert.equal(after.stats.cached.findings, after.stats.analysed - 1);
  });

  it('writes the cache file only when a run would change it: not after a warm run that used every entry and stored none', async () => {
    const ws = workspace();
    const cacheFile = join(ws.dir, '..', 'cache.json');
    const identity = (): string => {
      const st = statSync(cacheFile, { bigint: true });
      return `${st.ino}:${st.mtimeNs}:${st.size}`;
    };
    await cachedScan(ws.dir, cacheFile);
    const written = readFileSync(cacheFile, 'utf8');
    const before = identity();
    const warm = await cachedScan(ws.dir, cacheFile);
    assert.equal(warm.stats.cached.findings, warm.stats.analysed);
    assert.equal(identity(), before, 'a warm run that changed nothing rewrote the cache file');
    assert.equal(readFileSync(cacheFile, 'utf8'), written);
    // A file removed that nothing else depends on: this run stores nothing, but the file is written without its entry.
    assert.ok(written.includes('EnableStrongCrypto.reg'));
    rmSync(ws.file('registry/EnableStrongCrypto.reg'));
    const fewer = await cachedScan(ws.dir, cacheFile);
    assert.equal(fewer.stats.cached.findings, fewer.stats.analysed);
    assert.notEqual(identity(), before);
    assert.equal(fewer.text, await scanAsText(ws.dir));
    assert.ok(!readFileSync(cacheFile, 'utf8').includes('EnableStrongCrypto.reg'), 'the removed file is still in the cache file');
    // A file edited: its new entries are stored, so the file is written.
    const afterRemoval = identity();
    ws.edit('ContosoCrmSync/Program.cs', (t) => `${t}// one more line\r\n`);
    await cachedScan(ws.dir, cacheFile);
    assert.notEqual(identity(), afterRemoval);
    // Another build's cache is replaced even when this run would store nothing new in it.
    const empty = join(mkdtempSync(join(tmpdir(), 'dtls-cache-empty-')), 'nothing');
    mkdirSync(empty);
    const otherCache = join(empty, '..', 'cache.json');
    await cachedScan(empty, otherCache, 'another-build');
    assert.ok(readFileSync(otherCache, 'utf8').includes('"tool":"another-build"'));
    await cachedScan(empty, otherCache, 'test-build');
    assert.ok(readFileSync(otherCache, 'utf8').includes('"tool":"test-build"'), 'the other build\'s cache file was left as it was');
  });

  for (const [what, content, message] of [
    ['not JSON', '{"format": "dynamics-tls-readiness scan cache", "layout": 1, ', /not valid JSON/],
    ['foreign', JSON.stringify({ version: '9.1', results: {} }), /not a dynamics-tls-readiness scan cache/],
    ['damaged', JSON.stringify({ format: 'dynamics-tls-readiness scan cache', layout: 1, tool: 'test-build', settings: 'default settings', facts: [], analyses: 3 }), /damaged/],
  ] as const) {
    it(`ignores a ${what} cache file with a message, never trusting it, and replaces it`, async () => {
      const ws = workspace();
      const cacheFile = join(ws.dir, '..', 'cache.json');
      writeFileSync(cacheFile, content);
      const run = await cachedScan(ws.dir, cacheFile);
      assert.equal(run.warnings.length, 1);
      assert.match(run.warnings[0] ?? '', message);
      assert.equal(run.text, await scanAsText(ws.dir));
      assert.equal(run.stats.cached.findings, 0);
      const next = await cachedScan(ws.dir, cacheFile);
      assert.deepEqual(next.warnings, []);
      assert.equal(next.stats.cached.findings, next.stats.analysed);
    });
  }

  it('never uses an entry whose stored findings were tampered into another shape, nor one of another build', async () => {
    const ws = workspace();
    const cacheFile = join(ws.dir, '..', 'cache.json');
    await cachedScan(ws.dir, cacheFile);
    const json = JSON.parse(readFileSync(cacheFile, 'utf8')) as { analyses: Record<string, { value: { findings: unknown[] } }> };
    for (const e of Object.values(json.analyses)) {
      e.value.findings = [{ ruleId: 'TLS999' }];
    }
    writeFileSync(cacheFile, JSON.stringify(json));
    const run = await cachedScan(ws.dir, cacheFile);
    assert.equal(run.text, await scanAsText(ws.dir));
    assert.equal(run.stats.cached.findings, 0);
    const otherBuild = await cachedScan(ws.dir, cacheFile, 'another-build');
    assert.equal(otherBuild.stats.cached.findings, 0);
    assert.deepEqual(otherBuild.warnings, []);
  });
});
