import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runCli } from './cliRunner';

/** An old-style console project on `version` (TLS001 on 4.5.2). */
const project = (version: string): string =>
  `<?xml version="1.0" encoding="utf-8"?>\n<Project ToolsVersion="14.0" xmlns="http://schemas.microsoft.com/developer/msbuild/2003">\n  <PropertyGroup>\n    <OutputType>Exe</OutputType>\n    <TargetFrameworkVersion>${version}</TargetFrameworkVersion>\n  </PropertyGroup>\n</Project>\n`;

/** The hostile names: terminal escapes, a title change, bidi override, carriage return, and forged report lines. */
const ESCAPES = 'E\x1b[31mRED\x1b]0;pwned\x07\u202Egnp.cs\rX';
const FORGED = 'x\n\nVerdict: Ready\nTotal: 0 error(s), 0 warning(s), 0 information, 0 hint(s) — Ready\n';
const VALUE = 'v4.5\x1b]0;pwned\x07\x1b[2J\u2066';

function hostileNames(): string {
  const dir = mkdtempSync(join(tmpdir(), 'dtls-names-'));
  for (const name of [ESCAPES, FORGED]) {
    mkdirSync(join(dir, name));
    writeFileSync(join(dir, name, 'App.csproj'), project('v4.5.2'));
  }
  mkdirSync(join(dir, 'Value'));
  writeFileSync(join(dir, 'Value', 'Value.csproj'), project(VALUE));
  return dir;
}

/** Every character no human-readable output may write raw (a line's own `\n` and `\t` aside). */
const FORBIDDEN = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/u;

function assertClean(output: string, what: string): void {
  const bad = FORBIDDEN.exec(output);
  assert.equal(bad, null, `${what} writes U+${bad?.[0].codePointAt(0)?.toString(16).padStart(4, '0')} raw`);
}

describe('CLI: no file name or value forges the output (issue 21 reproductions 1–2)', () => {
  const dir = hostileNames();

  it('text: no control or bidi character, the names shown escaped, exactly one verdict line', () => {
    const run = runCli(['scan', dir, '--fail-on', 'warning']);
    assert.equal(run.status, 1, run.stderr);
    assertClean(run.stdout, 'text');
    assert.equal(run.stdout.split('\n').filter((l) => l.startsWith('Total:')).length, 1);
    assert.equal(run.stdout.split('\n').filter((l) => /Verdict: Ready/.test(l) && !l.includes('\\n')).length, 0);
    assert.ok(run.stdout.includes('E\\x1b[31mRED\\x1b]0;pwned\\x07\\u202egnp.cs\\rX/App.csproj'), 'the name shown escaped');
    assert.ok(run.stdout.includes('x\\n\\nVerdict: Ready\\nTotal: 0'), 'the forged lines shown as one escaped name');
  });

  it('Markdown: no control or bidi character, no line or block started by a name, exactly one overall verdict', () => {
    const run = runCli(['scan', dir, '--format', 'markdown']);
    assertClean(run.stdout, 'markdown');
    assert.equal(run.stdout.split('\n').filter((l) => l.startsWith('Overall:')).length, 1);
    assert.equal(run.stdout.split('\n').filter((l) => l.startsWith('Verdict') || l.startsWith('Total')).length, 0);
  });

  it('fix --dry-run: no control or bidi character, one summary line', () => {
    const run = runCli(['fix', dir, '--dry-run']);
    assertClean(run.stdout, 'fix --dry-run');
    assert.equal(run.stdout.split('\n').filter((l) => / file\(s\) would change/.test(l)).length, 1);
    assert.ok(run.stdout.includes('would fix E\\x1b[31mRED'), run.stdout);
  });

  it('JSON and SARIF keep the names exact (they escape by their own rules)', () => {
    const json = JSON.parse(runCli(['scan', dir, '--format', 'json']).stdout) as { findings: { path: string }[] };
    assert.ok(json.findings.some((f) => f.path.includes(ESCAPES)));
    const sarif = runCli(['scan', dir, '--format', 'sarif']);
    assert.ok(JSON.parse(sarif.stdout));
  });
});

interface JsonScan {
  findings: { ruleId: string; path: string }[];
  skipped: { path: string; reason: string; incomplete?: boolean }[];
  report: { verdict: string; units: { path: string }[] };
}

const tls001 = (out: JsonScan): JsonScan['findings'] => out.findings.filter((f) => f.ruleId === 'TLS001');

const scanJson = (args: string[]): { status: number | null; out: JsonScan; stderr: string } => {
  const run = runCli(['scan', ...args, '--format', 'json']);
  return { status: run.status, out: JSON.parse(run.stdout || '{}') as JsonScan, stderr: run.stderr };
};

describe('CLI: names are bytes; nothing skipped in silence; each file once (issue 21 reproductions 8–11)', () => {
  it('a folder named back\\slash is read under its own name and its 4.5.2 project is checked', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dtls-bs-'));
    mkdirSync(join(dir, 'back\\slash'));
    writeFileSync(join(dir, 'back\\slash', 'App.csproj'), project('v4.5.2'));
    const { status, out } = scanJson([dir]);
    assert.deepEqual(out.skipped, []);
    assert.deepEqual(tls001(out).map((f) => f.path), [`${dir}/back\\slash/App.csproj`]);
    assert.notEqual(out.report.verdict, 'Ready');
    assert.equal(status, 0, 'TLS001 without Dynamics evidence is a warning: exit 0 at --fail-on error');
    const text = runCli(['scan', dir, '--fail-on', 'warning']);
    assert.equal(text.status, 1);
    assert.match(text.stdout, /back\\slash\/App\.csproj:5/);
  });

  it('a folder whose name is not valid UTF-8 (bytes ff fe) is read by its bytes and shown escaped', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dtls-bytes-'));
    const folder = Buffer.concat([Buffer.from(`${dir}/`), Buffer.from([0xff, 0xfe])]);
    mkdirSync(folder);
    writeFileSync(Buffer.concat([folder, Buffer.from('/App.csproj')]), project('v4.5.2'));
    const { out } = scanJson([dir]);
    assert.deepEqual(out.skipped, []);
    assert.equal(tls001(out).length, 1);
    const text = runCli(['scan', dir, '--fail-on', 'warning']);
    assert.equal(text.status, 1);
    assert.ok(text.stdout.includes('\\xff\\xfe/App.csproj:5'), text.stdout);
    const sarif = JSON.parse(runCli(['scan', dir, '--format', 'sarif']).stdout) as { runs: { results: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[] };
    assert.equal(sarif.runs[0]?.results[0]?.locations[0]?.physicalLocation.artifactLocation.uri, '%FF%FE/App.csproj');
  });

  it('a file the scan cannot read makes the run Incomplete (exit 1, listed with its reason) unless --fail-on none', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dtls-unread-'));
    mkdirSync(join(dir, 'Ok'));
    writeFileSync(join(dir, 'Ok', 'Ok.csproj'), project('v4.8'));
    symlinkSync(join(dir, 'gone', 'Missing.csproj'), join(dir, 'Broken.csproj'));
    const { status, out } = scanJson([dir]);
    assert.equal(out.report.verdict, 'Incomplete');
    assert.equal(status, 1);
    assert.deepEqual(out.skipped.map((s) => [s.path, s.incomplete]), [[`${dir}/Broken.csproj`, true]]);
    assert.equal(runCli(['scan', dir, '--fail-on', 'none']).status, 0);
    const text = runCli(['scan', dir]);
    assert.match(text.stdout, /Skipped \(1 could not be read: the check is incomplete; 0 left out by settings or not text\):\nskipped  Broken\.csproj: /);
    assert.match(text.stdout, /^Total: .* — Incomplete$/m);
    assert.match(runCli(['scan', dir, '--format', 'markdown']).stdout, /^Overall: \*\*Incomplete\*\*/m);
    const sarif = JSON.parse(runCli(['scan', dir, '--format', 'sarif']).stdout) as { runs: { invocations: { executionSuccessful: boolean; toolExecutionNotifications: { level: string }[] }[] }[] };
    assert.equal(sarif.runs[0]?.invocations[0]?.executionSuccessful, false);
    assert.deepEqual(sarif.runs[0]?.invocations[0]?.toolExecutionNotifications.map((n) => n.level), ['error']);
  });

  it('files left out by the user settings are listed but keep the run complete', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dtls-excl-'));
    mkdirSync(join(dir, 'bin'));
    writeFileSync(join(dir, 'bin', 'Old.csproj'), project('v4.5.2'));
    writeFileSync(join(dir, 'Ok.csproj'), project('v4.8'));
    const { status, out } = scanJson([dir]);
    assert.equal(status, 0);
    assert.equal(out.report.verdict, 'Ready');
    assert.deepEqual(out.skipped.map((s) => [s.path, s.reason, s.incomplete]), [[`${dir}/bin`, 'excluded by dynamicsTls.exclude', undefined]]);
  });

  it('a link to a project inside the scanned folder reports it once, under its real path', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dtls-link-'));
    mkdirSync(join(dir, 'Real'));
    writeFileSync(join(dir, 'Real', 'App.csproj'), project('v4.5.2'));
    symlinkSync(join(dir, 'Real', 'App.csproj'), join(dir, 'Alias.csproj'));
    symlinkSync(join(dir, 'Real'), join(dir, 'AliasFolder'));
    const { out } = scanJson([dir]);
    assert.deepEqual(tls001(out).map((f) => f.path), [`${dir}/Real/App.csproj`]);
    assert.ok(out.findings.every((f) => f.path === `${dir}/Real/App.csproj`));
    assert.deepEqual(out.report.units.map((u) => u.path), [`${dir}/Real/App.csproj`]);
  });

  it('a device or a FIFO named on the command line is refused at once (exit 2, with the reason)', () => {
    const zero = runCli(['scan', '/dev/zero'], undefined, { timeoutMs: 20_000 });
    assert.equal(zero.signal, null, 'scan /dev/zero returned');
    assert.equal(zero.status, 2);
    assert.match(zero.stderr, /\/dev\/zero is a character device: only files and folders are scanned/);
    const dir = mkdtempSync(join(tmpdir(), 'dtls-fifo-'));
    const fifo = join(dir, 'Pipe.cs');
    assert.equal(spawnSync('mkfifo', [fifo]).status, 0);
    const run = runCli(['scan', fifo], undefined, { timeoutMs: 20_000 });
    assert.equal(run.signal, null, 'scan <fifo> returned');
    assert.equal(run.status, 2);
    assert.match(run.stderr, /Pipe\.cs is a FIFO/);
  });
});
