import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { REPO_ROOT } from '../support/engineHarness';
import { runCli } from './cliRunner';

/** The parts of a SARIF result these tests read. */
interface Result {
  ruleId: string;
  level: string;
  baselineState?: string;
  partialFingerprints?: Record<string, string>;
  suppressions?: { kind: string; justification?: string }[];
  locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[];
}

/** A copy of the samples (the legacy solution) in a fresh temporary folder, and a file inside it. */
function samplesCopy(): { dir: string; file: (rel: string) => string } {
  const dir = join(mkdtempSync(join(tmpdir(), 'dtls-baseline-')), 'solution');
  cpSync(join(REPO_ROOT, 'samples'), dir, { recursive: true });
  return { dir, file: (rel) => join(dir, ...rel.split('/')) };
}

/** Edits a file's text in place (keeping its BOM and line endings as the edit leaves them). */
function edit(path: string, change: (text: string) => string): void {
  writeFileSync(path, change(readFileSync(path, 'utf8')));
}

/** Scans as SARIF with the given extra arguments; returns the exit code, the results and the raw log. */
function sarifScan(dir: string, extra: string[]): { status: number | null; results: Result[]; log: string; stderr: string } {
  const run = runCli(['scan', dir, '--format', 'sarif', ...extra]);
  const log = JSON.parse(run.stdout || '{"runs":[{}]}') as { runs: { results?: Result[] }[] };
  return { status: run.status, results: log.runs[0]?.results ?? [], log: run.stdout, stderr: run.stderr };
}

/** Writes a baseline of the folder as it is now (the scan's own SARIF) and returns its path. */
function writeBaseline(dir: string): string {
  const path = join(dir, '..', 'tls-baseline.sarif');
  const run = runCli(['scan', dir, '--format', 'sarif', '--fail-on', 'none']);
  assert.equal(run.status, 0, run.stderr);
  writeFileSync(path, run.stdout);
  return path;
}

const where = (r: Result): string => `${r.ruleId} ${r.locations[0]?.physicalLocation.artifactLocation.uri}:${r.locations[0]?.physicalLocation.region.startLine}`;

/** Validates a SARIF log with the SARIF multitool; returns its errors and warnings. */
function multitoolProblems(log: string): string[] {
  const out = mkdtempSync(join(tmpdir(), 'dtls-sarif-'));
  writeFileSync(join(out, 'scan.sarif'), log);
  const validator = join(REPO_ROOT, 'node_modules', '@microsoft', 'sarif-multitool', 'bin.js');
  const v = spawnSync(process.execPath, [validator, 'validate', join(out, 'scan.sarif'), '-o', join(out, 'report.sarif'), '--log', 'ForceOverwrite'], { encoding: 'utf8', cwd: out });
  assert.equal(v.status, 0, v.stdout + v.stderr);
  const report = JSON.parse(readFileSync(join(out, 'report.sarif'), 'utf8')) as { runs: { results: { level?: string; message: { text?: string } }[] }[] };
  return (report.runs[0]?.results ?? []).filter((r) => r.level === 'error' || r.level === 'warning' || r.level === undefined).map((r) => r.message.text ?? '');
}

describe('scan --baseline', () => {
  it('a scan compared with its own SARIF: every result unchanged, fingerprinted, and nothing fails', () => {
    const { dir } = samplesCopy();
    const baseline = writeBaseline(dir);
    const scan = sarifScan(dir, ['--baseline', baseline, '--fail-on', 'note']);
    assert.equal(scan.status, 0, scan.stderr);
    assert.ok(scan.results.length >= 5);
    assert.deepEqual(new Set(scan.results.map((r) => r.baselineState)), new Set(['unchanged']));
    assert.ok(scan.results.every((r) => /^[0-9a-f]{32}:\d+$/.test(r.partialFingerprints?.['tlsReadinessContext/v1'] ?? '')));
  });

  it('a finding moved down ten lines and re-indented stays unchanged; a new one is new and alone fails; a fixed one is absent', () => {
    const { dir, file } = samplesCopy();
    const baseline = writeBaseline(dir);
    const before = sarifScan(dir, ['--fail-on', 'none']).results.find((r) => r.ruleId === 'TLS027');
    assert.ok(before, 'the sample has a TLS027 finding on the CrmServiceClient line');
    edit(file('ContosoCrmSync/Program.cs'), (t) =>
      t.replace(/\n(\s*)(var client = new CrmServiceClient\(connectionString\);)/, (_, indent: string, line: string) => `\n${'            // moved\n'.repeat(10)}\t\t${indent}${line}`),
    );
    const moved = sarifScan(dir, ['--baseline', baseline, '--fail-on', 'note']);
    const after = moved.results.find((r) => r.ruleId === 'TLS027');
    assert.equal(after?.locations[0]?.physicalLocation.region.startLine, (before.locations[0]?.physicalLocation.region.startLine ?? 0) + 10);
    assert.equal(after?.baselineState, 'unchanged');
    assert.deepEqual(moved.results.filter((r) => r.baselineState !== 'unchanged').map(where), []);
    assert.equal(moved.status, 0, 'nothing new: even --fail-on note passes');

    writeFileSync(file('scripts/Export-Accounts.ps1'), 'Import-Module Microsoft.Xrm.Tooling.CrmConnector.PowerShell\n$c = Get-CrmConnection -InteractiveMode\n');
    edit(file('ContosoPortal/Web.config'), (t) => t.replace('DontEnableSystemDefaultTlsVersions=true', 'DontEnableSystemDefaultTlsVersions=false'));
    const changed = sarifScan(dir, ['--baseline', baseline, '--fail-on', 'warning']);
    // The new script's one line: TLS030 (no TLS 1.2 before it) and DYN103 (Get-CrmConnection runs on CrmServiceClient, ADAL).
    assert.deepEqual(changed.results.filter((r) => r.baselineState === 'new').map(where), ['TLS030 scripts/Export-Accounts.ps1:2', 'DYN103 scripts/Export-Accounts.ps1:2']);
    assert.deepEqual(changed.results.filter((r) => r.baselineState === 'absent').map(where), ['TLS011 ContosoPortal/Web.config:11']);
    assert.equal(changed.status, 1, 'the new warnings fail --fail-on warning');
    assert.equal(sarifScan(dir, ['--baseline', baseline, '--fail-on', 'error']).status, 0, 'the new findings are warnings: --fail-on error passes although old errors remain');
    assert.deepEqual(multitoolProblems(changed.log), []);

    const text = runCli(['scan', dir, '--baseline', baseline, '--fail-on', 'warning']);
    assert.equal(text.status, 1);
    assert.match(text.stdout, /Baseline .*tls-baseline\.sarif: 2 new, \d+ unchanged, 0 updated, 1 gone since then/);
    const markdown = runCli(['scan', dir, '--baseline', baseline, '--format', 'markdown', '--fail-on', 'none']);
    assert.match(markdown.stdout, /Overall: .*\n\nBaseline .*: 2 new, /);
  });

  it('a changed message on the same code is updated, not new', () => {
    const { dir, file } = samplesCopy();
    const baseline = writeBaseline(dir);
    edit(file('ContosoCrmSync/ContosoCrmSync.csproj'), (t) => t.replace('<OutputType>Exe</OutputType>', '<OutputType>WinExe</OutputType>'));
    const scan = sarifScan(dir, ['--baseline', baseline, '--fail-on', 'error']);
    const tls001 = scan.results.find((r) => r.ruleId === 'TLS001');
    assert.equal(tls001?.baselineState, 'updated', 'the TLS001 message names the kind of application');
    assert.equal(scan.status, 0);
  });

  it('suppressed findings are SARIF inSource suppressions with the comment’s reason; text output leaves them out', () => {
    const { dir, file } = samplesCopy();
    edit(file('ContosoCrmSync/Program.cs'), (t) =>
      t.replace(/\n(\s*)(var client = new CrmServiceClient)/, '\n$1// tls-readiness-disable-next-line TLS027 -- TLS 1.2 is set by the host process\n$1$2'),
    );
    const scan = sarifScan(dir, ['--fail-on', 'none']);
    const tls027 = scan.results.filter((r) => r.ruleId === 'TLS027');
    assert.deepEqual(tls027.map((r) => r.suppressions), [[{ kind: 'inSource', justification: 'TLS 1.2 is set by the host process' }]]);
    assert.deepEqual(multitoolProblems(scan.log), []);
    const text = runCli(['scan', dir, '--fail-on', 'none']);
    assert.doesNotMatch(text.stdout, /^\S+:\d+:\d+\s+\w+\s+TLS027\b/m, 'no TLS027 finding line (other messages may name TLS027)');
    const json = JSON.parse(runCli(['scan', dir, '--format', 'json', '--fail-on', 'none']).stdout) as { findings: { ruleId: string }[] };
    assert.equal(json.findings.filter((f) => f.ruleId === 'TLS027').length, 0);
  });

  it('refuses a baseline that is missing, not JSON, or not this tool’s SARIF, with exit 2 and a reason', () => {
    const { dir } = samplesCopy();
    const bad = join(dir, '..', 'bad.sarif');
    for (const [content, reason] of [
      [undefined, /cannot read the baseline/],
      ['{ not json', /not JSON/],
      ['{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"other"}},"results":[]}]}', /no run of/],
      ['{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"tls-readiness"}},"results":[{"ruleId":"TLS001"}]}]}', /no "tlsReadinessContext\/v1" fingerprints/],
    ] as const) {
      if (content !== undefined) {
        writeFileSync(bad, content);
      }
      const run = runCli(['scan', dir, '--baseline', content === undefined ? join(dir, 'missing.sarif') : bad]);
      assert.equal(run.status, 2, run.stderr);
      assert.match(run.stderr, reason);
    }
  });
});
