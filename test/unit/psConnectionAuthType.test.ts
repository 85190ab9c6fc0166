import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createAnalyzer } from '../../server/src/engine/engine';
import { destinationOf } from '../../server/src/engine/powershell/connections';
import { backend } from '../support/engineHarness';

/** TLS030's level for one open script (as the language server analyses it). */
async function tls030Levels(text: string): Promise<string[]> {
  const analyzer = createAnalyzer(await backend());
  analyzer.updateFacts('/ws/Connect.ps1', text);
  return analyzer.analyze('/ws/Connect.ps1', text).filter((f) => f.ruleId === 'TLS030').map((f) => f.severity);
}

describe('PowerShell connection strings: the AuthType decides where a computed URL goes', () => {
  it('AD/IFD/Claims on-premises, ClientSecret/Certificate online, anything else or a variable unknown', () => {
    const where = (text: string): string => {
      const d = destinationOf([text]);
      return `${d.destination} ${d.destinationReason ?? '-'}`;
    };
    assert.equal(where('AuthType=Claims;Url=$ServerUrl;Username=x'), 'onPremises AuthType=Claims');
    assert.equal(where('AuthType=IFD;Url=$ServerUrl'), 'onPremises AuthType=IFD');
    assert.equal(where('AuthType=ClientSecret;Url=$ServerUrl;ClientId=$id'), 'online AuthType=ClientSecret');
    assert.equal(where('AuthType=Certificate;Url=$ServerUrl;Thumbprint=$t'), 'online AuthType=Certificate');
    assert.equal(where('AuthType=OAuth;Url=$ServerUrl'), 'unknown -');
    assert.equal(where('AuthType=$AuthType;Url=$ServerUrl'), 'unknown -');
    // A Dynamics online URL decides before the AuthType.
    assert.equal(where('AuthType=AD;Url=https://contoso.crm.dynamics.com'), 'online https://contoso.crm.dynamics.com');
  });
});

describe('PowerShell -AuthType arguments', () => {
  it('-AuthType AD/IFD/Claims (given or splatted) lowers TLS030 to information; OAuth or a variable says nothing', async () => {
    const call = (auth: string): string => `$c = Get-CrmConnection -ServerUrl $ServerUrl -OrganizationName $o -Credential $cred -AuthType ${auth}\n`;
    assert.deepEqual(await tls030Levels(call('AD')), ['information']);
    assert.deepEqual(await tls030Levels(call("'IFD'")), ['information']);
    assert.deepEqual(await tls030Levels('$p = @{ ServerUrl = $u; AuthType = "Claims" }\n$c = Get-CrmConnection @p\n'), ['information']);
    assert.deepEqual(await tls030Levels(call('OAuth')), ['warning']);
    assert.deepEqual(await tls030Levels(call('$AuthType')), ['warning']);
  });
});

describe('TLS030 links the evidence that set its level', () => {
  it('points at the assignment of the connection string whose AuthType lowered it, and at an online URL that raised it', async () => {
    const analyzer = createAnalyzer(await backend());
    const text = '$cs = "AuthType=AD;Url=$u"\n$c = Get-CrmConnection -ConnectionString $cs\n$d = Get-CrmConnection -ServerUrl https://contoso.crm.dynamics.com -Credential $x\n$e = Get-CrmConnection -InteractiveMode\n';
    analyzer.updateFacts('/ws/Connect.ps1', text);
    const found = analyzer.analyze('/ws/Connect.ps1', text).filter((f) => f.ruleId === 'TLS030');
    assert.deepEqual(
      found.map((f) => [f.range.start.line + 1, f.severity, f.related.map((r) => `${r.range.start.line + 1} ${r.message}`)]),
      [
        [2, 'information', ['1 the connection goes to an on-premises server: AuthType=AD']],
        [3, 'error', ['3 the connection goes to Dynamics 365 online: https://contoso.crm.dynamics.com']],
        [4, 'warning', []],
      ],
    );
  });
});

describe('PowerShell on-premises branches', () => {
  it('an if/elseif condition or a switch arm selecting an on-premises mode lowers TLS030; else, negations and URLs do not', async () => {
    const call = 'Get-CrmConnection -ServerUrl $u -Credential $c -OrganizationName o';
    assert.deepEqual(await tls030Levels(`if ($AuthType -eq 'AD') { ${call} } else { ${call} }\n`), ['information', 'warning']);
    assert.deepEqual(await tls030Levels(`if ($x) { } elseif ('IFD' -eq $mode) { ${call} }\n`), ['information']);
    assert.deepEqual(await tls030Levels(`if ($IsOnPremises) { ${call} }\n`), ['information']);
    assert.deepEqual(await tls030Levels(`switch ($Mode) { 'IFD' { ${call} } 'Online' { ${call} } }\n`), ['information', 'warning']);
    assert.deepEqual(await tls030Levels(`if ($AuthType -ne 'AD') { ${call} }\n`), ['warning']);
    assert.deepEqual(await tls030Levels(`if ($AuthType -eq 'AD') { Get-CrmConnection -ServerUrl https://contoso.crm.dynamics.com -Credential $c }\n`), ['error']);
  });
});
