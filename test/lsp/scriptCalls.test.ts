import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { TestLspClient } from './lspClient';

const HELPER = `[Net.ServicePointManager]::SecurityProtocol = [Net.ServicePointManager]::SecurityProtocol -bor [Net.SecurityProtocolType]::Tls12
`;
const CALLER = `& "$PSScriptRoot\\Enable-Tls.ps1"
$conn = Get-CrmConnection -ConnectionString $env:CRM_CONNECTION
`;

describe('PowerShell scripts that call each other, in the language server', () => {
  let client: TestLspClient;
  let helperUri: string;
  let callerUri: string;
  const tls030 = (d: { code?: string | number }[]): boolean => d.some((x) => x.code === 'TLS030');

  before(async () => {
    const ws = mkdtempSync(join(tmpdir(), 'dtls-calls-'));
    writeFileSync(join(ws, 'Enable-Tls.ps1'), HELPER);
    writeFileSync(join(ws, 'Deploy.ps1'), CALLER);
    helperUri = pathToFileURL(join(ws, 'Enable-Tls.ps1')).toString();
    callerUri = pathToFileURL(join(ws, 'Deploy.ps1')).toString();
    client = TestLspClient.start('stdio');
    await client.initialize(ws);
  });
  after(async () => {
    await client.stop();
  });

  it('a connection after `& <helper>` that enables TLS 1.2 has no TLS030', async () => {
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: callerUri, languageId: 'powershell', version: 1, text: CALLER } });
    const diags = await client.waitForDiagnostics(callerUri, () => true, 'the caller analysed');
    assert.equal(tls030(diags), false, JSON.stringify(diags));
  });

  it('editing the called script re-judges the open caller: TLS030 when the helper stops enabling TLS 1.2, gone when it enables it again', async () => {
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: helperUri, languageId: 'powershell', version: 1, text: HELPER } });
    await client.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri: helperUri, version: 2 },
      contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '# ' }],
    });
    const diags = await client.waitForDiagnostics(callerUri, tls030, 'TLS030 on the caller once the helper no longer enables TLS 1.2');
    assert.equal(diags.find((d) => d.code === 'TLS030')?.range.start.line, 1, 'on the Get-CrmConnection statement');
    await client.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri: helperUri, version: 3 },
      contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 2 } }, text: '' }],
    });
    await client.waitForDiagnostics(callerUri, (d) => !tls030(d), 'TLS030 gone once the helper enables TLS 1.2 again');
  });

  it('a keystroke in the called script does not re-analyse its callers in the same turn: a change sent with it is answered first', async () => {
    const probeUri = callerUri.replace(/Deploy\.ps1$/, 'Notes.ps1');
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: probeUri, languageId: 'powershell', version: 1, text: 'Write-Host "notes"\n' } });
    await client.waitForDiagnostics(probeUri, () => true, 'the probe analysed');
    await client.waitForDiagnostics(callerUri, (d) => !tls030(d), 'the caller judged with the helper enabling TLS 1.2');
    const mark = client.publications.length;
    // One write: the helper stops enabling TLS 1.2, and a keystroke in an unrelated script right behind it.
    client.sendTogether([
      { method: 'textDocument/didChange', params: { textDocument: { uri: helperUri, version: 4 }, contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '# ' }] } },
      { method: 'textDocument/didChange', params: { textDocument: { uri: probeUri, version: 2 }, contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: ' ' }] } },
    ]);
    await client.waitForDiagnostics(callerUri, tls030, 'TLS030 on the caller once the helper no longer enables TLS 1.2');
    const after = client.publications.slice(mark);
    const rejudged = after.findIndex((p) => p.uri === callerUri && tls030(p.diagnostics));
    const probe = after.findIndex((p) => p.uri === probeUri && p.version === 2);
    const helper = after.findIndex((p) => p.uri === helperUri && p.version === 4);
    const order = after.map((p) => `${p.uri.replace(/.*\//, '')} v${p.version ?? '-'}`).join(', ');
    assert.ok(probe >= 0 && probe < rejudged, `the caller was re-judged after the change behind the helper's was handled: ${order}`);
    assert.ok(helper >= 0 && helper < rejudged, `the helper's own keystroke was answered before its caller was re-judged: ${order}`);
  });
});
