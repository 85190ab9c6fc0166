import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { REPO_ROOT } from '../support/engineHarness';
import { runCli } from './cliRunner';

const FIXTURES = join(REPO_ROOT, 'test', 'fixtures', 'explain');

/** Runs the CLI with text on standard input, as `Get-Content app.log | tls-readiness explain -` does. */
function runWithInput(args: readonly string[], input: string | Buffer): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [join(REPO_ROOT, 'dist', 'cli.js'), ...args], { input, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('tls-readiness explain', () => {
  it('--format json on the developer tools block: the contract, exit 1', () => {
    const r = runCli(['explain', join(FIXTURES, 'developer-tools.txt'), '--format', 'json']);
    assert.equal(r.status, 1, r.stderr);
    const json = JSON.parse(r.stdout) as { matches: Record<string, unknown>[] };
    assert.deepEqual(Object.keys(json), ['matches']);
    assert.deepEqual(
      json.matches.map((m) => [m.line, m.id]),
      [
        [4, 'underlying-connection-send'],
        [11, 'forcibly-closed'],
      ],
    );
    for (const m of json.matches) {
      assert.deepEqual(Object.keys(m), ['line', 'id', 'cause', 'fix']);
      assert.ok(typeof m.cause === 'string' && typeof m.fix === 'string');
    }
  });

  it('reads standard input with - and without a file; text output names the line, cause, checks with rule ids, fix', () => {
    const text = readFileSync(join(FIXTURES, 'connector-trace.log'), 'utf8');
    for (const args of [['explain', '-'], ['explain']]) {
      const r = runWithInput(args, text);
      assert.equal(r.status, 1, r.stderr);
      assert.match(r.stdout, /^<stdin>:2: crm-token-request — /m);
      assert.match(r.stdout, /line: +Microsoft\.Xrm\.Tooling\.Connector\.CrmServiceClient Error: 2 : ERROR REQUESTING Token/);
      assert.match(r.stdout, /cause: /);
      assert.match(r.stdout, /checks:\n(?: {4}- .*\n)*? {4}- .*TLS\d{3}/);
      assert.match(r.stdout, /fix: +Rebuild the client for \.NET Framework 4\.6\.2/);
      assert.match(r.stdout, /1 recognised error line\.\n$/);
    }
  });

  it('a clean log: nothing found, exit 0, and the JSON is an empty list', () => {
    const file = join(FIXTURES, 'integration-clean.log');
    const text = runCli(['explain', file]);
    assert.equal(text.status, 0, text.stderr);
    assert.match(text.stdout, /no known TLS connection error found/);
    const json = runCli(['explain', file, '--format=json']);
    assert.equal(json.status, 0);
    assert.deepEqual(JSON.parse(json.stdout), { matches: [] });
  });

  it('a UTF-16LE log with a BOM (PowerShell 5.1 Out-File) is decoded', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dtls-explain-'));
    const file = join(dir, 'out.log');
    writeFileSync(file, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('start\r\nA call to SSPI failed, see inner exception.\r\n', 'utf16le')]));
    const r = runCli(['explain', file, '--format', 'json']);
    assert.equal(r.status, 1, r.stderr);
    assert.deepEqual((JSON.parse(r.stdout) as { matches: { line: number; id: string }[] }).matches.map((m) => [m.line, m.id]), [[2, 'sspi-failed']]);
  });

  it('control characters from the log are printed inert in text output', () => {
    const r = runWithInput(['explain'], '\u001b[2J\u001b]0;pwned\u0007 A call to SSPI failed\n');
    assert.equal(r.status, 1);
    assert.doesNotMatch(r.stdout, /\u001b/);
    assert.ok(r.stdout.includes('\\x1b[2J'), 'the escape is shown as \\x1b, the one display escaping of every text output');
  });

  it('bad input: a missing file, a folder, two files, an unsupported format — exit 2 with a clear message', () => {
    const missing = runCli(['explain', join(FIXTURES, 'nope.log')]);
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /no such file: .*nope\.log/);
    const folder = runCli(['explain', FIXTURES]);
    assert.equal(folder.status, 2);
    assert.match(folder.stderr, /is not a regular file/);
    const two = runCli(['explain', join(FIXTURES, 'browser.txt'), join(FIXTURES, 'browser.txt')]);
    assert.equal(two.status, 2);
    assert.match(two.stderr, /explain reads one file/);
    const sarif = runCli(['explain', join(FIXTURES, 'browser.txt'), '--format', 'sarif']);
    assert.equal(sarif.status, 2);
    assert.match(sarif.stderr, /explain --format must be text or json/);
    for (const r of [missing, folder, two, sarif]) {
      assert.doesNotMatch(r.stderr, /internal error:|^\s+at \S+ \(/m);
    }
  });
});
