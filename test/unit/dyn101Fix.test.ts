import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Finding } from '../../server/src/engine/model/finding';
import { SAMPLE_APP_ID, SAMPLE_REDIRECT_URI } from '../../server/src/engine/retirements/office365Auth';
import { applyTextEdits } from '../../server/src/engine/text/edits';
import { scanFolder } from '../support/engineHarness';

const OAUTH = `AuthType=OAuth;AppId=${SAMPLE_APP_ID};RedirectUri=${SAMPLE_REDIRECT_URI};LoginPrompt=Auto`;

/** Scans one file in a fresh folder and applies the first fix of each DYN101 finding in turn; returns the findings and the text. */
async function fixedText(name: string, text: string): Promise<{ findings: Finding[]; after: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'dtls-dyn101-'));
  writeFileSync(join(dir, name), text);
  const { result } = await scanFolder(dir);
  const findings = result.findings.filter((f) => f.ruleId === 'DYN101');
  const edits = findings.flatMap((f) => f.fixes[0]?.changes.flatMap((c) => c.edits) ?? []);
  return { findings, after: applyTextEdits(text, edits) };
}

describe('DYN101 quick fixes keep every other byte', () => {
  it('config: AuthType=Office365 becomes OAuth with the sample AppId/RedirectUri; Url, Username, Password and CRLF stay', async () => {
    const before = '<configuration>\r\n  <connectionStrings>\r\n    <add name="Crm" connectionString="AuthType=Office365;Username=a@contoso.com;Password=p&amp;q;Url=https://contoso.crm.dynamics.com" />\r\n  </connectionStrings>\r\n</configuration>\r\n';
    const { findings, after } = await fixedText('App.config', before);
    assert.equal(findings.length, 1);
    assert.equal(findings[0]?.fixes[0]?.safe, false, 'never bulk-safe: it changes how users sign in');
    assert.equal(after, before.replace('AuthType=Office365', OAUTH));
  });

  it('config: keys the string already has are not added again (ClientId counts as AppId); spacing and case of the key stay', async () => {
    const before = '<configuration><appSettings><add key="c" value="Url=https://contoso.crm.dynamics.com; authtype = Office365; ClientId=11111111-1111-1111-1111-111111111111; LoginPrompt=Never" /></appSettings></configuration>\n';
    const { after } = await fixedText('Web.config', before);
    assert.equal(after, before.replace('authtype = Office365', `authtype = OAuth;RedirectUri=${SAMPLE_REDIRECT_URI}`));
  });

  it('C#: a regular string, a verbatim const and a string the client does not get directly', async () => {
    const before = [
      'using Microsoft.Xrm.Tooling.Connector;',
      'class P',
      '{',
      '    const string Conn = @"AuthType=Office365;Url=https://contoso.crm.dynamics.com;Username=u;Password=""p""";',
      '    static void Main()',
      '    {',
      '        var a = new CrmServiceClient("AuthType=Office365;Url=https://contoso.crm.dynamics.com;Username=u;Password=p\\"q");',
      '        var b = new CrmServiceClient(Conn);',
      '    }',
      '}',
      '',
    ].join('\r\n');
    const dir = mkdtempSync(join(tmpdir(), 'dtls-dyn101cs-'));
    writeFileSync(join(dir, 'P.cs'), before);
    const { result } = await scanFolder(dir);
    const findings = result.findings.filter((f) => f.ruleId === 'DYN101');
    assert.equal(findings.length, 2, JSON.stringify(findings.map((f) => [f.range, f.message])));
    for (const f of findings) {
      const after = applyTextEdits(before, f.fixes[0]?.changes[0]?.edits ?? []);
      assert.equal(after.split('AuthType=Office365').length, 2, 'exactly one of the two strings changes');
      assert.ok(after.includes(`${OAUTH};Url=https://contoso.crm.dynamics.com`));
      assert.equal(after.replace(OAUTH, 'AuthType=Office365'), before, 'nothing else changes');
    }
  });

  it('PowerShell: a single-quoted connection string, and -ForceOAuth appended to Connect-CrmOnline', async () => {
    const before = "$cs = 'AuthType=Office365;Url=https://contoso.crm.dynamics.com;Username=u;Password=p'\nConnect-CrmOnline -ServerUrl https://contoso.crm.dynamics.com -Credential $cred\nGet-CrmConnection -ConnectionString $cs\n";
    const { findings, after } = await fixedText('deploy.ps1', before);
    assert.equal(findings.length, 2);
    assert.equal(after, before.replace('AuthType=Office365', OAUTH).replace('-Credential $cred', '-Credential $cred -ForceOAuth'));
  });
});
