import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createAnalyzer } from '../../server/src/engine/engine';
import { normalizePath } from '../../server/src/engine/project/paths';
import { DEFAULT_EXCLUDES } from '../../server/src/engine/scan/excludes';
import { ProgressPacer, ScanProgress } from '../../server/src/engine/scan/progressPacer';
import { ScanOptions, ScanResult, scanWorkspace } from '../../server/src/engine/scan/workspaceScan';
import { nodeFileSystem } from '../../server/src/node/nodeFileSystem';
import { backend } from '../support/engineHarness';

const PROJECTS = 100;
const FILES_PER_PROJECT = 200;
const TOTAL_FILES = PROJECTS * FILES_PER_PROJECT;

/** Generates 20,000 files: 100 legacy Dynamics console apps (project + Program.cs) with 198 plain C# files each. */
function generateLargeWorkspace(): string {
  const root = mkdtempSync(join(tmpdir(), 'dtls-large-'));
  for (let p = 0; p < PROJECTS; p++) {
    const dir = join(root, `App${String(p).padStart(3, '0')}`);
    mkdirSync(dir);
    writeFileSync(
      join(dir, 'App.csproj'),
      '<Project ToolsVersion="15.0" xmlns="http://schemas.microsoft.com/developer/msbuild/2003">\n' +
        '  <PropertyGroup><OutputType>Exe</OutputType><TargetFrameworkVersion>v4.5.2</TargetFrameworkVersion></PropertyGroup>\n' +
        '  <ItemGroup><Reference Include="Microsoft.Xrm.Tooling.Connector" /><Compile Include="**\\*.cs" /></ItemGroup>\n' +
        '</Project>\n',
    );
    writeFileSync(join(dir, 'Program.cs'), 'using Microsoft.Xrm.Tooling.Connector;\nclass P { static void Main() { var c = new CrmServiceClient("x"); } }\n');
    for (let f = 0; f < FILES_PER_PROJECT - 2; f++) {
      writeFileSync(join(dir, `Model${f}.cs`), `namespace App${p} { internal sealed class Model${f} { public int Value { get; set; } } }\n`);
    }
  }
  return root;
}

async function scan(root: string, options: Partial<ScanOptions>): Promise<{ result: ScanResult; events: ScanProgress[] }> {
  const events: ScanProgress[] = [];
  const analyzer = createAnalyzer(await backend());
  const result = await scanWorkspace(nodeFileSystem, analyzer, {
    roots: [normalizePath(root)],
    excludes: DEFAULT_EXCLUDES,
    maxFileSizeKB: 2048,
    ...options,
    onProgress: (p) => {
      events.push(p);
      options.onProgress?.(p);
    },
  });
  return { result, events };
}

function phase(events: readonly ScanProgress[], name: ScanProgress['phase']): ScanProgress[] {
  return events.filter((e) => e.phase === name);
}

describe('scan progress and cancellation on a generated 20,000-file workspace', () => {
  let root = '';
  before(() => {
    root = generateLargeWorkspace();
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('reports progress in every phase, with counts that only grow, up to every file', async () => {
    const { result, events } = await scan(root, { progressIntervalMs: 0 });
    assert.equal(result.cancelled, false);
    const discover = phase(events, 'discover');
    assert.equal(discover[discover.length - 1]?.done, TOTAL_FILES, 'discovery counts every file found');
    const read = phase(events, 'read');
    assert.ok(read.every((e) => e.total === TOTAL_FILES));
    assert.ok(read.every((e, i) => i === 0 || e.done >= (read[i - 1]?.done ?? 0)), 'read counts only grow');
    assert.equal(read.length, TOTAL_FILES + 1, 'with no interval, one report per file read (and the phase start)');
    const analyse = phase(events, 'analyse');
    const last = analyse[analyse.length - 1];
    assert.ok(last && last.done === last.total, 'the last report says every candidate was analysed');
    assert.equal(result.files.length, PROJECTS * 2, 'projects and the files that mention a trigger token are analysed');
    assert.equal(result.findings.filter((f) => f.ruleId === 'TLS001').length, PROJECTS);
  });

  it('cancelling while files are read stops the scan at once and judges nothing on a half-built index', async () => {
    let cancelled = false;
    let readAfterCancel = 0;
    const { result } = await scan(root, {
      progressIntervalMs: 0,
      isCancelled: () => cancelled,
      onProgress: (p) => {
        if (p.phase === 'read' && cancelled) {
          readAfterCancel++;
        }
        if (p.phase === 'read' && p.done >= 5000) {
          cancelled = true;
        }
      },
    });
    assert.equal(result.cancelled, true);
    assert.equal(readAfterCancel, 0, 'no file is read after the cancel');
    assert.equal(result.files.length, 0);
    assert.deepEqual(result.findings, []);
  });

  it('cancelling while files are analysed stops the scan and keeps the findings of the files analysed', async () => {
    let cancelled = false;
    let highest = 0;
    const { result } = await scan(root, {
      progressIntervalMs: 0,
      isCancelled: () => cancelled,
      onProgress: (p) => {
        if (p.phase === 'analyse') {
          highest = Math.max(highest, p.done);
          cancelled ||= p.done >= 50;
        }
      },
    });
    assert.equal(result.cancelled, true);
    // The cancel arrives while the 51st file is about to be analysed: that file finishes, no other starts.
    assert.equal(highest, 51, 'no file is analysed after the one in progress when the cancel came');
    assert.ok(result.files.length > 0 && result.files.length <= 51, `${result.files.length} files analysed before the cancel`);
    assert.ok(result.findings.length > 0, 'what was found is kept');
    const analysed = new Set(result.files);
    assert.ok(result.findings.every((f) => analysed.has(f.path)), 'findings only of analysed files');
  });
});

describe('ProgressPacer', () => {
  it('reports at most once per interval unless forced, and yields to the event loop when it has run a while', async () => {
    let now = 0;
    const seen: number[] = [];
    const pacer = new ProgressPacer((p) => seen.push(p.done), 100, () => now);
    for (now = 0; now <= 1000; now += 10) {
      pacer.report({ phase: 'read', done: now, total: 1000 });
    }
    assert.deepEqual(seen, [0, 100, 200, 300, 400, 500, 600, 700, 800, 900, 1000]);
    pacer.report({ phase: 'analyse', done: 1, total: 1 }, true);
    assert.equal(seen[seen.length - 1], 1, 'a forced report is never held back');
    let ran = false;
    setImmediate(() => (ran = true));
    now += 20;
    await pacer.breathe();
    assert.equal(ran, true, 'breathe() let pending callbacks run');
  });
});
