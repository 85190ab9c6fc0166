import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { regionalDiscoveryUrls } from '../../server/src/engine/retirements/regionalDiscovery';

describe('DYN102: regional discovery URLs and their global replacement', () => {
  it('replaces the host and the Web API path where that is mechanical, and nothing for SOAP or other clouds', () => {
    const cases: [string, string | undefined][] = [
      ['https://disco.crm.dynamics.com', 'https://globaldisco.crm.dynamics.com'],
      ['https://disco.crm4.dynamics.com/', 'https://globaldisco.crm.dynamics.com/'],
      ['https://disco.crm.dynamics.com/api/discovery/v9.1/Instances', 'https://globaldisco.crm.dynamics.com/api/discovery/v2.0/Instances'],
      ["http://disco.crm11.dynamics.com/api/discovery/v9.0/Instances(UniqueName='org')", 'https://globaldisco.crm.dynamics.com/api/discovery/v2.0/Instances(UniqueName='], // the URL ends at the quote,
      ['https://disco.crm9.dynamics.com/api/discovery/v9.1/', 'https://globaldisco.crm9.dynamics.com/api/discovery/v2.0/'],
      ['https://disco.crm5.dynamics.com/XRMServices/2011/Discovery.svc', undefined],
      ['https://disco.crm.microsoftdynamics.us/api/discovery/v9.1/', undefined],
      ['https://dev.crm.dynamics.com/XRMServices/2011/Discovery.svc', undefined],
    ];
    for (const [url, replacement] of cases) {
      const found = regionalDiscoveryUrls(`x "${url}" y`);
      assert.equal(found.length, 1, url);
      assert.equal(found[0]?.replacement, replacement, url);
      assert.equal(found[0]?.url, url.replace(/'.*$/, ''), 'the URL stops at a quote');
    }
  });

  it('does not match the global service, an on-premises Discovery.svc, another product or a longer host', () => {
    for (const text of [
      'https://globaldisco.crm.dynamics.com/api/discovery/v2.0/Instances',
      'https://crm.contoso.com/XRMServices/2011/Discovery.svc',
      'https://disco.crm.dynamics.com.evil.example/x',
      'https://dev.crm.dynamics.com/main.aspx',
      'https://mydisco.crm.dynamics.com',
    ]) {
      assert.deepEqual(regionalDiscoveryUrls(text), [], text);
    }
  });
});
