import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { Diagnostic, Position } from 'vscode-languageserver-protocol/node';
import { slowToParse } from '../support/slowToParse';
import { TestLspClient } from './lspClient';

/** Where the first method's URL starts on line 4 of {@link busyDocument} (`o0.crm.dynamics.com`). */
const URL_AT = 143;

/** A C# document with real work in it: `count` methods that write SecurityProtocol and create a Dynamics client. */
function busyDocument(count: number): string {
  const methods = Array.from({ length: count }, (_, i) => `    void M${i}() { ServicePointManager.SecurityProtocol = SecurityProtocolType.Tls; var c${i} = new CrmServiceClient("AuthType=Office365;Url=https://o${i}.crm.dynamics.com"); }`);
  return `using System.Net;\nusing Microsoft.Xrm.Tooling.Connector;\nclass Busy\n{\n${methods.join('\n')}\n}\n`;
}

describe('language server: bounded work per document, superseded work never done', () => {
  let client: TestLspClient;
  let ws: string;
  const uriOf = (name: string): string => pathToFileURL(join(ws, name)).toString();
  const open = async (name: string, text: string): Promise<void> => {
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: uriOf(name), languageId: 'plaintext', version: 1, text } });
  };
  before(async () => {
    ws = mkdtempSync(join(tmpdir(), 'dtls-lsp-busy-'));
    writeFileSync(join(ws, 'App.csproj'), '<Project ToolsVersion="15.0"><PropertyGroup><OutputType>Exe</OutputType><TargetFrameworkVersion>v4.6.2</TargetFrameworkVersion></PropertyGroup></Project>\n');
    client = TestLspClient.start('stdio');
    await client.initialize(ws);
    await open('Other.cs', 'using System.Net;\nclass O { void M() { ServicePointManager.SecurityProtocol = SecurityProtocolType.Tls; } }\n');
    await client.waitForDiagnostics(uriOf('Other.cs'), (d) => d.length > 0);
  });
  after(async () => {
    assert.ok(client.running, 'the server is still running');
    assert.equal(await client.stop(), 0);
  });

  for (const doc of slowToParse()) {
    it(`${doc.name}: one information diagnostic "too complex to analyse"; a request sent after it is answered`, async () => {
      await open(doc.file, doc.text);
      const diags = await client.waitForDiagnostics(uriOf(doc.file), (d) => d.length > 0, 'the too-complex diagnostic');
      const hover = await client.connection.sendRequest('textDocument/hover', { textDocument: { uri: uriOf('Other.cs') }, position: { line: 1, character: 50 } });
      assert.equal(diags.length, 1, JSON.stringify(diags));
      assert.equal(diags[0]?.severity, 3);
      assert.match(String(diags[0]?.message), /^Not analysed: this file is too complex to analyse \(parsing it takes more than \d+\.\d s\); check it by hand\.$/);
      assert.ok(hover, 'the hover of the other document is answered');
      await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri: uriOf(doc.file) } });
    });
  }

  it('1,000 rapid changes: a request sent after them is answered before their analysis, and only the newest version is analysed', async () => {
    const uri = uriOf('Busy.cs');
    await open('Busy.cs', busyDocument(300));
    const first = await client.waitForDiagnostics(uri, (d) => d.length > 0);
    const before = client.publications.length;
    for (let v = 2; v <= 1001; v++) {
      // Each keystroke inserts a character into the first method's URL (line 4, character URL_AT).
      void client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: v }, contentChanges: [{ range: { start: { line: 4, character: URL_AT }, end: { line: 4, character: URL_AT } }, text: 'x' }] });
    }
    await client.connection.sendRequest('textDocument/hover', { textDocument: { uri: uriOf('Other.cs') }, position: { line: 1, character: 50 } });
    const newestBeforeHover = client.publications.slice(before).some((p) => p.uri === uri && p.version === 1001);
    await client.waitFor(() => client.diagnostics.get(uri)?.version === 1001, 'the diagnostics of version 1001');
    const analyses = client.publications.slice(before).filter((p) => p.uri === uri).length;
    assert.equal(newestBeforeHover, false, 'the hover waited for the analysis of the burst');
    assert.ok(analyses <= 10, `${analyses} analyses for 1,000 changes`);
    // The newest text was analysed: line 4's diagnostics after the URL moved by the 1,000 inserted characters.
    const shifted = (d: Diagnostic): string => {
      const move = (p: Position): Position => (p.line === 4 && p.character > URL_AT ? { line: 4, character: p.character + 1000 } : p);
      return JSON.stringify([d.code, move(d.range.start), move(d.range.end)]);
    };
    const newest = client.diagnostics.get(uri)?.diagnostics ?? [];
    assert.deepEqual(newest.map((d) => JSON.stringify([d.code, d.range.start, d.range.end])).sort(), first.map(shifted).sort());
  });

  it('1,000 rapid changes read by a server that runs in short slices (a loaded machine): the burst is analysed once, for its newest text, after a request read behind it', { skip: process.platform === 'win32' ? 'no SIGSTOP' : false }, async () => {
    const uri = uriOf('Throttled.cs');
    await open('Throttled.cs', busyDocument(300));
    await client.waitForDiagnostics(uri, (d) => d.length > 0);
    const pid = client.pid;
    assert.ok(pid, 'the server\'s process id');
    // The server gets 5 ms of every 105 — its turns that read the burst lie far apart, as on a machine at load 20:
    // every gap between two of the burst's changes is longer than any quiet period.
    let throttled = true;
    const throttle = (async (): Promise<void> => {
      while (throttled) {
        process.kill(pid, 'SIGSTOP');
        await new Promise((resolve) => setTimeout(resolve, 100));
        process.kill(pid, 'SIGCONT');
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    })();
    const before = client.publications.length;
    try {
      for (let v = 2; v <= 1001; v++) {
        void client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: v }, contentChanges: [{ range: { start: { line: 4, character: URL_AT }, end: { line: 4, character: URL_AT } }, text: 'x' }] });
      }
      // Handling the burst takes longer than the maximum wait here: the request read behind it is still answered first.
      await client.connection.sendRequest('textDocument/hover', { textDocument: { uri: uriOf('Other.cs') }, position: { line: 1, character: 50 } });
      assert.equal(client.publications.slice(before).some((p) => p.uri === uri && p.version === 1001), false, 'the hover waited for the analysis of the burst');
      await client.waitFor(() => client.diagnostics.get(uri)?.version === 1001, 'the diagnostics of version 1001', 120_000);
    } finally {
      throttled = false;
      await throttle;
    }
    const analysed = client.publications.slice(before).filter((p) => p.uri === uri && (p.version ?? 0) > 1).map((p) => p.version);
    // The newest version, and at most one more for a moment the server had read all that this client had written.
    assert.ok(analysed.length <= 2, `analysed versions ${analysed.join(', ')}`);
  });
});
