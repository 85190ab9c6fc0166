import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { TestLspClient } from './lspClient';

const PROGRAM = 'using System.Net;\nclass P\n{\n    void M()\n    {\n        ServicePointManager.SecurityProtocol = SecurityProtocolType.Tls;\n    }\n}\n';

describe('language server: a keystroke on a quiet document is answered at once', () => {
  let client: TestLspClient;
  let uri: string;
  before(async () => {
    const ws = mkdtempSync(join(tmpdir(), 'dtls-lsp-keystroke-'));
    writeFileSync(join(ws, 'App.csproj'), '<Project ToolsVersion="15.0"><PropertyGroup><OutputType>Exe</OutputType><TargetFrameworkVersion>v4.6.2</TargetFrameworkVersion></PropertyGroup></Project>\n');
    writeFileSync(join(ws, 'Program.cs'), PROGRAM);
    uri = pathToFileURL(join(ws, 'Program.cs')).toString();
    client = TestLspClient.start('stdio');
    await client.initialize(ws);
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'csharp', version: 1, text: PROGRAM } });
    await client.waitForDiagnostics(uri, (d) => d.length > 0, 'the opened document analysed');
  });
  after(async () => {
    assert.equal(await client.stop(), 0);
  });

  it('one change: its diagnostics are published before a request sent right after it is answered (no settle), once', async () => {
    const mark = client.publications.length;
    // Type one character into the method name (line 3 `void M()` → `void Mx()`).
    await client.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: 2 },
      contentChanges: [{ range: { start: { line: 3, character: 10 }, end: { line: 3, character: 10 } }, text: 'x' }],
    });
    await client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 5, character: 30 } });
    const ofVersion2 = client.publications.slice(mark).filter((p) => p.uri === uri && p.version === 2);
    assert.equal(ofVersion2.length, 1, 'version 2 was analysed once, before the hover was answered');
    assert.ok(ofVersion2[0]?.diagnostics.some((d) => d.code !== undefined), JSON.stringify(ofVersion2[0]?.diagnostics));
  });
});
