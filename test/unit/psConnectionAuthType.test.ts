import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { destinationOf } from '../../server/src/engine/powershell/connections';

describe('PowerShell connection strings: the AuthType decides where a computed URL goes', () => {
  it('AD/IFD/Claims on-premises, ClientSecret/Certificate online, anything else or a variable unknown', () => {
    const where = (text: string): string => {
      const d = destinationOf([{ text }]);
      return `${d.destination} ${d.destinationReason ?? '-'}`;
    };
    assert.equal(where('AuthType=Claims;Url=$ServerUrl;Username=x'), 'onPremises AuthType=Claims');
    assert.equal(where('AuthType=IFD;Url=$ServerUrl'), 'onPremises AuthType=IFD');
    assert.equal(where('AuthType=ClientSecret;Url=$ServerUrl;ClientId=$id'), 'online AuthType=ClientSecret, an Entra ID app identity that only Dynamics 365 online accepts');
    assert.equal(where('AuthType=Certificate;Url=$ServerUrl;Thumbprint=$t'), 'online AuthType=Certificate, an Entra ID app identity that only Dynamics 365 online accepts');
    assert.equal(where('AuthType=OAuth;Url=$ServerUrl'), 'unknown -');
    assert.equal(where('AuthType=$AuthType;Url=$ServerUrl'), 'unknown -');
    // A Dynamics online URL decides before the AuthType.
    assert.equal(where('AuthType=AD;Url=https://contoso.crm.dynamics.com'), 'online https://contoso.crm.dynamics.com');
  });
});
