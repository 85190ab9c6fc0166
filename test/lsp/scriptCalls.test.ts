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
});
