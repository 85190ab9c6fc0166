import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type { CheckWorkspaceResult } from '../../server/src/lsp/protocol';
import { THROWING_ENTRY, samplesWithMarker } from '../support/throwingRule';
import { TestLspClient } from './lspClient';

describe('language server: a rule that throws (test-only TLS999) over a real connection', () => {
  let client: TestLspClient;
  let dir: string;
  let projectUri: string;
  let text: string;

  before(async () => {
    const copy = samplesWithMarker();
    dir = copy.dir;
    projectUri = pathToFileURL(copy.project).toString();
    text = readFileSync(copy.project, 'utf8');
    client = TestLspClient.start('stdio', THROWING_ENTRY);
    await client.initialize(dir);
  });
  after(async () => {
    assert.equal(await client.stop(), 0, 'still serving, and exits cleanly');
  });

  it('publishes the other rules’ findings and logs rule id, file and stack', async () => {
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: projectUri, languageId: 'xml', version: 1, text } });
    const diags = await client.waitForDiagnostics(projectUri, (d) => d.some((x) => x.code === 'TLS001'));
    assert.deepEqual(diags.map((d) => d.code).sort(), ['TLS001', 'TLS003']);
    const line = await client.waitFor(() => client.logLines().find((l) => l.includes('rule TLS999 failed on')), 'the logged failure');
    assert.match(line, /ContosoCrmSync\/ContosoCrmSync\.csproj/);
    assert.match(line, /TLS999 was told to throw\n\s+at /);
  });

  it('keeps serving: edits, other files, hovers and the workspace check still work', async () => {
    await client.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri: projectUri, version: 2 },
      contentChanges: [{ text: text.replace('v4.5.2', 'v4.8') }],
    });
    await client.waitForDiagnostics(projectUri, (d) => !d.some((x) => x.code === 'TLS001'), 'TLS001 gone after retargeting');
    const programUri = pathToFileURL(join(dir, 'ContosoCrmSync', 'Program.cs')).toString();
    await client.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri: programUri, languageId: 'csharp', version: 1, text: readFileSync(join(dir, 'ContosoCrmSync', 'Program.cs'), 'utf8') },
    });
    await client.waitForDiagnostics(programUri, () => true, 'Program.cs analysed');
    const result = (await client.connection.sendRequest('dynamicsTls/checkWorkspace', {})) as CheckWorkspaceResult;
    assert.ok(result.units.length >= 3);
    assert.ok(result.totals.error && result.totals.error > 0, 'the check has its findings');
    assert.ok(client.logLines().filter((l) => l.includes('rule TLS999 failed on')).length >= 2, 'the check logged its failure too');
  });
});
