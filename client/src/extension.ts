import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, LanguageClientOptions, ServerOptions, TransportKind } from 'vscode-languageclient/node';
import { OWN_COMMANDS_OPTION } from '../../server/src/lsp/clientProfile';
import { registerCheckCommand } from './checkWorkspace';
import { registerEditorCommands } from './editorCommands';
import { registerExplainCommand } from './explainCommand';
import { registerProbeCommand } from './probeCommand';
import { SERVER_ENVIRONMENT, SERVER_EXEC_ARGV } from './serverProcess';
import { createTraceChannel } from './traceChannel';

/** The file patterns the server analyses (app.config may open as plain text, so select by pattern, not language). */
export const DOCUMENT_PATTERN = '**/*.{csproj,vbproj,props,config,cs,ps1,psm1,reg,log}';

let client: LanguageClient | undefined;

/** What `activate` returns: the running client, for tests in the extension host. */
export interface ExtensionApi {
  client(): LanguageClient | undefined;
}

function createClient(context: vscode.ExtensionContext, output: vscode.LogOutputChannel): LanguageClient {
  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc, options: { env: SERVER_ENVIRONMENT, execArgv: [...SERVER_EXEC_ARGV] } },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { env: SERVER_ENVIRONMENT, execArgv: [...SERVER_EXEC_ARGV, '--nolazy', '--inspect=6019'] } },
  };
  const traceOutputChannel = createTraceChannel(output);
  context.subscriptions.push(traceOutputChannel);
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ scheme: 'file', pattern: DOCUMENT_PATTERN }],
    outputChannel: output,
    traceOutputChannel,
    synchronize: {
      configurationSection: 'dynamicsTls',
      fileEvents: vscode.workspace.createFileSystemWatcher('**/*.{csproj,vbproj,props,targets,projitems,config,cs,ps1,psm1,psd1,reg}'),
    },
    diagnosticCollectionName: 'dynamicsTls',
    // The extension registers the commands with its own UI (report view, Markdown preview): the server then offers no
    // executeCommandProvider, whose commands the client library would register a second time.
    initializationOptions: { [OWN_COMMANDS_OPTION]: true },
  };
  return new LanguageClient('dynamicsTls', 'Dynamics TLS Readiness', serverOptions, clientOptions);
}

/** Starts the language server over IPC and registers the commands. */
export async function activate(context: vscode.ExtensionContext): Promise<ExtensionApi> {
  const output = vscode.window.createOutputChannel('Dynamics TLS Readiness', { log: true });
  context.subscriptions.push(output);
  client = createClient(context, output);
  const getClient = (): LanguageClient | undefined => client;
  const report = registerCheckCommand(context, getClient, output);
  registerProbeCommand(context, report, output);
  registerEditorCommands(context, getClient);
  registerExplainCommand(context, getClient);
  context.subscriptions.push(
    vscode.commands.registerCommand('dynamicsTls.showOutput', () => output.show(true)),
    vscode.commands.registerCommand('dynamicsTls.restartServer', async () => {
      await client?.restart();
      output.appendLine('Language server restarted.');
    }),
  );
  try {
    await client.start();
  } catch (e) {
    output.appendLine(`The language server could not start: ${(e as Error).message}`);
    void vscode.window.showErrorMessage('Dynamics TLS Readiness: the language server could not start. See the output channel.');
  }
  return { client: getClient };
}

/** Stops the language server. */
export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
