import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { DiagnosticSeverity, Hover, MarkupContent } from 'vscode-languageserver-protocol/node';
import { REPO_ROOT } from '../support/engineHarness';
import { TestLspClient } from './lspClient';

const LOG = readFileSync(join(REPO_ROOT, 'test', 'fixtures', 'explain', 'developer-tools.txt'), 'utf8');

describe('language server: connection errors in open .log files', () => {
  let client: TestLspClient;
  let ws: string;
  const uriOf = (name: string): string => pathToFileURL(join(ws, name)).toString();
  const open = (name: string, text: string, languageId = 'log'): Promise<void> =>
    client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: uriOf(name), languageId, version: 1, text } });
  const hover = (name: string, line: number, character: number): Promise<Hover | null> =>
    client.connection.sendRequest('textDocument/hover', { textDocument: { uri: uriOf(name) }, position: { line, character } });

  before(async () => {
    ws = mkdtempSync(join(tmpdir(), 'dtls-lsp-log-'));
    client = TestLspClient.start('stdio');
    const init = await client.initialize(ws);
    assert.ok(init.capabilities.hoverProvider);
  });
  after(async () => {
    assert.equal(await client.stop(), 0);
  });

  it('an information diagnostic per recognised line: code = signature id, docs link, the line content as range', async () => {
    await open('sync.log', LOG);
    const diags = await client.waitForDiagnostics(uriOf('sync.log'), (d) => d.length > 0);
    assert.deepEqual(
      diags.map((d) => [d.range.start.line, d.code, d.severity, d.source]),
      [
        [3, 'underlying-connection-send', DiagnosticSeverity.Information, 'Dynamics TLS'],
        [10, 'forcibly-closed', DiagnosticSeverity.Information, 'Dynamics TLS'],
      ],
    );
    const line3 = LOG.split('\r\n')[3] ?? '';
    assert.deepEqual(diags[0]?.range, { start: { line: 3, character: 0 }, end: { line: 3, character: line3.trimEnd().length } });
    assert.match(diags[0]?.codeDescription?.href ?? '', /\/docs\/explain\.md$/);
    assert.match(String(diags[0]?.message), /^The underlying connection was closed: An unexpected error occurred on a send\. Likely cause: /);
  });

  it('hover on a recognised line: the explanation with cause, checks (rule ids linked) and fix; elsewhere nothing', async () => {
    const h = await hover('sync.log', 3, 10);
    const value = (h?.contents as MarkupContent | undefined)?.value ?? '';
    assert.match(value, /\*\*Likely cause\.\*\* HttpWebRequest/);
    assert.match(value, /\*\*Checks that would confirm it:\*\*/);
    assert.match(value, /\[TLS001\]\(https:\/\/[^)]+\/docs\/rules\/TLS001\.md\)/);
    assert.match(value, /\*\*Fix\.\*\* Rebuild the client/);
    assert.equal(await hover('sync.log', 4, 3), null);
  });

  it('editing the log re-publishes: the errors removed, nothing left', async () => {
    await client.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri: uriOf('sync.log'), version: 2 },
      contentChanges: [{ text: 'all good\r\nconnected over TLS 1.2\r\n' }],
    });
    await client.waitForDiagnostics(uriOf('sync.log'), (d) => d.length === 0, 'no diagnostics after the edit');
    assert.equal(await hover('sync.log', 0, 2), null);
  });

  it('a log without the messages gets no diagnostics, and the same text in a .txt file is not explained', async () => {
    await open('clean.log', readFileSync(join(REPO_ROOT, 'test', 'fixtures', 'explain', 'integration-clean.log'), 'utf8'));
    await client.waitForDiagnostics(uriOf('clean.log'), (d) => d.length === 0, 'an empty publish for the clean log');
    await open('notes.txt', LOG, 'plaintext');
    await open('marker.log', 'A call to SSPI failed');
    await client.waitForDiagnostics(uriOf('marker.log'), (d) => d.length === 1, 'the marker log');
    assert.equal(client.diagnostics.get(uriOf('notes.txt'))?.diagnostics.length ?? 0, 0);
  });
});
