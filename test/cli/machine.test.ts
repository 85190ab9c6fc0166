import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { REPO_ROOT } from '../support/engineHarness';
import { runCli } from './cliRunner';

const FIXTURES = join(REPO_ROOT, 'test', 'fixtures', 'machine');
const fixture = (name: string): string => join(FIXTURES, name);

interface MachineJson {
  machines: { file: string; windows: string; netFramework: string; verdict: string; reasons: string[] }[];
}

describe('tls-readiness machine', () => {
  it('--format json over four exports: the contract, one entry per file in order, exit 1', () => {
    const files = ['win7-sp1-no-tls12-keys.reg', 'server2012r2-net452.reg', 'server2019-net48.reg', 'partial-schannel-only.reg'].map(fixture);
    const r = runCli(['machine', ...files, '--format', 'json']);
    assert.equal(r.status, 1, r.stderr);
    const json = JSON.parse(r.stdout) as MachineJson;
    assert.deepEqual(Object.keys(json), ['machines']);
    assert.deepEqual(
      json.machines.map((m) => [m.file, m.windows, m.netFramework, m.verdict]),
      [
        [files[0], 'Windows 7 Professional Service Pack 1 (build 7601)', '4.8', 'Will fail'],
        [files[1], 'Windows Server 2012 R2 Standard (build 9600)', '4.5.2', 'Will fail'],
        [files[2], 'Windows Server 2019 Datacenter (build 17763)', '4.8', 'Ready'],
        [files[3], 'unknown', 'unknown', 'At risk'],
      ],
    );
    for (const m of json.machines) {
      assert.deepEqual(Object.keys(m), ['file', 'windows', 'netFramework', 'verdict', 'reasons']);
      assert.ok(m.reasons.length >= 5 && m.reasons.every((x) => typeof x === 'string'));
    }
    assert.ok(json.machines[1]?.reasons.includes(
      '.NET Framework apps built for 4.5.2 or earlier: Will fail — 64- and 32-bit apps: neither SchUseStrongCrypto nor SystemDefaultTlsVersions is 1 under both HKLM\\SOFTWARE\\[Wow6432Node\\]Microsoft\\.NETFramework\\v4.0.30319 keys: these apps offer only SSL 3.0/TLS 1.0.',
    ));
  });

  it('a Ready machine alone exits 0; text output shows Windows, .NET and a line per kind of client', () => {
    const r = runCli(['machine', fixture('server2019-net48.reg')]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /server2019-net48\.reg: Ready\n {2}Windows: +Windows Server 2019 Datacenter \(build 17763\)\n {2}\.NET Framework: 4\.8\n/);
    for (const kind of ['.NET Framework apps built for 4.5.2 or earlier', '.NET Framework apps built for 4.6–4.6.2', '.NET Framework apps built for 4.7 or later', 'Windows PowerShell 5.1', 'Browsers']) {
      assert.match(r.stdout, new RegExp(`^ {2}${kind.replace(/\./g, '\\.')} +Ready `, 'm'));
    }
  });

  it('the partial export says what it could not judge', () => {
    const r = runCli(['machine', fixture('partial-schannel-only.reg')]);
    assert.equal(r.status, 1);
    assert.match(r.stdout, /Could not judge the Windows version/);
    assert.match(r.stdout, /Could not judge the installed \.NET Framework/);
  });

  it('bad input: no file, a missing file, a folder, an empty file, a binary file — clear messages, never a crash', () => {
    const none = runCli(['machine']);
    assert.equal(none.status, 2);
    assert.match(none.stderr, /machine needs at least one registry export/);
    const missing = runCli(['machine', fixture('nope.reg')]);
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /no such file/);
    const folder = runCli(['machine', FIXTURES]);
    assert.equal(folder.status, 2);
    assert.match(folder.stderr, /not a regular file/);
    const dir = mkdtempSync(join(tmpdir(), 'dtls-machine-'));
    writeFileSync(join(dir, 'empty.reg'), '');
    writeFileSync(join(dir, 'noise.reg'), Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)));
    const odd = runCli(['machine', join(dir, 'empty.reg'), join(dir, 'noise.reg'), '--format', 'json']);
    assert.equal(odd.status, 1, odd.stderr);
    assert.deepEqual((JSON.parse(odd.stdout) as MachineJson).machines.map((m) => m.verdict), ['At risk', 'At risk']);
    const sarif = runCli(['machine', fixture('server2019-net48.reg'), '--format', 'sarif']);
    assert.equal(sarif.status, 2);
    assert.match(sarif.stderr, /machine --format must be text or json/);
  });
});
