import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Message, MessageStrategy } from 'vscode-languageserver/node';
import { ChangeLookahead } from '../../server/src/lsp/changeLookahead';

const change = (uri: string, version: number): Message => ({ jsonrpc: '2.0', method: 'textDocument/didChange', params: { textDocument: { uri, version }, contentChanges: [] } }) as Message;
const hover = (id: number): Message => ({ jsonrpc: '2.0', id, method: 'textDocument/hover', params: {} }) as Message;
const label = (m: Message): string => {
  const p = (m as { params?: { textDocument?: { uri?: string; version?: number } } }).params;
  return 'id' in m ? `request ${String(m.id)}` : `${p?.textDocument?.uri ?? ''} v${p?.textDocument?.version ?? ''}`;
};
const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** A connection's queue as vscode-jsonrpc runs it: one message per turn of the event loop, through the strategy. */
async function deliver(lookahead: ChangeLookahead, messages: Message[]): Promise<void> {
  for (const m of messages) {
    lookahead.handleMessage(m, () => undefined);
    await turn();
  }
  for (let i = 0; i < 3; i++) {
    await turn();
  }
}

/** Runs the messages through a look-ahead and records, for each handled message, whether a newer change of a.cs waited. */
async function handled(messages: Message[]): Promise<string[]> {
  const seen: string[] = [];
  const inner: MessageStrategy = {
    handleMessage: (m, next) => {
      seen.push(`${label(m)}${lookahead.newerChangeWaiting('file:///a.cs') ? ' (newer a.cs waiting)' : ''}`);
      next(m);
    },
  };
  const lookahead = new ChangeLookahead(inner);
  await deliver(lookahead, messages);
  return seen;
}

describe('the transport\'s look-ahead of one message (lsp/changeLookahead.ts)', () => {
  it('hands every message on, in order, and tells a change that a newer change of its document is already read', async () => {
    assert.deepEqual(await handled([change('file:///a.cs', 2), change('file:///a.cs', 3), change('file:///b.cs', 2), change('file:///a.cs', 4), hover(7)]), [
      'file:///a.cs v2 (newer a.cs waiting)',
      'file:///a.cs v3',
      'file:///b.cs v2 (newer a.cs waiting)',
      'file:///a.cs v4',
      'request 7',
    ]);
  });

  it('a change with nothing behind it is handed on after two turns, before a message that comes later', async () => {
    const seen: string[] = [];
    const lookahead = new ChangeLookahead({ handleMessage: (m, next) => (seen.push(label(m)), next(m)) });
    lookahead.handleMessage(change('file:///a.cs', 2), () => undefined);
    await turn();
    await turn();
    assert.deepEqual(seen, ['file:///a.cs v2']);
    assert.equal(lookahead.newerChangeWaiting('file:///a.cs'), false);
  });

  it('what waits for the message read behind a change runs once that message was handled, in a later turn', async () => {
    const seen: string[] = [];
    const lookahead = new ChangeLookahead({ handleMessage: (m, next) => (seen.push(label(m)), next(m)) });
    lookahead.handleMessage(change('file:///a.cs', 2), () => undefined);
    await turn();
    lookahead.handleMessage(hover(7), () => undefined);
    // The change was handed on when the request was taken; the request is held now.
    assert.deepEqual(seen, ['file:///a.cs v2']);
    lookahead.afterWaiting(() => seen.push('after'));
    for (let i = 0; i < 4; i++) {
      await turn();
    }
    assert.deepEqual(seen, ['file:///a.cs v2', 'request 7', 'after']);
    lookahead.afterWaiting(() => seen.push('at once'));
    assert.deepEqual(seen.slice(-1), ['at once'], 'nothing held: at once');
  });
});
