import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { runCli } from './cliRunner';

/** A workspace full of what real repositories hold and a linter must survive. */
function hostileWorkspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'dtls-bad-'));
  const binary = Buffer.alloc(4096);
  for (let i = 0; i < binary.length; i++) {
    binary[i] = (i * 7919) % 256;
  }
  writeFileSync(join(dir, 'Binary.cs'), binary);
  writeFileSync(join(dir, 'Huge.config'), Buffer.alloc(50 * 1024 * 1024, 'a'));
  writeFileSync(join(dir, 'BadUtf8.cs'), Buffer.concat([Buffer.from('class A { var c = new CrmServiceClient("'), Buffer.from([0xc3, 0x28, 0xa0, 0xa1]), Buffer.from('"); }')]));
  writeFileSync(join(dir, 'Unterminated.cs'), 'class A { void M() { var s = "never closed; new CrmServiceClient(s);\n');
  writeFileSync(join(dir, 'Deep.cs'), `class A { void M() { var x = ${'('.repeat(20000)}1${')'.repeat(20000)}; } }`);
  writeFileSync(join(dir, 'Deep.config'), `<configuration>${'<a>'.repeat(20000)}${'</a>'.repeat(20000)}</configuration>`);
  writeFileSync(join(dir, 'Mixed.ps1'), 'Get-CrmConnection -InteractiveMode\r\n$a = 1\n$b = 2\r');
  mkdirSync(join(dir, 'Utf16'));
  writeFileSync(join(dir, 'Utf16', 'App.config'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('<?xml version="1.0" encoding="utf-16"?>\r\n<configuration><runtime /></configuration>\r\n', 'utf16le')]));
  mkdirSync(join(dir, 'Truncated'));
  writeFileSync(join(dir, 'Truncated', 'Truncated.csproj'), '<Project ToolsVersion="14.0">\n  <PropertyGroup>\n    <OutputType>Exe</OutputType>\n    <TargetFrameworkVersion>v4.5.2</TargetFrameworkVersion>\n  <PropertyGr');
  writeFileSync(join(dir, 'Odd.reg'), Buffer.from([0xff, 0xfe, 0x41]));
  mkdirSync(join(dir, 'nested'));
  symlinkSync(dir, join(dir, 'nested', 'loop'));
  return dir;
}

function snapshot(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const full = join(d, name);
      if (name === 'loop') {
        continue;
      }
      if (statSync(full).isDirectory()) {
        walk(full);
      } else {
        out.set(relative(dir, full), readFileSync(full));
      }
    }
  };
  walk(dir);
  return out;
}

describe('bad input', () => {
  const dir = hostileWorkspace();
  it('scan finishes without an internal error and says why files were skipped', () => {
    const run = runCli(['scan', dir, '--format', 'json']);
    assert.ok(run.status === 0 || run.status === 1, `exit ${run.status}: ${run.stderr}`);
    assert.doesNotMatch(run.stderr, /internal error/);
    const json = JSON.parse(run.stdout) as { skipped: { path: string; reason: string }[]; findings: { ruleId: string; path: string }[] };
    const reasons = Object.fromEntries(json.skipped.map((s) => [relative(dir, s.path), s.reason]));
    assert.match(reasons['Huge.config'] ?? '', /size cap/);
    assert.match(reasons['Binary.cs'] ?? '', /binary/);
    assert.ok(json.findings.some((f) => f.ruleId === 'TLS001' && f.path.endsWith('Truncated/Truncated.csproj')), 'truncated XML still gives partial results');
  });

  it('fix changes no byte of files it has nothing to fix, and the run completes', () => {
    const before = snapshot(dir);
    const run = runCli(['fix', dir]);
    assert.doesNotMatch(run.stderr, /internal error/);
    const after = snapshot(dir);
    const changed = [...before.keys()].filter((k) => !before.get(k)?.equals(after.get(k) ?? Buffer.alloc(0)));
    for (const rel of changed) {
      assert.match(run.stdout, new RegExp(`fixed ${rel.replace(/[.]/g, '\\.')}`), `${rel} changed without being reported`);
    }
    for (const rel of ['Binary.cs', 'Huge.config', 'BadUtf8.cs', 'Utf16/App.config', 'Odd.reg', 'Deep.config', 'Mixed.ps1']) {
      if (!changed.includes(rel)) {
        assert.ok(before.get(rel)?.equals(after.get(rel) ?? Buffer.alloc(0)), rel);
      }
    }
    assert.ok(!changed.includes('BadUtf8.cs') && !changed.includes('Binary.cs'), 'files that are not valid text are never rewritten');
  });
});
