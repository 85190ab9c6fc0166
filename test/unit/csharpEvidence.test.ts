import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { csharpModel } from '../../server/src/engine/csharp/csharpModel';
import { extractCsharpFacts } from '../../server/src/engine/csharp/csharpFacts';
import { literalEvidence } from '../../server/src/engine/csharp/literalEvidence';
import { workspaceClientTypes } from '../../server/src/engine/project/codeFacts';
import { backend } from '../support/engineHarness';

/** The evidence descriptions and deployments the literals of a C# file give. */
async function literalsOf(text: string): Promise<string[]> {
  const model = csharpModel((await backend()).parse('c_sharp', text), text);
  return literalEvidence('/w/P/Program.cs', text, model).map((e) => `${e.deployment ?? '-'} ${e.description}`);
}

/** A file's code facts. */
async function factsOf(text: string): Promise<ReturnType<typeof extractCsharpFacts>> {
  const tree = (await backend()).parse('c_sharp', text);
  try {
    return extractCsharpFacts('/w/P/Program.cs', text, tree);
  } finally {
    tree.delete();
  }
}

describe('C# connection evidence in string literals', () => {
  it('counts a Dynamics online URL held whole in a literal, a const, a verbatim or an interpolated string', async () => {
    const text = [
      'class C {',
      '  const string Api = "https://contoso.api.crm.dynamics.com/api/data/v9.2/";',
      '  string a = @"https://contoso.crm4.dynamics.com";',
      '  string b = $"https://{org}.crm.dynamics.com/api/data/v9.2/{set}";',
      '  string g = "https://contoso.crm9.microsoftdynamics.us";',
      '}',
    ].join('\n');
    assert.deepEqual(await literalsOf(text), [
      'online Dynamics URL on contoso.api.crm.dynamics.com in a string in Program.cs',
      'online Dynamics URL on contoso.crm4.dynamics.com in a string in Program.cs',
      'online Dynamics URL on {org}.crm.dynamics.com in a string in Program.cs',
      'online Dynamics URL on contoso.crm9.microsoftdynamics.us in a string in Program.cs',
    ]);
  });

  it('counts connection strings, with the deployment their URL or AuthType says', async () => {
    const text = [
      'class C {',
      '  const string Online = "AuthType=OAuth;Url=https://contoso.crm.dynamics.com;AppId=x";',
      '  const string Claims = "AuthType=Claims;Url=";',
      '  const string Secret = "AuthType=ClientSecret;ClientId=x;Url=";',
      '  const string Legacy = "Url=https://contoso.crm.dynamics.com; Username=x";',
      '  const string Bare = "Url=contoso.crm.dynamics.com";',
      '}',
    ].join('\n');
    assert.deepEqual(await literalsOf(text), [
      'online connection string to contoso.crm.dynamics.com in a string in Program.cs',
      'onPremises on-premises connection string with AuthType=Claims in a string in Program.cs',
      'online connection string with AuthType=ClientSecret in a string in Program.cs',
      'online Dynamics URL on contoso.crm.dynamics.com in a string in Program.cs',
      'online Dynamics URL on contoso.crm.dynamics.com in a string in Program.cs',
    ]);
  });

  it('ignores comments, documentation, attributes, dead code, prose, OAuth scopes, pages for a person, bare host names and other hosts', async () => {
    const text = [
      '/// <summary>See <a href="https://contoso.crm.dynamics.com/main.aspx">the org</a>.</summary>',
      '[HelpUri("https://contoso.crm.dynamics.com/help")]',
      'class C {',
      '  // https://contoso.crm.dynamics.com',
      '  /* AuthType=OAuth;Url=https://contoso.crm.dynamics.com */',
      '#if false',
      '  const string Old = "https://contoso.crm.dynamics.com";',
      '#endif',
      '  const string Scope = "https://contoso.crm.dynamics.com/.default";',
      '  const string Impersonation = "https://contoso.crm.dynamics.com/user_impersonation";',
      '  const string Page = "https://contoso.crm.dynamics.com/main.aspx?pagetype=entitylist";',
      '  const string Prose = "Open https://contoso.crm.dynamics.com in a browser";',
      '  const string Redirect = "http://localhost";',
      '  string Host => "test.crm.dynamics.com";',
      '  const string Bc = "https://businesscentral.dynamics.com/tenant";',
      '}',
    ].join('\n');
    assert.deepEqual(await literalsOf(text), []);
  });
});

describe('C# client types: the workspace subclasses of the SDK clients', () => {
  it('records classes with their first base, resolved against the SDK with the file usings', async () => {
    const facts = await factsOf(
      [
        'using Microsoft.Xrm.Tooling.Connector;',
        'public class Contoso : CrmServiceClient { public Contoso(string c) : base(c) {} }',
        'public sealed class Audited : Contoso { public Audited(string c) : base(c) {} }',
        'public class Other : System.Exception {}',
        'public class ServiceClientLike : ServiceClient {}',
      ].join('\n'),
    );
    assert.deepEqual(facts.classBases, [
      { name: 'Contoso', base: 'CrmServiceClient', sdk: true },
      { name: 'Audited', base: 'Contoso', sdk: false },
      { name: 'Other', base: 'Exception', sdk: false },
      // `ServiceClient` without the Dataverse namespace is a WCF proxy, not the SDK's client.
      { name: 'ServiceClientLike', base: 'ServiceClient', sdk: false },
    ]);
    assert.deepEqual(
      [...workspaceClientTypes([facts]).entries()],
      [
        ['Contoso', 'CrmServiceClient'],
        ['Audited', 'CrmServiceClient'],
      ],
    );
  });

  it('finds a base list however the declaration is spelt (type parameters, constraints, comments, directives), and none where there is none', async () => {
    const facts = await factsOf(
      [
        'using Microsoft.Xrm.Tooling.Connector;',
        'public class Plain { }',
        'public class Generic<T> : CrmServiceClient where T : new() { public Generic(string c) : base(c) {} }',
        'public class Commented /* { */ : CrmServiceClient { public Commented(string c) : base(c) {} }',
        'public class Directive',
        '#if !CLIENT',
        '  : CrmServiceClient',
        '#endif',
        '{ }',
        'public class Constrained<T> where T : class { }',
        'public class Unfinished : CrmServiceClient',
      ].join('\n'),
    );
    assert.deepEqual(
      facts.classBases?.map((b) => [b.name, b.base, b.sdk]),
      [
        ['Generic', 'CrmServiceClient', true],
        ['Commented', 'CrmServiceClient', true],
        // A base list behind a directive is not in the class's syntax (tree-sitter keeps directives apart): not read.
        ['Unfinished', 'CrmServiceClient', true],
      ],
    );
  });

  it('skips the SDK client types among `new X(…)` however they are spelt, and keeps the others', async () => {
    const facts = await factsOf(
      [
        'using Microsoft.Xrm.Tooling.Connector;',
        'using Crm = Microsoft.Xrm.Tooling.Connector.CrmServiceClient;',
        'class P { void M(string a) {',
        '  var c = new CrmServiceClient(a);',
        '  var d = new Microsoft.Xrm.Tooling.Connector.CrmServiceClient(a);',
        '  var e = new Crm(a);',
        '  var f = new global::Microsoft.Xrm.Tooling.Connector.CrmServiceClient(a);',
        '  var g = new Audited(a);',
        '} }',
      ].join('\n'),
    );
    assert.deepEqual(facts.creationCandidates?.map((c) => c.typeName), ['Audited']);
  });

  it('keeps `new X(…)` of other types as candidates, with the destination a literal argument names', async () => {
    const facts = await factsOf(
      [
        'class P { void M(string a) {',
        '  var c = new Audited("AuthType=AD;Url=http://crm.contoso.local/org");',
        '  var d = new Contoso.Clients.Audited(a);',
        '  var s = new System.Text.StringBuilder();',
        '  // new Audited("x");',
        '} }',
      ].join('\n'),
    );
    assert.deepEqual(
      facts.creationCandidates?.map((c) => [c.typeName, c.urls, c.authType ?? '-']),
      [
        ['Audited', ['http://crm.contoso.local'], 'AD'],
        ['Audited', [], '-'],
        ['StringBuilder', [], '-'],
      ],
    );
  });

  it('counts static discovery calls and DiscoveryServiceProxy as client creations', async () => {
    const facts = await factsOf(
      [
        'using Microsoft.Xrm.Tooling.Connector;',
        'using Microsoft.Xrm.Sdk.Client;',
        'class P { void M(System.Uri u) {',
        '  var orgs = CrmServiceClient.DiscoverOrganizations(u, null, null, null);',
        '  var proxy = new DiscoveryServiceProxy(u, null, null, null);',
        '  var name = nameof(CrmServiceClient.DiscoverOrganizations);',
        '} }',
      ].join('\n'),
    );
    assert.deepEqual(
      facts.dynamicsClients.map((e) => e.description),
      ['CrmServiceClient.DiscoverOrganizations(…)', 'new DiscoveryServiceProxy(…)'],
    );
  });
});

describe('C# process evidence: cmdlet providers', () => {
  it('takes a class deriving from a PowerShell provider base as a cmdlet class (it runs in the PowerShell process)', async () => {
    const facts = await factsOf(
      [
        'using System.Management.Automation.Provider;',
        'public sealed class Drive : NavigationCmdletProvider {}',
        'public sealed class Items : System.Management.Automation.Provider.ItemCmdletProvider {}',
        'public sealed class Own : MyCmdletProvider {}',
      ].join('\n'),
    );
    assert.deepEqual(
      facts.cmdletClasses.map((e) => e.description),
      ['class Drive : NavigationCmdletProvider', 'class Items : System.Management.Automation.Provider.ItemCmdletProvider'],
    );
  });

  it('does not take a provider base without its namespace', async () => {
    const facts = await factsOf('public sealed class Drive : NavigationCmdletProvider {}');
    assert.deepEqual(facts.cmdletClasses, []);
  });
});
