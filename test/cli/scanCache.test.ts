import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { REPO_ROOT } from '../support/engineHarness';
import { runCli } from './cliRunner';

const SAMPLES = join(REPO_ROOT, 'samples');
const GENERATED = join(REPO_ROOT, 'test', 'fixtures', 'scan', 'generated-code', 'workspace');

describe('scan --cache, --cache-location, --stats (CLI)', () => {
  it('scan --help lists the new flags and exits 0', () => {
    const r = runCli(['scan', '--help']);
    assert.equal(r.status, 0, r.stderr);
    for (const flag of ['--cache', '--cache-location', '--jobs', '--stats']) {
      assert.ok(r.stdout.includes(flag), `${flag} missing from: ${r.stdout}`);
    }
  });

  it('--stats prints the counts, the reasons files went no further and the time per phase on stderr, leaving stdout as it was', () => {
    const plain = runCli(['scan', GENERATED, '--format', 'json', '--fail-on', 'none']);
    const r = runCli(['scan', GENERATED, '--format', 'json', '--fail-on', 'none', '--stats']);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, plain.stdout);
    assert.match(r.stderr, /files discovered 5, read 5, pre-checked 4, analysed 2/);
    // The project file is plain XML, read without a parse (parsing/plainXml.ts): the one tree is the C# file's.
    assert.match(r.stderr, /trees parsed: c_sharp 1\n/);
    assert.match(r.stderr, /\s2 {2}generated code without a protocol write or switch/);
    assert.match(r.stderr, /\s1 {2}no trigger word/);
    assert.match(r.stderr, /time: discover \d+ ms, index \d+ ms, analyse \d+ ms \(of which parsing \d+ ms, summed over 1 thread\(s\)\)/);
  });

  it('gives byte-identical output cold and warm; a warm run takes every file from the cache; a folder location holds the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dtls-cli-cache-'));
    const plain = runCli(['scan', SAMPLES, '--format', 'sarif', '--fail-on', 'none']);
    const cold = runCli(['scan', SAMPLES, '--format', 'sarif', '--fail-on', 'none', '--cache', '--cache-location', dir, '--stats']);
    const warm = runCli(['scan', SAMPLES, '--format', 'sarif', '--fail-on', 'none', '--cache', '--cache-location', dir, '--stats']);
    assert.equal(cold.stdout, plain.stdout);
    assert.equal(warm.stdout, plain.stdout);
    assert.ok(existsSync(join(dir, '.dynamics-tls-cache.json')));
    assert.match(cold.stderr, /from the cache: facts of 0 file\(s\), findings of 0 file\(s\)/);
    assert.match(warm.stderr, /from the cache: facts of 3 file\(s\), findings of 10 file\(s\), parsed XML of 6 file\(s\), unchanged and left out by the gate 1 file\(s\) \(not read\)/);
    // Nothing is parsed on a warm run: the context files' XML comes from the cache too.
    assert.match(warm.stderr, /trees parsed: none\n/);
  });

  it('reads a file the gate left out again once it changed, and finds what a scan without the cache finds', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'dtls-cli-cache-')), 'samples');
    cpSync(SAMPLES, dir, { recursive: true });
    const cache = join(dir, '..', 'cache.json');
    const scan = (...flags: string[]): { stdout: string; stderr: string } => runCli(['scan', dir, '--format', 'json', '--fail-on', 'none', ...flags]);
    scan('--cache-location', cache);
    assert.match(scan('--cache-location', cache, '--stats').stderr, /unchanged and left out by the gate 1 file\(s\)/);
    const info = join(dir, 'ContosoCrmSync', 'Properties', 'AssemblyInfo.cs');
    writeFileSync(info, `${readFileSync(info, 'utf8')}\nclass Extra { object c = new Microsoft.Xrm.Tooling.Connector.CrmServiceClient("AuthType=Office365;Url=https://contoso.crm.dynamics.com"); }\n`);
    const after = scan('--cache-location', cache, '--stats');
    assert.match(after.stderr, /unchanged and left out by the gate 0 file\(s\)/);
    assert.equal(after.stdout, scan().stdout);
    assert.ok(after.stdout.includes('AssemblyInfo.cs'), 'the new client creation is judged');
  });

  it('ignores a corrupt cache file with a message and still scans; the default location is the OS cache folder', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dtls-cli-cache-'));
    const file = join(dir, 'cache.json');
    writeFileSync(file, '\u0000\u0001 not a cache');
    const plain = runCli(['scan', SAMPLES, '--format', 'json', '--fail-on', 'none']);
    const r = runCli(['scan', SAMPLES, '--format', 'json', '--fail-on', 'none', '--cache-location', file]);
    assert.equal(r.status, 0);
    assert.equal(r.stdout, plain.stdout);
    assert.match(r.stderr, /ignoring the cache file .*cache\.json: it is not valid JSON; it will be replaced/);
    const home = mkdtempSync(join(tmpdir(), 'dtls-cli-xdg-'));
    const d = spawnSync(process.execPath, [join(REPO_ROOT, 'dist', 'cli.js'), 'scan', SAMPLES, '--format', 'json', '--fail-on', 'none', '--cache'], { encoding: 'utf8', env: { ...process.env, XDG_CACHE_HOME: home } });
    assert.equal(d.stdout, plain.stdout);
    assert.ok(existsSync(join(home, 'dynamics-tls-readiness')) && readdirSync(join(home, 'dynamics-tls-readiness')).some((n) => /^scan-.*\.json$/.test(n)), d.stderr);
  });
});
