import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { TestLspClient } from './lspClient';

/** A C# document with work in it: `count` methods that write SecurityProtocol and create a Dynamics client. */
function document(count: number): string {
  const methods = Array.from({ length: count }, (_, i) => `    void M${i}() { ServicePointManager.SecurityProtocol = SecurityProtocolType.Tls; var c${i} = new CrmServiceClient("AuthType=Office365;Url=https://o${i}.crm.dynamics.com"); }`);
  return `using System.Net;\nusing Microsoft.Xrm.Tooling.Connector;\nclass Typed\n{\n${methods.join('\n')}\n}\n`;
}

/** V8's `--trace-gc` lines for scavenges, by reason: `testing` is a collection the server asked for. */
function scavenges(trace: string): { asked: number; allocationFailure: number } {
  const lines = trace.split('\n').filter((l) => / Scavenge /.test(l));
  return { asked: lines.filter((l) => / testing;/.test(l)).length, allocationFailure: lines.filter((l) => / allocation failure;/.test(l)).length };
}

describe('language server: the young generation is collected between keystrokes, not during them', () => {
  let client: TestLspClient;
  let uri: string;
  before(async () => {
    const ws = mkdtempSync(join(tmpdir(), 'dtls-lsp-idle-gc-'));
    writeFileSync(join(ws, 'App.csproj'), '<Project ToolsVersion="15.0"><PropertyGroup><OutputType>Exe</OutputType><TargetFrameworkVersion>v4.6.2</TargetFrameworkVersion></PropertyGroup></Project>\n');
    const text = document(400);
    writeFileSync(join(ws, 'Typed.cs'), text);
    uri = pathToFileURL(join(ws, 'Typed.cs')).toString();
    client = TestLspClient.start('ipc', undefined, ['--trace-gc']);
    await client.initialize(ws);
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'csharp', version: 1, text } });
    await client.waitForDiagnostics(uri, (d) => d.length > 0, 'the opened document analysed');
  });
  after(async () => {
    assert.equal(await client.stop(), 0);
  });

  it('a typist (each keystroke after the previous one is published, with a pause): the server collects while idle, and V8 seldom has to mid-keystroke', async () => {
    const mark = client.stdout.length;
    for (let v = 2; v <= 121; v++) {
      // Type a character into the first method's name, then delete it: one character away from the opened text.
      const change = v % 2 === 0 ? { range: { start: { line: 4, character: 10 }, end: { line: 4, character: 10 } }, text: 'x' } : { range: { start: { line: 4, character: 10 }, end: { line: 4, character: 11 } }, text: '' };
      await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: v }, contentChanges: [change] });
      await client.waitFor(() => client.diagnostics.get(uri)?.version === v, `the diagnostics of version ${v}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    const typed = scavenges(client.stdout.slice(mark));
    assert.ok(typed.asked >= 1, `the server collected while idle: ${JSON.stringify(typed)}`);
    assert.ok(typed.asked > typed.allocationFailure, `more collections while idle than when full: ${JSON.stringify(typed)}`);
  });
});
