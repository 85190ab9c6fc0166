import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runCli } from './cliRunner';

/** A C# file that creates a Dynamics client (so that it is parsed and analysed, and its project owns it). */
const source = (i: number): string =>
  `using Microsoft.Xrm.Tooling.Connector;\nnamespace Scale\n{\n    public class C${i}\n    {\n        public object Connect() { return new CrmServiceClient("AuthType=OAuth;Url=https://org${i}.crm.dynamics.com"); }\n    }\n}\n`;

/** An old-style project listing each of `count` files in its own `<Compile Include>`. */
function oldStyleProject(count: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'dtls-scale-'));
  const items: string[] = [];
  for (let i = 0; i < count; i++) {
    const sub = `src${i % 20}`;
    mkdirSync(join(dir, sub), { recursive: true });
    writeFileSync(join(dir, sub, `C${i}.cs`), source(i));
    items.push(`    <Compile Include="${sub}\\C${i}.cs" />`);
  }
  writeFileSync(
    join(dir, 'Scale.csproj'),
    `<Project ToolsVersion="14.0" xmlns="http://schemas.microsoft.com/developer/msbuild/2003">\n  <PropertyGroup>\n    <TargetFrameworkVersion>v4.5.2</TargetFrameworkVersion>\n  </PropertyGroup>\n  <ItemGroup>\n${items.join('\n')}\n  </ItemGroup>\n</Project>\n`,
  );
  return dir;
}

interface JsonScan {
  findings: { ruleId: string; path: string }[];
  report: { units: { path: string; target: string }[] };
}

// Generous limits: these reproductions did not finish in minutes before (quadratic work), and take seconds now. The
// figures against the size of the input are bench/projectScale.js's job; these only keep the quadratic cases gone.
describe('CLI: work grows with the input, not faster (issue 21 reproductions 5–7)', () => {
  it('an old-style project listing 1,000 files is scanned in well under a minute, every file owned by the project', () => {
    const dir = oldStyleProject(1000);
    const run = runCli(['scan', dir, '--format', 'json', '--fail-on', 'none'], undefined, { timeoutMs: 90_000 });
    assert.equal(run.signal, null, `killed after ${run.ms} ms`);
    assert.equal(run.status, 0, run.stderr);
    const out = JSON.parse(run.stdout) as JsonScan;
    assert.deepEqual(out.report.units.map((u) => u.target), ['.NET Framework 4.5.2']);
    assert.ok(out.findings.some((f) => f.ruleId === 'TLS027'), 'the project creates clients on 4.5.2 without TLS 1.2');
  });

  it('a TargetFrameworks list of 64,000 entries is scanned and its retarget fix offered without quadratic work', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dtls-tfms-'));
    const tfms = Array.from({ length: 64_000 }, (_, i) => (i % 2 ? 'net452' : 'net451'));
    writeFileSync(join(dir, 'Many.csproj'), `<Project Sdk="Microsoft.NET.Sdk">\n  <PropertyGroup>\n    <TargetFrameworks>${tfms.join(';')}</TargetFrameworks>\n  </PropertyGroup>\n</Project>\n`);
    const run = runCli(['fix', dir, '--dry-run'], undefined, { timeoutMs: 90_000 });
    assert.equal(run.signal, null, `killed after ${run.ms} ms`);
    assert.doesNotMatch(run.stderr, /RangeError|internal error/);
    assert.ok(run.status === 0 || run.status === 1, `exit ${run.status}: ${run.stderr}`);
  });

  it('maxFileSizeKB above the documented maximum is refused with a message, and a 40 MB file is that file\'s skip reason, not the run\'s end', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dtls-cap-'));
    writeFileSync(join(dir, 'Huge.cs'), `class Huge {\n${'    int x = 1;\n'.repeat(40 * 1024 * 1024 / 16)}}\n`);
    writeFileSync(join(dir, 'App.csproj'), '<Project Sdk="Microsoft.NET.Sdk"><PropertyGroup><TargetFramework>net48</TargetFramework></PropertyGroup></Project>\n');
    const settings = join(dir, 'settings.json');
    writeFileSync(settings, '{ "dynamicsTls.maxFileSizeKB": 10000000 }');
    const run = runCli(['scan', dir, '--config', settings, '--format', 'json'], undefined, { timeoutMs: 90_000 });
    assert.equal(run.signal, null, `killed after ${run.ms} ms`);
    assert.doesNotMatch(run.stderr, /Aborted|RangeError|internal error/);
    assert.match(run.stderr, /dynamicsTls\.maxFileSizeKB: 10000000 is above the maximum, 16384/);
    assert.equal(run.status, 0, run.stderr);
    const out = JSON.parse(run.stdout) as { skipped: { path: string; reason: string }[] };
    assert.equal(out.skipped.length, 1);
    assert.match(out.skipped[0]?.reason ?? '', /^larger than the 16384 KB size cap \(3\d{4} KB\)$/);
  });

  it('a file with 20,000 client creations does not overflow the stack (a small stack makes the old push(...x) fail at this size)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dtls-many-'));
    const methods = Array.from({ length: 20_000 }, (_, i) => `    void M${i}() { var c = new CrmServiceClient("x"); }`);
    writeFileSync(join(dir, 'Many.cs'), ['using Microsoft.Xrm.Tooling.Connector;', 'class Many', '{', ...methods, '}', ''].join('\n'));
    const run = runCli(['scan', dir, '--format', 'json', '--fail-on', 'none'], undefined, { timeoutMs: 90_000, nodeOptions: ['--stack-size=150'] });
    assert.doesNotMatch(run.stderr, /RangeError|Maximum call stack/);
    assert.equal(run.status, 0, run.stderr);
  });
});
