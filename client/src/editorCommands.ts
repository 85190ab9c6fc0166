import * as vscode from 'vscode';
import { CodeAction, CodeActionRequest, Command } from 'vscode-languageclient';
import { LanguageClient } from 'vscode-languageclient/node';
import { FIX_ALL_IN_FILE_COMMAND, SHOW_RULE_DOCS_COMMAND } from '../../server/src/lsp/commandIds';
import { FIX_ALL_KIND } from '../../server/src/lsp/protocol';
import { isRuleId } from '../../server/src/engine/model/ruleIds';

/** The docs page of a rule inside the installed extension (docs/rules/<ID>.md), or undefined for a malformed id. */
export function packagedDocsUri(context: vscode.ExtensionContext, ruleId: unknown): vscode.Uri | undefined {
  if (typeof ruleId !== 'string' || !isRuleId(ruleId) || ruleId !== ruleId.toUpperCase()) {
    return undefined;
  }
  return vscode.Uri.joinPath(context.extensionUri, 'docs', 'rules', `${ruleId}.md`);
}

/** Opens a rule's packaged page in the Markdown preview: works offline, unlike the diagnostic's docs link. */
async function showRuleDocs(context: vscode.ExtensionContext, ruleId: unknown): Promise<boolean> {
  const uri = packagedDocsUri(context, ruleId);
  if (!uri) {
    return false;
  }
  try {
    await vscode.workspace.fs.stat(uri);
  } catch {
    void vscode.window.showWarningMessage(vscode.l10n.t('Dynamics TLS Readiness: no documentation page for {0} in this installation.', String(ruleId)));
    return false;
  }
  await vscode.commands.executeCommand('markdown.showPreview', uri);
  return true;
}

/**
 * "Fix all TLS issues in this file": asks the server for the file's `source.fixAll.dynamicsTls` action (the same one
 * `editor.codeActionsOnSave` runs) and applies its edit. Returns the number of files edited (0 when nothing to fix).
 */
async function fixAllInFile(client: LanguageClient | undefined, uri?: vscode.Uri): Promise<number> {
  const target = uri ?? vscode.window.activeTextEditor?.document.uri;
  if (!client?.isRunning() || !target) {
    return 0;
  }
  const document = await vscode.workspace.openTextDocument(target);
  const end = document.lineAt(document.lineCount - 1).range.end;
  const actions = await client.sendRequest(CodeActionRequest.type, {
    textDocument: { uri: client.code2ProtocolConverter.asUri(target) },
    range: { start: { line: 0, character: 0 }, end: { line: end.line, character: end.character } },
    context: { diagnostics: [], only: [FIX_ALL_KIND] },
  });
  const fixAll = (actions ?? []).find((a: Command | CodeAction): a is CodeAction => 'kind' in a && a.kind === FIX_ALL_KIND);
  if (!fixAll?.edit) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Dynamics TLS Readiness: no safe fix to apply in this file.'));
    return 0;
  }
  const edit = await client.protocol2CodeConverter.asWorkspaceEdit(fixAll.edit);
  return (await vscode.workspace.applyEdit(edit)) ? edit.size : 0;
}

/** Registers the editor commands: show a rule's documentation, fix all safe issues in the current file. */
export function registerEditorCommands(context: vscode.ExtensionContext, client: () => LanguageClient | undefined): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(SHOW_RULE_DOCS_COMMAND, (ruleId: unknown) => showRuleDocs(context, ruleId)),
    vscode.commands.registerCommand(FIX_ALL_IN_FILE_COMMAND, (uri?: vscode.Uri) => fixAllInFile(client(), uri instanceof vscode.Uri ? uri : undefined)),
  );
}
