import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runCli } from './cliRunner';

/** A 4.5.2 console project with Dynamics connection evidence (TLS001 error) and an ASP.NET site on 4.5.2 without httpRuntime (TLS013). */
function workspace(settings?: Record<string, unknown>): string {
  const dir = mkdtempSync(join(tmpdir(), 'dtls-retarget-'));
  mkdirSync(join(dir, 'Sync'));
  writeFileSync(
    join(dir, 'Sync', 'Sync.csproj'),
    '<Project ToolsVersion="15.0" xmlns="http://schemas.microsoft.com/developer/msbuild/2003">\r\n  <PropertyGroup>\r\n    <OutputType>Exe</OutputType>\r\n    <TargetFrameworkVersion>v4.5.2</TargetFrameworkVersion>\r\n  </PropertyGroup>\r\n</Project>\r\n',
  );
  writeFileSync(join(dir, 'Sync', 'App.config'), '<configuration>\r\n  <connectionStrings>\r\n    <add name="crm" connectionString="AuthType=OAuth;Url=https://contoso.crm.dynamics.com" />\r\n  </connectionStrings>\r\n</configuration>\r\n');
  mkdirSync(join(dir, 'Portal'));
  writeFileSync(
    join(dir, 'Portal', 'Portal.csproj'),
    '<Project ToolsVersion="15.0" xmlns="http://schemas.microsoft.com/developer/msbuild/2003">\n  <PropertyGroup>\n    <ProjectTypeGuids>{349c5851-65df-11da-9384-00065b846f21};{fae04ec0-301f-11d3-bf4b-00c04f79efbc}</ProjectTypeGuids>\n    <OutputType>Library</OutputType>\n    <TargetFrameworkVersion>v4.5.2</TargetFrameworkVersion>\n  </PropertyGroup>\n  <ItemGroup>\n    <Content Include="Web.config" />\n  </ItemGroup>\n</Project>\n',
  );
  writeFileSync(join(dir, 'Portal', 'Web.config'), '<configuration>\n  <system.web>\n    <httpRuntime maxRequestLength="8192" />\n  </system.web>\n</configuration>\n');
  if (settings) {
    mkdirSync(join(dir, '.vscode'));
    writeFileSync(join(dir, '.vscode', 'settings.json'), JSON.stringify(settings));
  }
  return dir;
}

interface JsonFinding {
  ruleId: string;
  message: string;
  fixes: { title: string; safe: boolean }[];
}

function findings(dir: string, ...args: string[]): JsonFinding[] {
  const run = runCli(['scan', dir, '--format', 'json', '--fail-on', 'none', ...args]);
  assert.equal(run.status, 0, run.stderr);
  return (JSON.parse(run.stdout) as { findings: JsonFinding[] }).findings;
}

const tfm = (dir: string, project: string): string => /<TargetFrameworkVersion>([^<]*)</.exec(readFileSync(join(dir, project), 'utf8'))?.[1] ?? '';
const runtime = (dir: string): string => /<httpRuntime[^>]*>/.exec(readFileSync(join(dir, 'Portal', 'Web.config'), 'utf8'))?.[0] ?? '';

describe('tls-readiness --retarget-to (and dynamicsTls.retargetTo)', () => {
  it('without the flag: 4.8 is the preferred retarget in the message, first and safe; 4.6.2 stays a quick fix', () => {
    const tls001 = findings(workspace()).find((f) => f.ruleId === 'TLS001' && /Console/.test(f.message));
    assert.match(tls001?.message ?? '', /retarget to \.NET Framework 4\.8 \(4\.6\.2's support ends on 12 January 2027\)\.$/);
    assert.deepEqual(tls001?.fixes.map((f) => [f.title, f.safe]), [
      ['Retarget to .NET Framework 4.8', true],
      ['Retarget to .NET Framework 4.6.2', false],
    ]);
  });

  it('scan --retarget-to 4.6.2 words the findings as fix will apply them', () => {
    const all = findings(workspace(), '--retarget-to', '4.6.2');
    const tls001 = all.find((f) => f.ruleId === 'TLS001' && /Console/.test(f.message));
    assert.match(tls001?.message ?? '', /retarget to \.NET Framework 4\.6\.2 \(the KB's minimum; its support ends on 12 January 2027\)\.$/);
    assert.deepEqual(tls001?.fixes.map((f) => [f.title, f.safe]), [
      ['Retarget to .NET Framework 4.6.2', true],
      ['Retarget to .NET Framework 4.8', false],
    ]);
    assert.match(all.find((f) => f.ruleId === 'TLS013')?.message ?? '', /set httpRuntime targetFramework to 4\.6\.2 \(the KB's minimum/);
  });

  it('fix --retarget-to 4.7.2 writes 4.7.2 to every legacy project and the same version to httpRuntime', () => {
    const dir = workspace();
    const run = runCli(['fix', dir, '--retarget-to', '4.7.2']);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /fixed Sync\/Sync\.csproj: TLS001 \(Retarget to \.NET Framework 4\.7\.2\)/);
    assert.equal(tfm(dir, 'Sync/Sync.csproj'), 'v4.7.2');
    assert.equal(tfm(dir, 'Portal/Portal.csproj'), 'v4.7.2');
    assert.equal(runtime(dir), '<httpRuntime maxRequestLength="8192" targetFramework="4.7.2" />');
    assert.equal(runCli(['scan', dir, '--fail-on', 'warning']).status, 0, 'nothing left at warning or above');
  });

  it('reads dynamicsTls.retargetTo from .vscode/settings.json, and the flag wins over it', () => {
    const fromSettings = workspace({ 'dynamicsTls.retargetTo': '4.8.1' });
    assert.equal(runCli(['fix', fromSettings]).status, 0);
    assert.equal(tfm(fromSettings, 'Sync/Sync.csproj'), 'v4.8.1');
    const flagWins = workspace({ 'dynamicsTls.retargetTo': '4.8.1' });
    assert.equal(runCli(['fix', flagWins, '--retarget-to=4.6.2']).status, 0);
    assert.equal(tfm(flagWins, 'Sync/Sync.csproj'), 'v4.6.2');
    assert.equal(runtime(flagWins), '<httpRuntime maxRequestLength="8192" targetFramework="4.6.2" />');
  });

  it('a bad value is a usage error: exit 2, a clear message naming the accepted versions, nothing written', () => {
    for (const bad of ['4.5.2', 'net48', 'v4.8', '']) {
      const dir = workspace();
      const before = readFileSync(join(dir, 'Sync', 'Sync.csproj'));
      for (const command of ['scan', 'fix']) {
        const run = runCli([command, dir, '--retarget-to', bad]);
        assert.equal(run.status, 2, `${command} --retarget-to "${bad}"`);
        assert.match(run.stderr, new RegExp(`^tls-readiness: --retarget-to must be one of 4\\.6\\.2, 4\\.7\\.2, 4\\.8, 4\\.8\\.1 \\(got "${bad.replace(/\./g, '\\.')}"\\)`));
        assert.equal(run.stdout, '');
      }
      assert.ok(readFileSync(join(dir, 'Sync', 'Sync.csproj')).equals(before));
    }
    const missing = runCli(['fix', workspace(), '--retarget-to']);
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /--retarget-to must be one of 4\.6\.2, 4\.7\.2, 4\.8, 4\.8\.1\n/);
  });

  it('--help lists --retarget-to for scan and fix', () => {
    const run = runCli(['--help']);
    assert.equal(run.status, 0);
    assert.match(run.stdout, /tls-readiness scan <path\.\.\.> .*\[--retarget-to 4\.6\.2\|4\.7\.2\|4\.8\|4\.8\.1\]/);
    assert.match(run.stdout, /tls-readiness fix <path\.\.\.> .*\[--retarget-to 4\.6\.2\|4\.7\.2\|4\.8\|4\.8\.1\]/);
  });
});
