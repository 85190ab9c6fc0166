import {
  CodeActionKind,
  Connection,
  DidChangeWatchedFilesParams,
  FileChangeType,
  InitializeResult,
  ProposedFeatures,
  TextDocumentSyncKind,
  createConnection,
} from 'vscode-languageserver/node';
import { Analyzer } from '../engine/analyzer';
import { createAnalyzer } from '../engine/engine';
import { TOOL_VERSION } from '../engine/model/docs';
import { fileKindOf } from '../engine/model/fileKind';
import { Finding } from '../engine/model/finding';
import { isContextFile } from '../engine/project/workspaceIndex';
import { readTextFile } from '../engine/scan/workspaceScan';
import { createBackend } from '../node/backends';
import { nodeFileSystem } from '../node/nodeFileSystem';
import { codeActionsFor } from './codeActions';
import { findingsForActions, ignoredReason, isExcluded } from './documentFilter';
import { editorActionsFor } from './editorActions';
import { toDiagnostic } from './diagnostics';
import { DocumentStore, OpenDocument } from './documentStore';
import { hoverFor } from './hover';
import { FIX_ALL_KIND } from './protocol';
import { SettingsCache } from './settingsCache';
import { URI } from './uri';
import { WorkspaceCheck } from './workspaceCheck';

/** The running server's state, shared by its handlers. */
export interface ServerState {
  connection: Connection;
  analyzer: Analyzer;
  documents: DocumentStore;
  settings: SettingsCache;
  /** Findings last published per file path (open documents and the workspace check's closed files). */
  published: Map<string, Finding[]>;
  folders: string[];
  /** The workspace check, once the server is initialised. */
  check: WorkspaceCheck | undefined;
  uriOf(path: string): string;
  log(message: string): void;
}

/** Starts the language server on the transport given on the command line (`--stdio`, `--node-ipc`). */
export function startServer(_transport: 'stdio' | 'auto' = 'auto'): void {
  const connection = createConnection(ProposedFeatures.all);
  let state: ServerState | undefined;
  let configurationSupported = false;
  const ready = createBackend('wasm');

  connection.onInitialize(async (params): Promise<InitializeResult> => {
    configurationSupported = Boolean(params.capabilities.workspace?.configuration);
    const folders = (params.workspaceFolders ?? []).map((f) => URI.toPath(f.uri)).filter((p): p is string => Boolean(p));
    if (folders.length === 0 && params.rootUri) {
      const root = URI.toPath(params.rootUri);
      if (root) {
        folders.push(root);
      }
    }
    const parser = await ready;
    const analyzer = createAnalyzer(parser);
    const documents = new DocumentStore(parser);
    const log = (m: string): void => connection.console.log(m);
    state = {
      connection,
      analyzer,
      documents,
      settings: new SettingsCache(connection, () => configurationSupported, log),
      published: new Map(),
      folders,
      check: undefined,
      uriOf: (path: string) => documents.byPath(path)?.uri ?? URI.fromPath(path),
      log,
    };
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: false },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND], resolveProvider: false },
        hoverProvider: true,
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'Dynamics TLS Readiness', version: TOOL_VERSION },
    };
  });

  connection.onInitialized(() => {
    const s = state;
    if (!s) {
      return;
    }
    const check = new WorkspaceCheck(s);
    s.check = check;
    check.register();
    void check.indexContext().then(() => revalidateAll(s));
    connection.onDidChangeConfiguration(() => {
      s.settings.clear();
      void revalidateAll(s);
    });
    connection.onDidChangeWatchedFiles((p) => void onWatchedFiles(s, check, p));
  });

  connection.onDidOpenTextDocument((p) => {
    const s = state;
    const path = URI.toPath(p.textDocument.uri);
    if (!s || !path) {
      return;
    }
    const doc = s.documents.open(p.textDocument.uri, path, p.textDocument.version, p.textDocument.text);
    schedule(s, doc);
  });
  connection.onDidChangeTextDocument((p) => {
    const s = state;
    const doc = s?.documents.change(p.textDocument.uri, p.textDocument.version, p.contentChanges);
    if (s && doc) {
      schedule(s, doc);
    }
  });
  connection.onDidCloseTextDocument((p) => {
    const s = state;
    const doc = s?.documents.get(p.textDocument.uri);
    if (!s || !doc) {
      return;
    }
    s.documents.close(p.textDocument.uri);
    void s.check?.closed(doc.path, p.textDocument.uri);
  });
  connection.onHover((params) => (state ? hoverFor(state, params) : null));
  connection.onCodeAction(async (params) => {
    const s = state;
    const path = URI.toPath(params.textDocument.uri);
    if (!s || !path) {
      return [];
    }
    const findings = await findingsForActions(s, params.textDocument.uri, path, params);
    const text = s.documents.get(params.textDocument.uri)?.text;
    return [...codeActionsFor(params, findings, s.uriOf), ...(text === undefined ? [] : editorActionsFor(params, findings, path, text))];
  });
  connection.listen();
}

const pending = new Map<string, NodeJS.Immediate>();

/** Coalesces bursts of changes: the newest version of a document is analysed once the event queue is drained. */
function schedule(s: ServerState, doc: OpenDocument): void {
  const existing = pending.get(doc.uri);
  if (existing) {
    clearImmediate(existing);
  }
  pending.set(
    doc.uri,
    setImmediate(() => {
      pending.delete(doc.uri);
      void validate(s, doc.uri);
    }),
  );
}

/** Analyses an open document and publishes its diagnostics; re-analyses the others if its facts changed its project. */
export async function validate(s: ServerState, uri: string): Promise<void> {
  const doc = s.documents.get(uri);
  if (!doc) {
    return;
  }
  const version = doc.version;
  const settings = await s.settings.get(uri);
  const current = s.documents.get(uri);
  if (!current || current.version !== version) {
    return;
  }
  const ignored = ignoredReason(s.folders, doc.path, doc.text, settings);
  if (ignored) {
    s.log(`${doc.path}: no diagnostics (${ignored})`);
    publish(s, doc.path, [], doc.version);
    return;
  }
  const before = s.analyzer.index.generation;
  if (isContextFile(doc.path)) {
    s.analyzer.index.upsert({ path: doc.path, text: doc.text });
  } else {
    s.analyzer.updateFacts(doc.path, doc.text, doc.tree);
  }
  const findings = s.analyzer.analyze(doc.path, doc.text, { tree: doc.tree, severityOverrides: settings.rules });
  publish(s, doc.path, findings, doc.version);
  if (s.analyzer.index.generation !== before) {
    for (const other of s.documents.all()) {
      if (other.uri !== uri) {
        schedule(s, other);
      }
    }
  }
}

/**
 * Publishes the findings that sit in one file (open or closed). Findings that another file's analysis places elsewhere
 * (a target defined in a Directory.Build.props) are left to that file's own analysis, which reports them too, so one
 * file's analysis never overwrites another file's diagnostics.
 */
export function publish(s: ServerState, path: string, findings: Finding[], version?: number): void {
  const own = findings.filter((f) => f.path === path);
  s.published.set(path, own);
  void s.connection.sendDiagnostics({ uri: s.uriOf(path), ...(version !== undefined ? { version } : {}), diagnostics: own.map(toDiagnostic) });
}

/** Re-analyses every open document (settings or the project index changed). */
export async function revalidateAll(s: ServerState): Promise<void> {
  for (const doc of s.documents.all()) {
    await validate(s, doc.uri);
  }
}

async function onWatchedFiles(s: ServerState, check: WorkspaceCheck, params: DidChangeWatchedFilesParams): Promise<void> {
  const generation = s.analyzer.index.generation;
  let contextChanged = false;
  for (const change of params.changes) {
    const path = URI.toPath(change.uri);
    if (!path || fileKindOf(path) === 'other' || s.documents.byPath(path)) {
      continue;
    }
    if (change.type === FileChangeType.Deleted) {
      s.analyzer.index.remove(path);
      contextChanged = true;
    } else {
      const settings = await s.settings.get(change.uri);
      if (isExcluded(s.folders, path, settings)) {
        continue;
      }
      const read = await readTextFile(nodeFileSystem, path, settings.maxFileSizeKB * 1024);
      if ('text' in read) {
        if (isContextFile(path)) {
          s.analyzer.index.upsert({ path, text: read.text });
          contextChanged = true;
        } else {
          s.analyzer.updateFacts(path, read.text);
        }
      }
    }
    await check.refreshClosedFile(path, change.type === FileChangeType.Deleted);
  }
  // A project or config file, or the code facts of a closed file (a dot-sourced script, a C# file that enables
  // TLS 1.2), changed what the open documents are judged against.
  if (contextChanged || s.analyzer.index.generation !== generation) {
    await revalidateAll(s);
  }
}
