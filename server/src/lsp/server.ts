import { Connection, InitializeResult, ProposedFeatures, StreamMessageReader, createConnection } from 'vscode-languageserver/node';
import { createBackend } from '../node/backends';
import { ShutdownGuard } from './afterShutdown';
import { ChangeLookahead } from './changeLookahead';
import { loggingGrammarLoads } from './grammarReady';
import { TlsLanguageServer } from './languageServer';
import { OneWriteMessageWriter, consoleToClient, startedOnStdio } from './stdioTransport';

/**
 * Starts the language server on the transport given on the command line (`--stdio`, `--node-ipc`): the server object
 * is built at `initialize`, and its handlers are registered on it then. After `shutdown`, requests fail with
 * `InvalidRequest` ({@link ShutdownGuard}).
 */
export function startServer(): void {
  const guard = new ShutdownGuard();
  const lookahead = new ChangeLookahead(guard);
  const connection = startedOnStdio() ? stdioConnection(lookahead, guard) : createConnection(ProposedFeatures.all, { messageStrategy: lookahead });
  lookahead.onError = (e) => connection.console.error(`handling a message failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  guard.register(connection);
  // C# and PowerShell are compiled when a document or the start-up index first needs them (grammarReady.ts).
  const ready = createBackend('wasm', 'on demand');
  // The last line of defence: a rejection nothing handled is logged, and the process keeps serving (Node 20 would exit).
  process.on('unhandledRejection', (reason) => {
    connection.console.error(`unhandled rejection: ${reason instanceof Error ? (reason.stack ?? reason.message) : String(reason)}`);
  });
  connection.onInitialize(async (params): Promise<InitializeResult> => {
    const server = new TlsLanguageServer(connection, loggingGrammarLoads(await ready, (m) => connection.console.log(m)), params, lookahead);
    server.register();
    return server.capabilities();
  });
  connection.listen();
}

/**
 * The connection on stdio, made here rather than by the library so that each message is written in one write
 * ({@link OneWriteMessageWriter}); what the library does for stdio besides is done too: the console goes to the
 * client's log, and the process ends when its input does (code 0 after `shutdown`, else 1).
 */
function stdioConnection(lookahead: ChangeLookahead, guard: ShutdownGuard): Connection {
  const connection = createConnection(ProposedFeatures.all, new StreamMessageReader(process.stdin), new OneWriteMessageWriter(process.stdout), { messageStrategy: lookahead });
  consoleToClient(connection);
  const inputEnded = (): void => {
    connection.dispose();
    process.exit(guard.received ? 0 : 1);
  };
  process.stdin.on('end', inputEnded);
  process.stdin.on('close', inputEnded);
  return connection;
}
