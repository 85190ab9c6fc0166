import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Finding } from '../../server/src/engine/model/finding';
import { relativePath } from '../../server/src/engine/project/paths';
import { RULE_FIXTURES, scanFolder } from '../support/engineHarness';

/** The related locations of a fixture's findings of one rule, as "file:line message". */
async function relatedOf(rule: string, fixture: string): Promise<string[][]> {
  const { result } = await scanFolder(join(RULE_FIXTURES, rule, fixture, 'workspace'));
  return result.findings
    .filter((f: Finding) => f.ruleId === rule)
    .map((f) => f.related.map((r) => `${relativePath(result.baseDir, r.path)}:${r.range.start.line + 1} ${r.message}`));
}

describe('project and config findings name the evidence that set their severity', () => {
  it('TLS001 error: the connection evidence that made it one (the connection string and the client creation, not the SDK references)', async () => {
    assert.deepEqual(await relatedOf('TLS001', 'positive-vs2015-console-conditions'), [
      ['ContosoSync/App.config:7 connection string to contoso.crm.dynamics.com in App.config', 'ContosoSync/Program.cs:11 new CrmServiceClient(…)'],
    ]);
  });

  it('TLS001 warning with only an SDK reference: the reference, and a message saying no connection was found', async () => {
    const { result } = await scanFolder(join(RULE_FIXTURES, 'TLS001', 'positive-console-452-crlf-bom', 'workspace'));
    const found = result.findings.filter((f: Finding) => f.ruleId === 'TLS001');
    assert.deepEqual(found.map((f) => f.severity), ['warning']);
    assert.match(found[0]?.message ?? '', /no Dynamics connection was found/);
    assert.ok(found[0]?.related.some((r) => /^(reference to|package) Microsoft\./.test(r.message)), JSON.stringify(found[0]?.related));
  });

  it('TLS001 on an exe that loads a Dynamics library: the library evidence; on the library: the exe that loads it', async () => {
    const [app, lib] = await relatedOf('TLS001', 'positive-exe-references-library');
    assert.ok(app?.some((r) => r.startsWith('CrmData/Repository.cs:') && r.endsWith('(in referenced library CrmData.csproj)')));
    assert.deepEqual(lib, ['App/App.csproj:11 loaded by App.csproj (.NET Framework 4.5.2)']);
  });

  it('TLS001 information: the switch that enables TLS 1.2, or the on-premises connection string', async () => {
    assert.deepEqual(await relatedOf('TLS001', 'positive-enabled-in-config-information'), [['Sync/App.config:7 Switch.System.Net.DontEnableSchUseStrongCrypto=false in App.config']]);
    assert.deepEqual(await relatedOf('TLS001', 'positive-on-premises-information'), [['OnPrem/App.config:4 on-premises connection string to crm.contoso.local in App.config']]);
  });

  it('TLS010: the target that set the severity (project target, or httpRuntime targetFramework)', async () => {
    assert.deepEqual(await relatedOf('TLS010', 'positive-exe-452-error'), [['Sync/Sync.csproj:11 the project targets .NET Framework 4.5.2']]);
    assert.deepEqual(await relatedOf('TLS010', 'positive-web-appsettings'), [['Portal/Web.config:9 httpRuntime targetFramework="4.6.1" sets the runtime target']]);
  });

  it('TLS003: the ToolsVersion that makes it a Visual Studio 2015 project', async () => {
    const related = await relatedOf('TLS003', 'positive-explicit-true');
    assert.deepEqual(related, [['Tool/Tool.csproj:2 ToolsVersion="14.0": a Visual Studio 2015 project']]);
  });
});
