import { ChildProcess, fork, spawn } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  ConfigurationRequest,
  Diagnostic,
  IPCMessageReader,
  IPCMessageWriter,
  InitializeResult,
  ProtocolConnection,
  PublishDiagnosticsNotification,
  PublishDiagnosticsParams,
  RegistrationRequest,
  StreamMessageReader,
  StreamMessageWriter,
  WorkDoneProgressCreateRequest,
  createProtocolConnection,
} from 'vscode-languageserver-protocol/node';
import { REPO_ROOT } from '../support/engineHarness';

/** A real LSP client talking to the built server process over stdio (`tls-readiness lsp --stdio`) or IPC. */
export class TestLspClient {
  readonly diagnostics = new Map<string, PublishDiagnosticsParams>();
  /** Every publication, in order (to see diagnostics that came and went). */
  readonly publications: PublishDiagnosticsParams[] = [];
  private readonly waiters: (() => void)[] = [];
  /** Settings answered to `workspace/configuration`, per scope URI ('' for the default). */
  settings: Record<string, unknown> = {};
  /** Notifications other than diagnostics, in order, each with how many publications had arrived before it. */
  notifications: { method: string; params: unknown; afterPublications?: number }[] = [];
  /** Requests the server sent to this client (registrations, progress, showDocument, applyEdit), in order. */
  serverRequests: { method: string; params: unknown }[] = [];
  /** Whether `workspace/applyEdit` requests are answered as applied. */
  applyEdits = true;
  /** What the server process printed, when started over IPC with V8 flags. */
  stdout = '';

  private constructor(
    readonly connection: ProtocolConnection,
    private readonly child: ChildProcess,
  ) {
    connection.onNotification(PublishDiagnosticsNotification.type, (p) => {
      this.diagnostics.set(p.uri, p);
      this.publications.push(p);
      this.waiters.splice(0).forEach((w) => w());
    });
    connection.onRequest(ConfigurationRequest.type, (p) =>
      p.items.map((item) => (item.scopeUri && this.settings[item.scopeUri] !== undefined ? this.settings[item.scopeUri] : this.settings[''] ?? {})),
    );
    const record = (method: string, params: unknown): void => {
      this.serverRequests.push({ method, params });
      this.waiters.splice(0).forEach((w) => w());
    };
    connection.onRequest(RegistrationRequest.type, (p) => record(RegistrationRequest.method, p));
    connection.onRequest(WorkDoneProgressCreateRequest.type, (p) => record(WorkDoneProgressCreateRequest.method, p));
    connection.onRequest('window/showDocument', (p: unknown) => {
      record('window/showDocument', p);
      return { success: true };
    });
    connection.onRequest('workspace/applyEdit', (p: unknown) => {
      record('workspace/applyEdit', p);
      return { applied: this.applyEdits };
    });
    for (const method of ['window/showMessage', 'window/logMessage', '$/progress']) {
      connection.onNotification(method, (params: unknown) => {
        this.notifications.push({ method, params, afterPublications: this.publications.length });
        this.waiters.splice(0).forEach((w) => w());
      });
    }
    connection.onNotification('dynamicsTls/checkProgress', (params: unknown) => {
      this.notifications.push({ method: 'dynamicsTls/checkProgress', params });
      this.waiters.splice(0).forEach((w) => w());
    });
    connection.listen();
  }

  /**
   * Starts the server: `stdio` runs the CLI's `lsp --stdio` (the contract for other editors), `ipc` forks dist/server.js
   * as the extension does. `cli` replaces dist/cli.js (a test entry point that registers a test-only rule); `v8Flags`
   * are the forked server's (IPC only).
   */
  static start(transport: 'stdio' | 'ipc' = 'stdio', cli = join(REPO_ROOT, 'dist', 'cli.js'), v8Flags: string[] = []): TestLspClient {
    if (transport === 'ipc') {
      // With V8 flags (`--trace-gc`), what the server process prints is kept in `stdout` (IPC leaves stdout free).
      const child = fork(join(REPO_ROOT, 'dist', 'server.js'), ['--node-ipc'], { execArgv: v8Flags, stdio: ['ignore', v8Flags.length > 0 ? 'pipe' : 'ignore', 'inherit', 'ipc'] });
      const client = new TestLspClient(createProtocolConnection(new IPCMessageReader(child), new IPCMessageWriter(child)), child);
      child.stdout?.setEncoding('utf8').on('data', (text: string) => (client.stdout += text));
      return client;
    }
    const child = spawn(process.execPath, [cli, 'lsp', '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
    if (!child.stdout || !child.stdin) {
      throw new Error('no stdio');
    }
    return new TestLspClient(createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin)), child);
  }

  /**
   * Sends notifications in one write to the server's stdin (stdio only), so they reach it together, as a burst does:
   * the server reads them in one chunk and handles them one after the other without a pause between. Keep them under
   * 4 KB (one atomic pipe write) and send them while no request of this client is being written.
   */
  sendTogether(notifications: { method: string; params: unknown }[]): void {
    const frames = notifications.map((n) => {
      const body = Buffer.from(JSON.stringify({ jsonrpc: '2.0', method: n.method, params: n.params }), 'utf8');
      return Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`, 'ascii'), body]);
    });
    if (!this.child.stdin) {
      throw new Error('sendTogether needs the stdio transport');
    }
    this.child.stdin.write(Buffer.concat(frames));
  }

  /** The server process's id (for its memory, or to kill it). */
  get pid(): number | undefined {
    return this.child.pid;
  }

  /** The server process's exit code once it has ended (null while it runs or when a signal ended it). */
  get exitCode(): number | null {
    return this.child.exitCode;
  }

  /** True while the server process runs. */
  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /**
   * Sends initialize + initialized for a workspace folder. `vscode` is the VS Code client's profile (optionally without
   * `workspace.configuration`); `neovim` is Neovim 0.7's: no `workspace.configuration`, no `window.showDocument`, no
   * `window.workDoneProgress` and no dynamic registration anywhere.
   */
  async initialize(folder: string, profile: 'vscode' | 'vscode-no-configuration' | 'neovim' = 'vscode', initializationOptions?: unknown): Promise<InitializeResult> {
    const textDocument = {
      publishDiagnostics: { relatedInformation: true, codeDescriptionSupport: true, tagSupport: { valueSet: [1, 2] } },
      codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source.fixAll'] } } },
      hover: { contentFormat: ['markdown', 'plaintext'] },
    };
    const capabilities =
      profile === 'neovim'
        ? {
            workspace: { applyEdit: true, workspaceEdit: { resourceOperations: ['rename', 'create', 'delete'] }, workspaceFolders: true, symbol: { dynamicRegistration: false } },
            window: { showMessage: { messageActionItem: { additionalPropertiesSupport: false } } },
            textDocument: {
              synchronization: { dynamicRegistration: false, didSave: true, willSave: false },
              publishDiagnostics: { relatedInformation: true, tagSupport: { valueSet: [1, 2] } },
              codeAction: { dynamicRegistration: false, codeActionLiteralSupport: textDocument.codeAction.codeActionLiteralSupport },
              hover: { dynamicRegistration: false, contentFormat: ['markdown', 'plaintext'] },
            },
          }
        : {
            workspace: {
              applyEdit: true,
              configuration: profile === 'vscode',
              didChangeConfiguration: { dynamicRegistration: true },
              workspaceFolders: true,
            },
            window: { showDocument: { support: true }, workDoneProgress: true },
            textDocument,
          };
    const result = await this.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: pathToFileURL(folder).toString(),
      workspaceFolders: [{ uri: pathToFileURL(folder).toString(), name: 'ws' }],
      capabilities,
      ...(initializationOptions !== undefined ? { initializationOptions } : {}),
    });
    await this.connection.sendNotification('initialized', {});
    return result as InitializeResult;
  }

  /** Log lines the server sent (`window/logMessage`). */
  logLines(): string[] {
    return this.notifications.filter((n) => n.method === 'window/logMessage').map((n) => (n.params as { message: string }).message);
  }

  /** Waits until `predicate` holds, re-checking whenever diagnostics or a notification arrive. */
  async waitFor<T>(predicate: () => T | undefined | false, what: string, timeoutMs = 15000): Promise<T> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const value = predicate();
      if (value) {
        return value;
      }
      const left = end - Date.now();
      if (left <= 0) {
        throw new Error(`timed out waiting for ${what}`);
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 1000));
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Waits for diagnostics of a URI that satisfy a predicate. */
  waitForDiagnostics(uri: string, predicate: (d: Diagnostic[]) => boolean, what = 'diagnostics'): Promise<Diagnostic[]> {
    return this.waitFor(() => {
      const p = this.diagnostics.get(uri);
      return p && predicate(p.diagnostics) ? p.diagnostics : undefined;
    }, `${what} for ${uri}`);
  }

  /** Shuts the server down and waits for the process to exit. */
  async stop(): Promise<number | null> {
    const exited = new Promise<number | null>((resolve) => this.child.once('exit', (code) => resolve(code)));
    try {
      await this.connection.sendRequest('shutdown');
      await this.connection.sendNotification('exit');
    } catch {
      this.child.kill();
    }
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5000);
    const code = await exited;
    clearTimeout(timer);
    this.connection.dispose();
    return code;
  }
}
