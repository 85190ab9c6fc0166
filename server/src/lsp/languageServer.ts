import { CodeActionKind, Connection, InitializeParams, InitializeResult, TextDocumentSyncKind } from 'vscode-languageserver';
import { Analyzer } from '../engine/analyzer';
import { createAnalyzer } from '../engine/engine';
import { TOOL_VERSION } from '../engine/model/docs';
import { Finding } from '../engine/model/finding';
import { ParserBackend } from '../engine/parsing/parserPort';
import { InboundMessages, NOTHING_WAITING } from './changeLookahead';
import { ClientProfile, clientProfileOf, initialFolders } from './clientProfile';
import { codeActionsFor } from './codeActions';
import { SERVER_COMMANDS } from './commandIds';
import { findingsForActions } from './documentFilter';
import { DocumentStore } from './documentStore';
import { editorActionsFor } from './editorActions';
import { hoverFor } from './hover';
import { IdleCollection, v8YoungHeap } from './idleCollection';
import { registerExplainRequest } from './logExplain';
import { escapeForDisplay } from '../engine/text/displayEscape';
import { FIX_ALL_KIND } from './protocol';
import { executeCommand } from './serverCommands';
import { ServerCore } from './serverCore';
import { SettingsCache } from './settingsCache';
import { StartupIndex } from './startupIndex';
import { URI } from './uri';
import { DocumentValidator } from './validation';
import { onWatchedFiles } from './watchedFiles';
import { WorkspaceCheck } from './workspaceCheck';
import { changeWorkspaceFolders } from './workspaceFolders';

/**
 * The language server, built once at `initialize` from the client's parameters: every part exists from then on, and
 * the handlers registered by {@link register} use them directly. Errors of background work are logged, never thrown.
 */
export class TlsLanguageServer implements ServerCore {
  readonly analyzer: Analyzer;
  readonly documents: DocumentStore;
  readonly settings: SettingsCache;
  readonly client: ClientProfile;
  readonly published = new Map<string, Finding[]>();
  readonly folders: string[];
  private readonly validator: DocumentValidator;
  private readonly check: WorkspaceCheck;
  private readonly startup: StartupIndex;
  private readonly idle: IdleCollection;

  constructor(
    readonly connection: Connection,
    parser: ParserBackend,
    params: InitializeParams,
    inbound?: InboundMessages,
  ) {
    this.client = clientProfileOf(params);
    this.folders = initialFolders(params, URI.toPath);
    this.analyzer = createAnalyzer(parser);
    this.documents = new DocumentStore(parser);
    this.settings = new SettingsCache(connection, this.client.configuration, (m) => this.log(m), params.initializationOptions);
    this.startup = new StartupIndex(this);
    this.validator = new DocumentValidator(this, (path) => this.startup.readyFor(path), inbound);
    this.check = new WorkspaceCheck(this, this.startup.complete);
    this.idle = new IdleCollection(v8YoungHeap(), inbound ?? NOTHING_WAITING);
  }

  /** What the server offers this client. */
  capabilities(): InitializeResult {
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: false },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND], resolveProvider: false },
        hoverProvider: true,
        ...(this.client.ownCommands ? {} : { executeCommandProvider: { commands: [...SERVER_COMMANDS] } }),
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'Dynamics TLS Readiness', version: TOOL_VERSION },
    };
  }

  /** Registers every handler on the connection (before `initialize` is answered, so no message finds none). */
  register(): void {
    const c = this.connection;
    this.check.register();
    c.onInitialized(() => {
      this.background(
        this.check.indexContext(this.folders, this.startup).finally(() => this.startup.done()),
        'start-up index',
      );
      this.background(this.startup.complete.then(() => this.revalidateAll()), 'start-up analysis');
      if (this.client.workspaceFolders) {
        c.workspace.onDidChangeWorkspaceFolders((e) => this.background(changeWorkspaceFolders(this, this.check, e), 'workspace folders'));
      }
    });
    c.onDidChangeConfiguration((p) => {
      this.settings.changed(p.settings);
      this.background(this.revalidateAll(), 'settings change');
    });
    c.onDidChangeWatchedFiles((p) => this.background(onWatchedFiles(this, this.check, p), 'watched files'));
    c.onDidOpenTextDocument((p) => {
      const path = URI.toPath(p.textDocument.uri);
      if (path) {
        this.validator.opened(this.documents.open(p.textDocument.uri, path, p.textDocument.version, p.textDocument.text));
        this.idle.afterWork();
      }
    });
    c.onDidChangeTextDocument((p) => {
      const doc = this.documents.change(p.textDocument.uri, p.textDocument.version, p.contentChanges);
      if (doc) {
        this.validator.changed(doc);
        this.idle.afterWork();
      }
    });
    c.onDidCloseTextDocument((p) => {
      const doc = this.documents.get(p.textDocument.uri);
      if (doc) {
        this.documents.close(p.textDocument.uri);
        this.background(this.check.closed(doc.path, p.textDocument.uri), 'close');
      }
    });
    c.onHover((params) => hoverFor(this, params));
    registerExplainRequest(c);
    c.onCodeAction(async (params) => {
      const path = URI.toPath(params.textDocument.uri);
      if (!path) {
        return [];
      }
      const findings = await findingsForActions(this, params.textDocument.uri, path, params);
      const text = this.documents.get(params.textDocument.uri)?.text;
      return [...codeActionsFor(params, findings, this.uriOf), ...(text === undefined ? [] : editorActionsFor(params, findings, path, text))];
    });
    c.onExecuteCommand((params, token) => executeCommand(this, (p, t, progress) => this.check.run(p, t, progress), params, token));
  }

  /** The URI a path is published under: the open document's own URI when there is one. */
  readonly uriOf = (path: string): string => this.documents.byPath(path)?.uri ?? URI.fromPath(path);

  /** A line in the client's output channel (a bound function: handler modules pass it on). */
  /**
   * Log lines quote paths and values: shown escaped, never obeyed by whatever displays the log. A message's own line
   * breaks (a stack trace) are kept.
   */
  readonly log = (message: string): void => this.connection.console.log(message.split('\n').map(escapeForDisplay).join('\n'));

  /** Publishes the findings that sit in one file. */
  publish(path: string, findings: Finding[], version?: number): void {
    this.validator.publish(path, findings, version);
  }

  /** Analyses an open document now and publishes its diagnostics. */
  validate(uri: string): Promise<void> {
    return this.validator.validate(uri);
  }

  /** Re-analyses every open document. */
  revalidateAll(): Promise<void> {
    return this.validator.revalidateAll();
  }

  /** Runs work the client does not wait for: a failure is logged with its stack and the server keeps serving. */
  private background(work: Promise<unknown>, what: string): void {
    work.catch((e: unknown) => this.log(`${what} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`));
  }
}
