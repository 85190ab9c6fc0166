import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { CodeAction, Diagnostic, DiagnosticSeverity } from 'vscode-languageserver-protocol';
import type { CheckWorkspaceResult } from '../../server/src/lsp/protocol';
import { DYN_TEST_ENTRY, DYN_TEST_RULE_ID } from '../support/dynRuleEntry';
import { dynWorkspace } from '../support/dynWorkspace';
import { TestLspClient } from './lspClient';

const ID = DYN_TEST_RULE_ID;

describe('language server: a DYN rule id works like a TLS id (test-only DYN199 over a real connection)', () => {
  let client: TestLspClient;
  let dir: string;
  let scriptUri: string;

  before(async () => {
    dir = dynWorkspace();
    scriptUri = pathToFileURL(join(dir, 'deploy.ps1')).toString();
    client = TestLspClient.start('stdio', DYN_TEST_ENTRY);
    await client.initialize(dir);
    const text = readFileSync(join(dir, 'deploy.ps1'), 'utf8');
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: scriptUri, languageId: 'powershell', version: 1, text } });
  });
  after(async () => {
    assert.equal(await client.stop(), 0);
  });

  it('publishes the DYN finding with its code and docs link, offers its suppression and docs actions, and honours its setting', async () => {
    const diags = await client.waitForDiagnostics(scriptUri, (d) => d.some((x) => x.code === ID));
    assert.deepEqual(diags.map((d) => d.code).sort(), [ID, 'TLS031']);
    const dyn = diags.find((d) => d.code === ID) as Diagnostic;
    assert.match(dyn.codeDescription?.href ?? '', /\/docs\/rules\/DYN199\.md$/);
    const actions = (await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri: scriptUri },
      range: dyn.range,
      context: { diagnostics: [dyn] },
    })) as CodeAction[];
    const titles = actions.map((a) => a.title);
    for (const title of [`Suppress ${ID} on this line`, `Suppress ${ID} in this file`, `Show documentation for ${ID}`]) {
      assert.ok(titles.includes(title), `${title} in ${titles.join(', ')}`);
    }
    const shown = (await client.connection.sendRequest('workspace/executeCommand', { command: 'dynamicsTls.showRuleDocs', arguments: [ID.toLowerCase()] })) as { uri: string };
    assert.match(shown.uri, /docs\/rules\/DYN199\.md$/);
    client.settings = { '': { rules: { [ID]: 'error' } } };
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await client.waitForDiagnostics(scriptUri, (d) => d.find((x) => x.code === ID)?.severity === DiagnosticSeverity.Error, 'raised to error');
    client.settings = {};
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
  });

  it('the workspace check says why each row is not Ready, with both families', async () => {
    const result = (await client.connection.sendRequest('dynamicsTls/checkWorkspace', {})) as CheckWorkspaceResult;
    const script = result.units.find((u) => u.path.endsWith('deploy.ps1'));
    assert.deepEqual(script?.why, ['TLS: 1 error (TLS031)', `connection: 1 warning (${ID})`]);
    assert.deepEqual(result.why, ['TLS: 1 error (TLS031)', `connection: 4 warnings (${ID})`]);
  });
});
