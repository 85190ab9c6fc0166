import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { csharpModel, csharpModelFromScratch } from '../../server/src/engine/csharp/csharpModel';
import { RECORD_LISTS, recordList } from '../../server/src/engine/csharp/csharpRecords';
import { csharpFactsProvider } from '../../server/src/engine/csharp/csharpFacts';
import { RECORD_KINDS, RECORD_WORDS, SETTING_WORDS } from '../../server/src/engine/csharp/recordKinds';
import { backend } from '../support/engineHarness';

/**
 * One live statement per trigger word, each giving one record of its kind: a word added to the table without one fails.
 * A word of two kinds has a sample per kind, keyed `list:word`.
 */
const SAMPLES: Record<string, string> = {
  SecurityProtocol: 'ServicePointManager.SecurityProtocol = SecurityProtocolType.Tls12;',
  SslProtocols: 'var h = new System.Net.Http.HttpClientHandler(); h.SslProtocols = SslProtocols.Tls12;',
  EnabledSslProtocols: 'var o = new SslClientAuthenticationOptions { EnabledSslProtocols = SslProtocols.Tls12 };',
  AuthenticateAsClient: 'stream.AuthenticateAsClient("host", null, SslProtocols.Tls12, false);',
  AuthenticateAsClientAsync: 'stream.AuthenticateAsClientAsync("host", null, SslProtocols.Tls12, false);',
  BeginAuthenticateAsClient: 'stream.BeginAuthenticateAsClient("host", null, SslProtocols.Tls12, false, null, null);',
  SetSwitch: 'AppContext.SetSwitch("Switch.System.Net.DontEnableSchUseStrongCrypto", false);',
  CrmServiceClient: 'var c = new CrmServiceClient("AuthType=Office365");',
  OrganizationServiceProxy: 'var c = new OrganizationServiceProxy(uri, null, null, null);',
  OrganizationWebProxyClient: 'var c = new OrganizationWebProxyClient(uri, false);',
  DiscoveryServiceProxy: 'var c = new DiscoveryServiceProxy(uri, null, null, null);',
  ServiceClient: 'var c = new ServiceClient("AuthType=ClientSecret");',
  CrmConnection: 'var c = new CrmConnection("Url=https://contoso.crm.dynamics.com");',
  'proxyProperties:OrganizationServiceProxy': 'var t = client.OrganizationServiceProxy.Timeout;',
};

const file = (statement: string): string =>
  ['using System;', 'using System.Net;', 'using System.Net.Security;', 'using System.Security.Authentication;', 'using Microsoft.PowerPlatform.Dataverse.Client;', 'using Microsoft.Xrm.Tooling.Connector;', 'class C', '{', '  void M(SslStream stream, Uri uri)', '  {', `    ${statement}`, '  }', '}', ''].join('\n');

describe('C# record kinds (csharp/recordKinds.ts): one table drives the model, the memo and the gate', () => {
  it('each kind names its trigger words once, and each kind fills a list every consumer walks', () => {
    const words = RECORD_KINDS.flatMap((k) => k.words);
    for (const kind of RECORD_KINDS) {
      assert.equal(new Set(kind.words).size, kind.words.length, `a word twice in the ${kind.list} kind`);
    }
    assert.deepEqual([...RECORD_WORDS].sort(), [...new Set(words)].sort());
    for (const kind of RECORD_KINDS) {
      assert.ok(RECORD_LISTS.includes(kind.list), `${kind.list} is not a record list`);
      kind.words.forEach((w) => assert.match(w, /^[A-Za-z_]\w*$/, `${w} is not an identifier`));
    }
    assert.deepEqual([...new Set(RECORD_KINDS.map((k) => k.list))].sort(), [...RECORD_LISTS].sort(), 'a list no kind fills');
  });

  it('the facts pre-check and the scan gate look for every trigger word, the generated-code gate for every setting word', () => {
    const mentions = (tokens: readonly string[], text: string): boolean => tokens.some((t) => text.includes(t));
    for (const word of RECORD_WORDS) {
      assert.ok(mentions(csharpFactsProvider.triggerTokens, `x ${word} y`), `${word} is not a gate token`);
    }
    for (const kind of RECORD_KINDS) {
      for (const word of kind.words) {
        assert.equal(mentions(csharpFactsProvider.settingTokens ?? [], `x ${word} y`), kind.setting, `${word}: setting token ${!kind.setting}`);
      }
    }
    assert.deepEqual([...SETTING_WORDS].sort(), RECORD_KINDS.filter((k) => k.setting).flatMap((k) => k.words).sort());
  });

  it('a mention of each word gives a record in its kind\'s list, the same from scratch, from the memo and from reuse', async () => {
    const parser = await backend();
    for (const kind of RECORD_KINDS) {
      for (const word of kind.words) {
        const statement = SAMPLES[`${kind.list}:${word}`] ?? SAMPLES[word];
        assert.ok(statement, `no sample statement for the trigger word ${word}`);
        const text = file(statement);
        const tree = parser.parse('c_sharp', text);
        try {
          const scratch = csharpModelFromScratch(tree, text);
          assert.equal(recordList(scratch, kind.list).length, 1, `${word} → ${kind.list}`);
          assert.equal(RECORD_LISTS.filter((l) => l !== kind.list).reduce((n, l) => n + recordList(scratch, l).length, 0), 0, `${word} gave records of another kind`);
          // Twice through the cached path: the second full build of the same member comes from the memo.
          const first = csharpModel(tree, text);
          const again = parser.parse('c_sharp', ` ${text}`);
          const shifted = csharpModel(again, ` ${text}`);
          assert.equal(recordList(first, kind.list).length, 1);
          assert.equal(recordList(shifted, kind.list)[0]?.span.start, (recordList(first, kind.list)[0]?.span.start ?? 0) + 1, `${word}: shifted by the edit`);
          again.delete();
        } finally {
          tree.delete();
        }
      }
    }
  });
});
