import * as vscode from 'vscode';
import { LanguageClient } from 'vscode-languageclient/node';
import { EXPLAIN_REQUEST, ExplainResult } from '../../server/src/lsp/explainProtocol';

/** The command id of "Dynamics TLS: Explain a connection error". */
export const EXPLAIN_COMMAND = 'dynamicsTls.explainError';

/** The scheme of the read-only explanation documents (never dirty, so closing them asks nothing). */
export const EXPLANATION_SCHEME = 'dynamicstls-explanation';

/** The explanations shown so far, by document path: the content provider serves them. */
const explanations = new Map<string, string>();
let shownCount = 0;

/** The text to explain: the argument (tests, other extensions), else the selections of the active editor, else asked for. */
async function textToExplain(argument: unknown): Promise<string | undefined> {
  if (typeof argument === 'string' && argument.trim() !== '') {
    return argument;
  }
  const editor = vscode.window.activeTextEditor;
  const selected = editor?.selections.filter((s) => !s.isEmpty).map((s) => editor.document.getText(s)).join('\n') ?? '';
  if (selected.trim() !== '') {
    return selected;
  }
  return vscode.window.showInputBox({
    title: vscode.l10n.t('Dynamics TLS: Explain a connection error'),
    prompt: vscode.l10n.t('Paste the error message (a line of a log, an exception, the browser page text)'),
    placeHolder: vscode.l10n.t('The underlying connection was closed: An unexpected error occurred on a send.'),
    ignoreFocusOut: true,
  });
}

/**
 * Explains the selection (else text the user types) with the language server's explain request and shows the
 * explanation as a Markdown preview of a read-only document. Returns the result (the `explain --format json` shape plus the Markdown).
 */
async function explainError(client: LanguageClient | undefined, argument: unknown): Promise<ExplainResult | undefined> {
  const text = await textToExplain(argument);
  if (text === undefined || text.trim() === '') {
    return undefined;
  }
  if (!client?.isRunning()) {
    void vscode.window.showWarningMessage(vscode.l10n.t('Dynamics TLS Readiness: the language server is not running.'));
    return undefined;
  }
  const result = await client.sendRequest<ExplainResult>(EXPLAIN_REQUEST, { text });
  shownCount++;
  const uri = vscode.Uri.from({ scheme: EXPLANATION_SCHEME, path: `/Explanation ${shownCount}.md` });
  explanations.set(uri.path, result.markdown);
  const doc = await vscode.workspace.openTextDocument(uri);
  try {
    await vscode.commands.executeCommand('markdown.showPreview', doc.uri);
  } catch {
    await vscode.window.showTextDocument(doc, { preview: true });
  }
  return result;
}

/** Registers "Dynamics TLS: Explain a connection error". */
export function registerExplainCommand(context: vscode.ExtensionContext, client: () => LanguageClient | undefined): void {
  context.subscriptions.push(
    vscode.workspace.registerTextDocumentContentProvider(EXPLANATION_SCHEME, { provideTextDocumentContent: (uri) => explanations.get(uri.path) ?? '' }),
    vscode.commands.registerCommand(EXPLAIN_COMMAND, (argument?: unknown) => explainError(client(), argument)),
  );
}
