import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { crmScriptWords } from '../../server/src/engine/retirements/crmScriptWords';
import { REPO_ROOT, listFiles } from '../support/engineHarness';

/** The pre-tests the readers made each on their own before they shared one pass (proxyPropertyScript.ts, crmConnectorScript.ts). */
const OLD_PROXY = /organizationserviceproxy/i;
const OLD_CLIENT_OR_CONNECTOR = /\b(crmserviceclient|get-crmconnection|connect-crmonline)/i;
const OLD_CONNECTOR = /\b(get-crmconnection|connect-crmonline)/i;

function oldAnswers(text: string): { proxyReads: boolean; connector: boolean } {
  return { proxyReads: OLD_PROXY.test(text) && OLD_CLIENT_OR_CONNECTOR.test(text), connector: OLD_CONNECTOR.test(text) };
}

function newAnswers(text: string): { proxyReads: boolean; connector: boolean } {
  const words = crmScriptWords(text);
  return { proxyReads: words.proxyProperty && (words.clientType || words.connector), connector: words.connector };
}

describe('crmScriptWords: one pass for the CrmServiceClient readers\' pre-tests', () => {
  it('answers as the separate regular expressions did on every script of the samples and fixtures', () => {
    const files = [join(REPO_ROOT, 'samples'), join(REPO_ROOT, 'test', 'fixtures')].flatMap((dir) => listFiles(dir).map((p) => join(dir, p))).filter((p) => /\.(ps1|psm1)$/i.test(p));
    assert.ok(files.length > 50);
    let connectors = 0;
    for (const path of files) {
      const text = readFileSync(path, 'utf8');
      assert.deepEqual(newAnswers(text), oldAnswers(text), path);
      connectors += newAnswers(text).connector ? 1 : 0;
    }
    assert.ok(connectors > 5, 'the scripts exercise the connector words');
  });

  it('answers as they did on the words glued, cased and bounded every way (random texts, fixed seed)', () => {
    const parts = ['OrganizationServiceProxy', 'organizationserviceproxy', 'CrmServiceClient', 'crmserviceclient', 'Get-CrmConnection', 'get-crmconnection', 'Connect-CrmOnline', 'Connect-CrmOnlineDiscovery', 'x', '_', '-', ' ', '.', '$', '[', ']', 'Crm', 'Get-', 'Connect-', 'Proxy', '\n'];
    let seed = 13;
    const next = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    for (let i = 0; i < 20000; i++) {
      const length = 1 + next(6);
      let text = '';
      for (let j = 0; j < length; j++) {
        text += parts[next(parts.length)] ?? '';
      }
      assert.deepEqual(newAnswers(text), oldAnswers(text), JSON.stringify(text));
    }
  });
});
