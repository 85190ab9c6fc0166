// Helpers for tests that run inside the real extension host: locate the run's workspace copy, open and restore
// fixture files, wait for diagnostics on events (with a polling fallback), and query and apply code actions.
// Never sleep a fixed time: wait for the state the test needs, with a timeout that names what was awaited.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';

/** The extension under test (publisher.name of the manifest). */
export const EXTENSION_ID = 'dynamics-tls.dynamics-tls-readiness';

/** The `source` of every diagnostic the extension publishes. */
export const SOURCE = 'Dynamics TLS';

/** The pristine fixture workspace in the checkout (the run works on a copy of it). */
export const FIXTURE_WORKSPACE = path.resolve(__dirname, '../../../../test/fixtures/e2e/workspace');

/** Default time a wait may take before it fails. */
export const DEFAULT_TIMEOUT_MS = 20_000;

/** Polls `probe` until it returns a truthy value (returned) or the timeout passes (throws, naming `what`). */
export async function waitFor<T>(what: string, probe: () => T | undefined | null | false | Promise<T | undefined | null | false>, timeoutMs = DEFAULT_TIMEOUT_MS, intervalMs = 50): Promise<T> {
  const end = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v) {
        return v;
      }
    } catch (e) {
      lastError = e;
    }
    if (Date.now() > end) {
      const why = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${why}`);
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** The first workspace folder: the run's copy of test/fixtures/e2e/workspace. */
export function workspaceRoot(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the e2e run opens a workspace folder');
  return folder.uri;
}

/** The URI of a file of the run's workspace, by its path relative to the workspace (forward slashes). */
export function fixtureUri(relPath: string): vscode.Uri {
  return vscode.Uri.joinPath(workspaceRoot(), ...relPath.split('/'));
}

/** The extension's exports after activation (activates it if needed) and a running language client. */
export async function activateExtension(): Promise<vscode.Extension<unknown>> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is loaded`);
  await ext.activate();
  const api = ext.exports as { client?: () => { isRunning(): boolean } | undefined } | undefined;
  if (typeof api?.client === 'function') {
    await waitFor('the language client to run', () => api.client?.()?.isRunning());
  }
  return ext;
}

/** Opens a workspace file in an editor and returns the document and the editor. */
export async function openFixture(relPath: string): Promise<{ uri: vscode.Uri; doc: vscode.TextDocument; editor: vscode.TextEditor }> {
  const uri = fixtureUri(relPath);
  const doc = await vscode.workspace.openTextDocument(uri);
  const editor = await vscode.window.showTextDocument(doc, { preview: false });
  return { uri, doc, editor };
}

/** The pristine text of a fixture file (BOM dropped, as VS Code shows it). */
export function pristineText(relPath: string): string {
  return fs.readFileSync(path.join(FIXTURE_WORKSPACE, relPath), 'utf8').replace(/^\uFEFF/, '');
}

/** The pristine bytes of a fixture file. */
export function pristineBytes(relPath: string): Buffer {
  return fs.readFileSync(path.join(FIXTURE_WORKSPACE, relPath));
}

/**
 * Puts a workspace file back to its pristine content: an open document is replaced in full and saved (so VS Code
 * and the server agree), a closed file is rewritten on disk.
 */
export async function restoreFixture(relPath: string): Promise<void> {
  const uri = fixtureUri(relPath);
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (!open) {
    await vscode.workspace.fs.writeFile(uri, pristineBytes(relPath));
    return;
  }
  const text = pristineText(relPath);
  if (open.getText() !== text) {
    const edit = new vscode.WorkspaceEdit();
    edit.replace(uri, new vscode.Range(open.positionAt(0), open.positionAt(open.getText().length)), text);
    assert.ok(await vscode.workspace.applyEdit(edit), `restoring ${relPath} applies`);
  }
  if (open.isDirty) {
    assert.ok(await open.save(), `restoring ${relPath} saves`);
  }
}

/** The extension's diagnostics of a file (optionally of one rule). */
export function ourDiagnostics(uri: vscode.Uri, ruleId?: string): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE && (!ruleId || ruleCode(d) === ruleId));
}

/** The rule id of a diagnostic (`code` is `{ value, target }` when the diagnostic has a docs link). */
export function ruleCode(d: vscode.Diagnostic): string | undefined {
  const c = d.code;
  if (c === undefined) {
    return undefined;
  }
  return typeof c === 'object' ? String(c.value) : String(c);
}

/**
 * Waits until the extension's diagnostics of a file satisfy `accept`, re-checking on every diagnostics change of that
 * file (and at an interval, in case the change came before the wait began). Returns the accepted diagnostics.
 */
export async function waitForDiagnostics(uri: vscode.Uri, what: string, accept: (diags: vscode.Diagnostic[]) => boolean, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<vscode.Diagnostic[]> {
  const check = (): vscode.Diagnostic[] | undefined => {
    const diags = ourDiagnostics(uri);
    return accept(diags) ? diags : undefined;
  };
  const now = check();
  if (now) {
    return now;
  }
  return new Promise((resolve, reject) => {
    const finish = (result: vscode.Diagnostic[] | Error): void => {
      clearTimeout(timer);
      clearInterval(poll);
      sub.dispose();
      if (result instanceof Error) {
        reject(result);
      } else {
        resolve(result);
      }
    };
    const tryNow = (): void => {
      const ok = check();
      if (ok) {
        finish(ok);
      }
    };
    const sub = vscode.languages.onDidChangeDiagnostics((e) => {
      if (e.uris.some((u) => u.toString() === uri.toString())) {
        tryNow();
      }
    });
    const poll = setInterval(tryNow, 250);
    const timer = setTimeout(() => {
      const seen = ourDiagnostics(uri).map((d) => `${ruleCode(d)}@${d.range.start.line}:${d.range.start.character} ${d.message}`);
      finish(new Error(`timed out after ${timeoutMs} ms waiting for ${what} on ${vscode.workspace.asRelativePath(uri)}; diagnostics now: ${JSON.stringify(seen)}`));
    }, timeoutMs);
  });
}

/** Waits for exactly one diagnostic of a rule on a file and returns it. */
export async function waitForRule(uri: vscode.Uri, ruleId: string, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<vscode.Diagnostic> {
  const diags = await waitForDiagnostics(uri, `one ${ruleId} diagnostic`, (ds) => ds.filter((d) => ruleCode(d) === ruleId).length === 1, timeoutMs);
  const found = diags.find((d) => ruleCode(d) === ruleId);
  assert.ok(found);
  return found;
}

/** Waits until a file has no diagnostic of a rule. */
export async function waitForNoRule(uri: vscode.Uri, ruleId: string, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<void> {
  await waitForDiagnostics(uri, `no ${ruleId} diagnostic`, (ds) => !ds.some((d) => ruleCode(d) === ruleId), timeoutMs);
}

/** The code actions VS Code collects for a range (all providers), optionally of one kind (e.g. `quickfix`). */
export async function codeActionsAt(uri: vscode.Uri, range: vscode.Range, kind?: vscode.CodeActionKind): Promise<vscode.CodeAction[]> {
  const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>('vscode.executeCodeActionProvider', uri, range, kind?.value);
  return (actions ?? []).filter((a): a is vscode.CodeAction => !('command' in a && typeof a.command === 'string'));
}

/** Finds a code action by title at a range, failing with the titles that were offered. */
export async function findCodeAction(uri: vscode.Uri, range: vscode.Range, title: string, kind = vscode.CodeActionKind.QuickFix): Promise<vscode.CodeAction> {
  const actions = await codeActionsAt(uri, range, kind);
  const found = actions.find((a) => a.title === title);
  assert.ok(found, `"${title}" is offered; offered: ${JSON.stringify(actions.map((a) => a.title))}`);
  return found;
}

/** Applies a code action the way the editor does: its workspace edit, then its command. */
export async function applyCodeAction(action: vscode.CodeAction): Promise<void> {
  if (action.edit) {
    assert.ok(await vscode.workspace.applyEdit(action.edit), `the edit of "${action.title}" applies`);
  }
  if (action.command) {
    await vscode.commands.executeCommand(action.command.command, ...(action.command.arguments ?? []));
  }
}

/** Closes every editor (documents stay known to VS Code until it disposes them). */
export async function closeAllEditors(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

/** Registers a suite's usual lifecycle: activate once, start every test from the pristine fixture, restore it at the end. */
export function usePristineFixture(relPath: string): void {
  before(async () => {
    await activateExtension();
  });
  beforeEach(async () => {
    await restoreFixture(relPath);
  });
  after(async () => {
    await restoreFixture(relPath);
    await closeAllEditors();
  });
}

/** The bytes of a workspace file on disk (what a save wrote, BOM and line endings included). */
export async function readWorkspaceFile(relPath: string): Promise<Buffer> {
  return Buffer.from(await vscode.workspace.fs.readFile(fixtureUri(relPath)));
}

/**
 * Runs `fn` with workspace settings changed (e.g. `{ 'editor.codeActionsOnSave': { 'source.fixAll.dynamicsTls': 'explicit' } }`,
 * `{ 'dynamicsTls.rules': { TLS003: 'off' } }`) and puts the previous values back afterwards, even when `fn` fails.
 */
export async function withSettings<T>(settings: Record<string, unknown>, fn: () => Promise<T>): Promise<T> {
  const config = vscode.workspace.getConfiguration();
  const previous = Object.keys(settings).map((key) => [key, config.inspect(key)?.workspaceValue] as const);
  for (const [key, value] of Object.entries(settings)) {
    await config.update(key, value, vscode.ConfigurationTarget.Workspace);
  }
  try {
    return await fn();
  } finally {
    for (const [key, value] of previous) {
      await config.update(key, value, vscode.ConfigurationTarget.Workspace);
    }
  }
}
