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
  it('TLS001 error: the SDK references and the client creation', async () => {
    assert.deepEqual(await relatedOf('TLS001', 'positive-vs2015-console-conditions'), [
      [
        'ContosoSync/ContosoSync.csproj:47 reference to Microsoft.Xrm.Sdk',
        'ContosoSync/ContosoSync.csproj:50 reference to Microsoft.Xrm.Tooling.Connector',
        'ContosoSync/App.config:7 connection string to contoso.crm.dynamics.com in App.config',
      ],
    ]);
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
