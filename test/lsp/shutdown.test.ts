import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';
import { ErrorCodes } from 'vscode-languageserver-protocol/node';
import { TestLspClient } from './lspClient';

/** The error code of a rejected request, or 'answered' when it was answered. */
async function outcome(request: Promise<unknown>): Promise<number | 'answered'> {
  try {
    await request;
    return 'answered';
  } catch (e) {
    return (e as { code: number }).code;
  }
}

/** The exit code of the server process once it ends (or 'running' after 10 s). */
function exitCode(client: TestLspClient): Promise<number | null | 'running'> {
  const pid = client.pid ?? 0;
  return new Promise((resolve) => {
    const end = Date.now() + 10_000;
    const poll = (): void => {
      if (!client.running) {
        resolve(client.exitCode);
      } else if (Date.now() > end) {
        process.kill(pid, 'SIGKILL');
        resolve('running');
      } else {
        setTimeout(poll, 50);
      }
    };
    poll();
  });
}

describe('language server: the end of a session as the LSP specification says', () => {
  it('after shutdown, requests fail with InvalidRequest, notifications start no work, and exit ends the process with 0', async () => {
    const ws = mkdtempSync(join(tmpdir(), 'dtls-lsp-shutdown-'));
    const file = join(ws, 'Program.cs');
    writeFileSync(file, 'class P { }\n');
    const uri = pathToFileURL(file).toString();
    const client = TestLspClient.start('stdio');
    await client.initialize(ws);
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'csharp', version: 1, text: 'class P { }\n' } });
    await client.waitForDiagnostics(uri, () => true);
    const hover = { textDocument: { uri }, position: { line: 0, character: 1 } };
    assert.equal(await outcome(client.connection.sendRequest('textDocument/hover', hover)), 'answered', 'before shutdown');

    assert.equal(await outcome(client.connection.sendRequest('shutdown')), 'answered');
    const published = client.publications.length;
    await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: 'class Q { }\n' }] });
    assert.equal(await outcome(client.connection.sendRequest('textDocument/hover', hover)), ErrorCodes.InvalidRequest);
    assert.equal(await outcome(client.connection.sendRequest('textDocument/codeAction', { ...hover, range: { start: hover.position, end: hover.position }, context: { diagnostics: [] } })), ErrorCodes.InvalidRequest);
    assert.equal(await outcome(client.connection.sendRequest('shutdown')), ErrorCodes.InvalidRequest, 'a second shutdown');
    assert.equal(await outcome(client.connection.sendRequest('workspace/executeCommand', { command: 'dynamicsTls.checkWorkspace', arguments: [] })), ErrorCodes.InvalidRequest);
    assert.equal(client.publications.length, published, 'no analysis after shutdown');
    assert.ok(client.running, 'still running until exit');

    await client.connection.sendNotification('exit');
    assert.equal(await exitCode(client), 0);
    client.connection.dispose();
  });

  it('exit without shutdown ends the process with 1', async () => {
    const ws = mkdtempSync(join(tmpdir(), 'dtls-lsp-exit-'));
    const client = TestLspClient.start('stdio');
    await client.initialize(ws);
    await client.connection.sendNotification('exit');
    assert.equal(await exitCode(client), 1);
    client.connection.dispose();
  });
});
