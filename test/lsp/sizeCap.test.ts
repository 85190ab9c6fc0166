import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { DiagnosticSeverity, Hover } from 'vscode-languageserver-protocol/node';
import { TestLspClient } from './lspClient';

const PROTOCOL_LINE = '        ServicePointManager.SecurityProtocol = SecurityProtocolType.Tls12;';

/** A C# file of about `megabytes` MB: many small classes, one of which writes SecurityProtocol (line 5). */
function bigCsharp(megabytes: number): string {
  const head = ['using System.Net;', 'class Start', '{', '    void Go()', '    {', PROTOCOL_LINE, '    }', '}', ''];
  const chunk = (i: number): string => `class C${i}\n{\n    int Value() { return ${i} * 2 + 1; }\n    string Name() { return "C${i}"; }\n}\n`;
  const parts = [head.join('\n')];
  let size = parts[0]?.length ?? 0;
  for (let i = 0; size < megabytes * 1024 * 1024; i++) {
    const c = chunk(i);
    parts.push(c);
    size += c.length;
  }
  return parts.join('');
}

/** The resident memory of a process in MB (Linux /proc). */
function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? '0');
  return kb / 1024;
}

describe('language server: dynamicsTls.maxFileSizeKB holds for open documents (real server over stdio)', () => {
  let client: TestLspClient;
  let ws: string;

  before(async () => {
    ws = mkdtempSync(join(tmpdir(), 'dtls-lsp-cap-'));
    writeFileSync(join(ws, 'App.csproj'), '<Project Sdk="Microsoft.NET.Sdk"><PropertyGroup><TargetFramework>net452</TargetFramework></PropertyGroup></Project>\n');
    client = TestLspClient.start('stdio');
    await client.initialize(ws);
  });
  after(async () => {
    await client.stop();
  });

  it('a 6 MB C# document is not parsed: a hover answers within 2 s of didOpen, one information diagnostic says why, memory stays under 300 MB', async () => {
    const pid = client.pid;
    assert.ok(pid);
    const text = bigCsharp(6);
    const uri = pathToFileURL(join(ws, 'Huge.cs')).toString();
    let peak = rssMb(pid);
    const sampler = setInterval(() => {
      peak = Math.max(peak, rssMb(pid));
    }, 25);
    try {
      const opened = Date.now();
      await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'csharp', version: 1, text } });
      const hover = await client.connection.sendRequest<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line: 5, character: 30 } });
      const answeredMs = Date.now() - opened;
      assert.equal(hover, null, 'no hover into a document above the cap');
      // 2 s on a machine doing nothing else (it answers in about 0.25 s); a machine busier than its cores stretches it.
      const busy = Math.max(1, loadavg()[0] ?? 0) / Math.max(1, availableParallelism());
      const limit = 2000 * Math.max(1, busy);
      assert.ok(answeredMs < limit, `hover answered after ${answeredMs} ms (limit ${limit.toFixed(0)} ms)`);
      const diagnostics = await client.waitForDiagnostics(uri, (d) => d.length > 0, 'the size-cap diagnostic');
      assert.equal(diagnostics.length, 1);
      assert.equal(diagnostics[0]?.severity, DiagnosticSeverity.Information);
      assert.equal(diagnostics[0]?.source, 'Dynamics TLS');
      assert.match(String(diagnostics[0]?.message ?? ''), /dynamicsTls\.maxFileSizeKB \(\d+ KB > 2048 KB\).*up to 16384 KB/);
      await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
      await new Promise((r) => setTimeout(r, 300));
    } finally {
      clearInterval(sampler);
    }
    assert.ok(peak < 300, `server peaked at ${peak.toFixed(0)} MB`);
  });

  it('a document under the cap is parsed and hovered as before', async () => {
    const uri = pathToFileURL(join(ws, 'Small.cs')).toString();
    const text = ['using System.Net;', 'class Start', '{', '    void Go()', '    {', PROTOCOL_LINE, '    }', '}', ''].join('\n');
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'csharp', version: 1, text } });
    const hover = await client.connection.sendRequest<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line: 5, character: 70 } });
    assert.ok(hover, 'a hover on the protocol expression');
    assert.match(JSON.stringify(hover.contents), /Tls12|TLS 1\.2/);
  });
});
