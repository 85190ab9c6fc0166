import * as vscode from 'vscode';
import { LanguageClient } from 'vscode-languageclient/node';
import { CHECK_PROGRESS_NOTIFICATION, CHECK_WORKSPACE_REQUEST, CheckProgressParams, CheckWorkspaceResult } from '../../server/src/lsp/protocol';

/** The command id of "Check Dynamics TLS readiness" (a contract: other tools call it). */
export const CHECK_COMMAND = 'dynamicsTls.checkWorkspace';

/** Runs the workspace check with a cancellable progress notification; results land in Problems. */
export async function runCheck(client: LanguageClient, output: vscode.OutputChannel): Promise<CheckWorkspaceResult | undefined> {
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Checking Dynamics TLS readiness', cancellable: true },
    async (progress, token) => {
      let reported = 0;
      const sub = client.onNotification(CHECK_PROGRESS_NOTIFICATION, (p: CheckProgressParams) => {
        if (p.total <= 0) {
          return;
        }
        const pct = Math.floor((p.done / p.total) * 100);
        progress.report({ message: `${p.done} of ${p.total} files`, increment: Math.max(0, pct - reported) });
        reported = Math.max(reported, pct);
      });
      try {
        const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.toString());
        const result = await client.sendRequest<CheckWorkspaceResult>(CHECK_WORKSPACE_REQUEST, { folders }, token);
        output.appendLine(
          `Check: ${result.files} file(s) in ${result.elapsedMs} ms — ${result.totals.error ?? 0} error(s), ${result.totals.warning ?? 0} warning(s)` +
            `${result.cancelled ? ' (cancelled)' : ''}; verdict ${result.verdict}`,
        );
        for (const s of result.skipped) {
          output.appendLine(`  skipped ${s.path}: ${s.reason}`);
        }
        return result;
      } finally {
        sub.dispose();
      }
    },
  );
}

/** Registers the check command; it returns the result so tests and other extensions can read it. */
export function registerCheckCommand(context: vscode.ExtensionContext, client: () => LanguageClient | undefined, output: vscode.OutputChannel): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(CHECK_COMMAND, async () => {
      const c = client();
      if (!c || !c.isRunning()) {
        void vscode.window.showWarningMessage('Dynamics TLS Readiness: the language server is not running.');
        return undefined;
      }
      if (!vscode.workspace.workspaceFolders?.length) {
        void vscode.window.showInformationMessage('Dynamics TLS Readiness: open a folder to check it.');
        return undefined;
      }
      const result = await runCheck(c, output);
      if (result) {
        const t = result.totals;
        void vscode.window.showInformationMessage(
          `Dynamics TLS readiness: ${result.verdict} — ${t.error ?? 0} error(s), ${t.warning ?? 0} warning(s) in ${result.units.length} project(s)/script(s).`,
        );
      }
      return result;
    }),
  );
}
