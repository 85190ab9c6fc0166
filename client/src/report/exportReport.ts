import * as vscode from 'vscode';
import { LanguageClient } from 'vscode-languageclient/node';
import { EXPORT_REPORT_REQUEST, ExportReportParams, ExportReportResult } from '../../../server/src/lsp/protocol';

/** Options of "Export": the format (asked when absent) and a target URI, which skips the save dialog (tests pass it). */
export interface ExportOptions {
  format?: 'markdown' | 'sarif';
  target?: string;
}

async function pickFormat(): Promise<'markdown' | 'sarif' | undefined> {
  const picked = await vscode.window.showQuickPick(
    [
      { label: 'Markdown', description: 'the report: rows, findings, checklist', format: 'markdown' as const },
      { label: 'SARIF', description: 'SARIF 2.1.0 for code scanning', format: 'sarif' as const },
    ],
    { placeHolder: 'Export the readiness report as' },
  );
  return picked?.format;
}

/**
 * Exports the last check's report to a file, rendered by the server with the CLI's own formatters (Markdown with the
 * checklist ticks, or SARIF), so the export matches `tls-readiness scan --format markdown|sarif`; Markdown ends with
 * `markdownAppendix` when given (the last probe's section, as `probe --format markdown` writes it).
 */
export async function exportReport(client: LanguageClient, checked: readonly string[], options: ExportOptions = {}, markdownAppendix?: string): Promise<vscode.Uri | undefined> {
  const format = options.format ?? (await pickFormat());
  if (!format) {
    return undefined;
  }
  const params: ExportReportParams = { format, checked: [...checked] };
  const exported = await client.sendRequest<ExportReportResult>(EXPORT_REPORT_REQUEST, params);
  if (exported.text === undefined) {
    void vscode.window.showInformationMessage('Dynamics TLS Readiness: run "Check Dynamics TLS readiness" before exporting.');
    return undefined;
  }
  const name = format === 'sarif' ? 'tls-readiness.sarif' : 'tls-readiness.md';
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const target = options.target
    ? vscode.Uri.parse(options.target)
    : await vscode.window.showSaveDialog({
        defaultUri: folder ? vscode.Uri.joinPath(folder, name) : undefined,
        filters: format === 'sarif' ? { SARIF: ['sarif', 'json'] } : { Markdown: ['md'] },
        saveLabel: 'Export',
      });
  if (!target) {
    return undefined;
  }
  const text = format === 'markdown' && markdownAppendix ? `${exported.text}\n${markdownAppendix}` : exported.text;
  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(text));
  if (!options.target) {
    void vscode.window.showInformationMessage(`Dynamics TLS Readiness: report exported to ${vscode.workspace.asRelativePath(target)}.`, 'Open').then(async (choice) => {
      if (choice === 'Open') {
        await vscode.window.showTextDocument(target);
      }
    });
  }
  return target;
}
