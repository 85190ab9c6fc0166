import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { deploymentOf } from '../../server/src/engine/csharp/connectionTarget';
import { csharpModel } from '../../server/src/engine/csharp/csharpModel';
import { backend } from '../support/engineHarness';

/** The URLs of the first client creation in `body` (wrapped in a method, with the usual usings). */
async function urlsOf(body: string): Promise<string[]> {
  const text = `using System;\nusing Microsoft.Xrm.Tooling.Connector;\nclass C {\n  void M(string org, string pwd, string url) {\n${body}\n  }\n}\n`;
  const model = csharpModel((await backend()).parse('c_sharp', text), text);
  const c = model.creations[0];
  assert.ok(c, 'a creation is found');
  return c.urls;
}

describe('C# client creations: where the connection goes', () => {
  it('reads the Url of a connection string built by concatenation, interpolation or a constant', async () => {
    assert.deepEqual(await urlsOf('var c = new CrmServiceClient("AuthType=AD;Url=http://crm.internal.local/contoso;Password=" + pwd);'), ['http://crm.internal.local']);
    assert.deepEqual(await urlsOf('var c = new CrmServiceClient($"AuthType=OAuth;Url=https://contoso.crm.dynamics.com;Password={pwd}");'), ['https://contoso.crm.dynamics.com']);
    assert.deepEqual(await urlsOf('const string cs = "AuthType=OAuth;Url=https://contoso.crm4.dynamics.com";\nvar c = new CrmServiceClient(cs);'), ['https://contoso.crm4.dynamics.com']);
    assert.deepEqual(await urlsOf('var c = new CrmServiceClient(("AuthType=AD;" + "Url=https://crm.contoso.local:5555/org;") + pwd);'), ['https://crm.contoso.local']);
  });

  it('leaves a host with a computed part unknown, never guessing on-premises', async () => {
    assert.deepEqual(await urlsOf('var c = new CrmServiceClient("AuthType=OAuth;Url=https://" + org + ".crm.dynamics.com");'), []);
    assert.deepEqual(await urlsOf('var c = new CrmServiceClient($"AuthType=OAuth;Url=https://contoso.{org};");'), []);
    assert.deepEqual(await urlsOf('var c = new CrmServiceClient("AuthType=OAuth;Url=" + url + ";RedirectUri=http://localhost:8080");'), []);
    assert.deepEqual(await urlsOf('var c = new CrmServiceClient(System.Configuration.ConfigurationManager.ConnectionStrings["Crm"].ConnectionString);'), []);
  });

  it('reads the destination from the first argument only (later ones are authorities, home realms, redirect URIs)', async () => {
    assert.deepEqual(await urlsOf('var c = new CrmServiceClient(new Uri(url), "id", "secret", true, "https://login.microsoftonline.com/common");'), []);
    assert.deepEqual(await urlsOf('var c = new OrganizationServiceProxy(new Uri(url), new Uri("https://sts.contoso.local/adfs"), null, null);'), []);
  });

  it('reads `new Uri("…")` arguments of the SDK proxies', async () => {
    assert.deepEqual(await urlsOf('var c = new OrganizationServiceProxy(new Uri("https://contoso.api.crm.dynamics.com/XRMServices/2011/Organization.svc"), null, null, null);'), [
      'https://contoso.api.crm.dynamics.com',
    ]);
  });

  it('classifies online, Government and on-premises hosts', () => {
    assert.deepEqual(deploymentOf(['https://contoso.crm.dynamics.com']), { deployment: 'online', host: 'contoso.crm.dynamics.com' });
    assert.deepEqual(deploymentOf(['http://crm.internal.local', 'https://contoso.crm.microsoftdynamics.us']), { deployment: 'online', host: 'contoso.crm.microsoftdynamics.us' });
    assert.deepEqual(deploymentOf(['https://crm.contoso.local']), { deployment: 'onPremises', host: 'crm.contoso.local' });
    assert.deepEqual(deploymentOf(['https://contoso.operations.dynamics.com']), { deployment: 'onPremises', host: 'contoso.operations.dynamics.com' });
    assert.equal(deploymentOf([]), undefined);
  });
});
