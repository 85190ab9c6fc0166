import * as vscode from 'vscode';
import { LanguageClient } from 'vscode-languageclient/node';
import { SAFE_FIXES_REQUEST, SafeFixesResult } from '../../../server/src/lsp/protocol';

/** Options of "Fix all safe issues"; `confirmed` skips the modal confirmation and is passed by tests only. */
export interface FixAllOptions {
  confirmed?: boolean;
}

/** What "Fix all safe issues" did: how many fixes, in which files (URIs). */
export interface FixAllOutcome {
  applied: number;
  files: string[];
}

/** The most lines the confirmation lists before summarising the rest. */
const MAX_LISTED = 25;

function confirmationDetail(result: SafeFixesResult): string {
  const items = result.items ?? result.titles.map((t) => ({ uri: '', ruleId: '', title: t }));
  const lines = items.slice(0, MAX_LISTED).map((i) => (i.uri ? `${vscode.workspace.asRelativePath(vscode.Uri.parse(i.uri))}: ${i.ruleId} — ${i.title}` : i.title));
  if (items.length > MAX_LISTED) {
    lines.push(`… and ${items.length - MAX_LISTED} more`);
  }
  return lines.join('\n');
}

/**
 * "Fix all safe issues": asks the server for the safe fixes of the published findings (the rules that declare one), confirms them
 * in a modal listing each fix, applies them as one workspace edit across files and saves the files it changed (a file
 * that already had unsaved changes stays unsaved).
 */
export async function fixAllSafeIssues(client: LanguageClient, options: FixAllOptions = {}): Promise<FixAllOutcome> {
  const result = await client.sendRequest<SafeFixesResult>(SAFE_FIXES_REQUEST);
  const uris = Object.keys(result.changes);
  if (result.count === 0 || uris.length === 0) {
    void vscode.window.showInformationMessage('Dynamics TLS Readiness: there are no safe fixes to apply.');
    return { applied: 0, files: [] };
  }
  if (!options.confirmed) {
    const apply = 'Apply fixes';
    const choice = await vscode.window.showWarningMessage(
      `Apply ${result.count} safe fix${result.count === 1 ? '' : 'es'} to ${uris.length} file${uris.length === 1 ? '' : 's'}?`,
      { modal: true, detail: confirmationDetail(result) },
      apply,
    );
    if (choice !== apply) {
      return { applied: 0, files: [] };
    }
  }
  const dirtyBefore = new Set(vscode.workspace.textDocuments.filter((d) => d.isDirty).map((d) => d.uri.toString()));
  const edit = await client.protocol2CodeConverter.asWorkspaceEdit({ changes: result.changes });
  if (!(await vscode.workspace.applyEdit(edit))) {
    void vscode.window.showErrorMessage('Dynamics TLS Readiness: the fixes could not be applied (a file changed meanwhile). Run the check again.');
    return { applied: 0, files: [] };
  }
  for (const uri of uris) {
    const parsed = vscode.Uri.parse(uri);
    if (!dirtyBefore.has(parsed.toString())) {
      const doc = await vscode.workspace.openTextDocument(parsed);
      await doc.save();
    }
  }
  return { applied: result.count, files: uris };
}
