import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { REPO_ROOT } from '../support/engineHarness';
import { runCli } from './cliRunner';

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const LEGACY = (tfm: string): string =>
  [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<Project ToolsVersion="14.0" DefaultTargets="Build" xmlns="http://schemas.microsoft.com/developer/msbuild/2003">',
    '  <PropertyGroup>',
    '    <OutputType>Exe</OutputType>',
    `    <TargetFrameworkVersion>${tfm}</TargetFrameworkVersion>`,
    '  </PropertyGroup>',
    '  <PropertyGroup Condition=" \'$(Configuration)|$(Platform)\' == \'Debug|AnyCPU\' ">',
    '    <UseVSHostingProcess>false</UseVSHostingProcess>',
    '  </PropertyGroup>',
    '  <ItemGroup>',
    '    <Reference Include="Microsoft.Xrm.Tooling.Connector, Version=2.2.0.0" />',
    '  </ItemGroup>',
    '</Project>',
    '',
  ].join('\r\n');

/** The console's App.config: a Dynamics online connection string, the connection evidence that makes TLS001 an error. */
const APP_CONFIG = [
  '<?xml version="1.0" encoding="utf-8"?>',
  '<configuration>',
  '  <connectionStrings>',
  '    <add name="Crm" connectionString="AuthType=OAuth;Url=https://contoso.crm.dynamics.com;AppId=x" />',
  '  </connectionStrings>',
  '</configuration>',
  '',
].join('\r\n');

/** A folder holding a v4.5.2 console project written with CRLF and a UTF-8 BOM, as Visual Studio writes it, and its App.config. */
function consoleWorkspace(tfm = 'v4.5.2'): { dir: string; proj: string; bytes: Buffer } {
  const dir = mkdtempSync(join(tmpdir(), 'dtls-cli-'));
  mkdirSync(join(dir, 'Sync'));
  const proj = join(dir, 'Sync', 'Sync.csproj');
  const bytes = Buffer.concat([BOM, Buffer.from(LEGACY(tfm), 'utf8')]);
  writeFileSync(proj, bytes);
  writeFileSync(join(dir, 'Sync', 'App.config'), APP_CONFIG);
  return { dir, proj, bytes };
}

interface SarifLog {
  version: string;
  runs: {
    tool: { driver: { rules: { id: string; helpUri: string }[] } };
    originalUriBaseIds: Record<string, { uri: string }>;
    results: {
      ruleId: string;
      level: string;
      locations: { physicalLocation: { artifactLocation: { uri: string }; region: Record<string, number> } }[];
    }[];
  }[];
}

describe('tls-readiness scan', () => {
  it('reports TLS001 at the TargetFrameworkVersion text in SARIF 2.1.0 with helpUri, exit 1', () => {
    const { dir } = consoleWorkspace();
    const run = runCli(['scan', dir, '--format', 'sarif']);
    assert.equal(run.status, 1, run.stderr);
    const log = JSON.parse(run.stdout) as SarifLog;
    assert.equal(log.version, '2.1.0');
    const runData = log.runs[0];
    assert.ok(runData);
    const result = runData.results.find((r) => r.ruleId === 'TLS001');
    assert.ok(result, 'TLS001 reported');
    assert.equal(result.level, 'error');
    const loc = result.locations[0]?.physicalLocation;
    assert.equal(loc?.artifactLocation.uri, 'Sync/Sync.csproj');
    assert.deepEqual(loc?.region, { startLine: 5, startColumn: 29, endLine: 5, endColumn: 35 });
    const rule = runData.tool.driver.rules.find((r) => r.id === 'TLS001');
    assert.match(rule?.helpUri ?? '', /^https:\/\/.+\/docs\/rules\/TLS001\.md$/);
  });

  it('gives byte-identical output with --parser native', () => {
    const { dir } = consoleWorkspace();
    const wasm = runCli(['scan', dir, '--format', 'sarif']);
    const native = runCli(['scan', dir, '--format', 'sarif', '--parser', 'native']);
    assert.equal(native.status, wasm.status, native.stderr);
    assert.equal(native.stdout, wasm.stdout);
    assert.equal(native.stderr, '', 'the native backend loads without warnings');
  });

  it('writes SARIF that the SARIF multitool validates without errors or warnings', () => {
    const out = mkdtempSync(join(tmpdir(), 'dtls-sarif-'));
    const run = runCli(['scan', join(REPO_ROOT, 'samples'), '--format', 'sarif', '--fail-on', 'none']);
    assert.equal(run.status, 0, run.stderr);
    writeFileSync(join(out, 'scan.sarif'), run.stdout);
    const validator = join(REPO_ROOT, 'node_modules', '@microsoft', 'sarif-multitool', 'bin.js');
    const v = spawnSync(process.execPath, [validator, 'validate', join(out, 'scan.sarif'), '-o', join(out, 'report.sarif'), '--log', 'ForceOverwrite'], {
      encoding: 'utf8',
      cwd: out,
    });
    assert.equal(v.status, 0, v.stdout + v.stderr);
    const report = JSON.parse(readFileSync(join(out, 'report.sarif'), 'utf8')) as { runs: { results: { level?: string; message: { text?: string } }[] }[] };
    const problems = (report.runs[0]?.results ?? []).filter((r) => r.level === 'error' || r.level === 'warning' || r.level === undefined);
    assert.deepEqual(problems.map((p) => p.message.text), []);
  });

  it('honours --fail-on: none → 0, a clean project → 0, warning threshold on a warning → 1', () => {
    const { dir } = consoleWorkspace();
    assert.equal(runCli(['scan', dir, '--fail-on', 'none']).status, 0);
    assert.equal(runCli(['scan', consoleWorkspace('v4.8').dir]).status, 0);
    const warningOnly = consoleWorkspace('v4.6.1').dir;
    assert.equal(runCli(['scan', warningOnly]).status, 0, 'a warning does not fail the default --fail-on error');
    assert.equal(runCli(['scan', warningOnly, '--fail-on', 'warning']).status, 1);
  });

  it('ends the text report with per-project verdicts and totals', () => {
    const { dir } = consoleWorkspace();
    const run = runCli(['scan', dir]);
    assert.match(run.stdout, /Will fail\s+Sync\/Sync\.csproj/);
    // The warning is DYN103: the project references XrmTooling (CrmServiceClient, built on ADAL).
    assert.match(run.stdout, /Total: 1 error\(s\), 1 warning\(s\)/);
  });

  it('gives the same findings for a single file as for its folder', () => {
    const { dir, proj } = consoleWorkspace();
    const folder = JSON.parse(runCli(['scan', dir, '--format', 'json']).stdout) as { findings: unknown[] };
    const file = JSON.parse(runCli(['scan', proj, '--format', 'json']).stdout) as { findings: unknown[] };
    assert.deepEqual(file.findings, folder.findings);
  });

  it('exits 2 with a clear message on usage errors', () => {
    for (const args of [['scan'], ['scan', '.', '--format', 'xml'], ['scan', '.', '--bogus'], ['frobnicate'], ['scan', '/no/such/folder'], ['lsp']]) {
      const run = runCli(args);
      assert.equal(run.status, 2, `${args.join(' ')}: ${run.stdout}`);
      assert.match(run.stderr, /^tls-readiness: /, args.join(' '));
      assert.doesNotMatch(run.stderr, /\n\s+at /, 'no stack trace for a usage error');
    }
  });

  it('check with no path scans the bundled samples and exits 0', () => {
    const run = runCli(['check']);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /ContosoCrmSync\/ContosoCrmSync\.csproj/);
    assert.match(run.stdout, /Total: /);
  });
});

describe('tls-readiness fix', () => {
  it('rewrites only the version text: CRLF and BOM stay, every other byte is unchanged', () => {
    const { dir, proj, bytes } = consoleWorkspace();
    const run = runCli(['fix', dir]);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /fixed Sync\/Sync\.csproj: TLS001 \(Retarget to \.NET Framework 4\.8\)/);
    const after = readFileSync(proj);
    const expected = Buffer.from(bytes.toString('latin1').replace('v4.5.2', 'v4.8'), 'latin1');
    assert.ok(after.equals(expected), 'only the version text changed, to the preferred 4.8');
    assert.equal(runCli(['scan', dir]).status, 0, 'nothing left to fail on');
  });

  it('--dry-run reports the change and writes nothing', () => {
    const { dir, proj, bytes } = consoleWorkspace();
    const run = runCli(['fix', dir, '--dry-run']);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /would fix Sync\/Sync\.csproj/);
    assert.ok(readFileSync(proj).equals(bytes));
  });

  it('--rule limits the fixes to the named rules', () => {
    const { dir, proj, bytes } = consoleWorkspace();
    const run = runCli(['fix', dir, '--rule', 'TLS040']);
    assert.equal(run.status, 0, run.stderr);
    assert.ok(readFileSync(proj).equals(bytes));
    assert.match(run.stdout, /0 file\(s\) changed/);
  });
});
