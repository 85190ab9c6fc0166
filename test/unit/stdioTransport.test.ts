import assert from 'node:assert/strict';
import { PassThrough, Writable } from 'node:stream';
import { describe, it } from 'node:test';
import { Connection, Message, StreamMessageReader } from 'vscode-languageserver/node';
import { OneWriteMessageWriter, consoleToClient, startedOnStdio } from '../../server/src/lsp/stdioTransport';

/** A stream that keeps each write as it came. */
function recordingStream(): Writable & { writes: Buffer[] } {
  const writes: Buffer[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      writes.push(Buffer.from(chunk));
      callback();
    },
  });
  return Object.assign(stream, { writes });
}

const PUBLICATION = {
  jsonrpc: '2.0',
  method: 'textDocument/publishDiagnostics',
  params: { uri: 'file:///w/Prögram.cs', version: 7, diagnostics: [{ range: { start: { line: 1, character: 2 }, end: { line: 1, character: 9 } }, message: 'TLS 1.0 — “pinned” ✓', source: 'dynamics-tls' }] },
} as Message;

describe('stdio: each message is written whole, in one write', () => {
  it('one write per message: the Content-Length header and the JSON body, the length in UTF-8 bytes', async () => {
    const stream = recordingStream();
    const writer = new OneWriteMessageWriter(stream);
    await writer.write(PUBLICATION);
    await writer.write({ jsonrpc: '2.0', id: 1, result: null } as Message);
    assert.equal(stream.writes.length, 2);
    const first = stream.writes[0]?.toString('utf8') ?? '';
    const [header, body] = first.split('\r\n\r\n');
    assert.equal(header, `Content-Length: ${Buffer.byteLength(body ?? '', 'utf8')}`);
    assert.deepEqual(JSON.parse(body ?? ''), PUBLICATION);
  });

  it('what it writes reads back as the same messages through the library\'s reader, in order', async () => {
    const pipe = new PassThrough();
    const writer = new OneWriteMessageWriter(pipe);
    const reader = new StreamMessageReader(pipe);
    const read: Message[] = [];
    const all = new Promise<void>((resolve) => {
      reader.listen((m) => {
        read.push(m);
        if (read.length === 3) {
          resolve();
        }
      });
    });
    void writer.write(PUBLICATION);
    void writer.write({ jsonrpc: '2.0', id: 2, result: { text: 'é'.repeat(70_000) } } as Message);
    void writer.write({ jsonrpc: '2.0', method: 'exit' } as Message);
    await all;
    assert.deepEqual(read[0], PUBLICATION);
    assert.equal((read[1] as unknown as { result: { text: string } }).result.text.length, 70_000);
    assert.equal((read[2] as unknown as { method: string }).method, 'exit');
    reader.dispose();
  });

  it('a failed write rejects and is reported as the connection\'s writer error', async () => {
    const stream = new Writable({ write: (_chunk, _encoding, callback) => callback(new Error('EPIPE')) });
    stream.on('error', () => undefined);
    const writer = new OneWriteMessageWriter(stream);
    const errors: string[] = [];
    writer.onError(([error]) => errors.push(error.message));
    await assert.rejects(writer.write(PUBLICATION), /EPIPE/);
    assert.ok(errors.includes('EPIPE'), JSON.stringify(errors));
  });

  it('the console goes to the client\'s log, never to stdout; --stdio is recognised among the arguments', () => {
    const sent: string[] = [];
    const log = (kind: string) => (message: string) => sent.push(`${kind}: ${message}`);
    const connection = { console: { log: log('log'), info: log('info'), warn: log('warn'), error: log('error') } } as unknown as Connection;
    const target = { log: () => undefined, info: () => undefined, debug: () => undefined, warn: () => undefined, error: () => undefined, trace: () => undefined } as unknown as Console;
    consoleToClient(connection, target);
    target.log('a %d', 1);
    target.error(new Error('b').message);
    target.warn('c', { d: 1 });
    assert.deepEqual(sent, ['log: a 1', 'error: b', 'warn: c { d: 1 }']);
    assert.equal(startedOnStdio(['node', 'cli.js', 'lsp', '--stdio']), true);
    assert.equal(startedOnStdio(['node', 'server.js', '--node-ipc']), false);
  });
});
