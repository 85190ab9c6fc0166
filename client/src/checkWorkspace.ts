import * as vscode from 'vscode';
import { LanguageClient } from 'vscode-languageclient/node';
import { CHECK_PROGRESS_NOTIFICATION, CHECK_WORKSPACE_REQUEST, CheckProgressParams, CheckWorkspaceResult } from '../../server/src/lsp/protocol';
import { probeMarkdownSection } from '../../server/src/engine/probe/probeFormats';
import { ChecklistState } from './report/checklistState';
import { ExportOptions, exportReport } from './report/exportReport';
import { FixAllOptions, FixAllOutcome, fixAllSafeIssues } from './report/fixAll';
import { ReportPanel } from './report/reportPanel';
import { CheckStatusItem } from './statusItem';

/** The command id of "Check Dynamics TLS readiness" (a contract: other tools call it). */
export const CHECK_COMMAND = 'dynamicsTls.checkWorkspace';
/** "Fix all safe issues" (the report's button and the palette). */
export const FIX_ALL_SAFE_COMMAND = 'dynamicsTls.fixAllSafeIssues';
/** "Export readiness report" to Markdown or SARIF. */
export const EXPORT_REPORT_COMMAND = 'dynamicsTls.exportReport';
/** "Show readiness report": the last check's report (runs the check when there is none). */
export const SHOW_REPORT_COMMAND = 'dynamicsTls.showReport';
/** Not in the palette: what the report view and status item show, for tests in the extension host. */
export const REPORT_STATE_COMMAND = 'dynamicsTls.reportState';
/** Not in the palette: hands the report a message as its page would post it, for tests in the extension host. */
export const REPORT_MESSAGE_COMMAND = 'dynamicsTls.reportMessage';

/** Options of the check command; `showReport: false` keeps the report closed (tests, other extensions). */
export interface CheckOptions {
  showReport?: boolean;
}

/** What the report view and status item show, returned by the test-only state command. */
export interface ReportState {
  open: boolean;
  html: string | undefined;
  result: CheckWorkspaceResult | undefined;
  status: { text: string; detail: string | undefined };
  checked: string[];
}

/** Shares of the progress bar: reading files is most of the work, analysing the rest. */
const READ_SHARE = 80;

function progressMessage(p: CheckProgressParams): { message: string; percent: number } {
  if (p.phase === 'discover') {
    return { message: `Finding files… ${p.done} found`, percent: 0 };
  }
  const fraction = p.total > 0 ? Math.min(1, p.done / p.total) : 1;
  if (p.phase === 'read') {
    return { message: `Reading ${p.done} of ${p.total} files`, percent: Math.floor(fraction * READ_SHARE) };
  }
  return { message: `Analysing ${p.done} of ${p.total} files`, percent: READ_SHARE + Math.floor(fraction * (100 - READ_SHARE)) };
}

/** Runs the workspace check with a cancellable progress notification (file counts); results land in Problems. */
export async function runCheck(client: LanguageClient, output: vscode.OutputChannel): Promise<CheckWorkspaceResult | undefined> {
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Checking Dynamics TLS readiness', cancellable: true },
    async (progress, token) => {
      let reported = 0;
      const sub = client.onNotification(CHECK_PROGRESS_NOTIFICATION, (p: CheckProgressParams) => {
        const { message, percent } = progressMessage(p);
        progress.report({ message, increment: Math.max(0, percent - reported) });
        reported = Math.max(reported, percent);
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

/**
 * Registers "Check Dynamics TLS readiness" and the report around it: the report view, "Fix all safe issues", "Export",
 * "Show readiness report" and the language status item. The check command returns its result for tests and other extensions.
 */
export function registerCheckCommand(context: vscode.ExtensionContext, client: () => LanguageClient | undefined, output: vscode.OutputChannel): ReportPanel {
  const status = new CheckStatusItem(CHECK_COMMAND);
  const checklist = new ChecklistState(context.workspaceState);
  let inFlight: Promise<CheckWorkspaceResult | undefined> | undefined;

  const running = (): LanguageClient | undefined => {
    const c = client();
    if (!c || !c.isRunning()) {
      void vscode.window.showWarningMessage('Dynamics TLS Readiness: the language server is not running.');
      return undefined;
    }
    return c;
  };

  const check = async (options: CheckOptions = {}): Promise<CheckWorkspaceResult | undefined> => {
    const c = running();
    if (!c) {
      return undefined;
    }
    if (!vscode.workspace.workspaceFolders?.length) {
      void vscode.window.showInformationMessage('Dynamics TLS Readiness: open a folder to check it.');
      return undefined;
    }
    if (!inFlight) {
      status.running();
      inFlight = runCheck(c, output).finally(() => (inFlight = undefined));
    }
    const result = await inFlight;
    if (!result) {
      status.idle();
      return undefined;
    }
    if (result.cancelled && result.files === 0 && report.result) {
      // Cancelled before any file was judged: Problems and the report keep the previous check.
      status.idle('Last check cancelled; showing the previous one');
      void vscode.window.showInformationMessage('Dynamics TLS Readiness: check cancelled; the report still shows the previous check.');
      return result;
    }
    status.update(result);
    if (options.showReport === false) {
      report.update(result);
    } else {
      report.show(result);
    }
    return result;
  };

  const fixAll = async (options: FixAllOptions = {}): Promise<FixAllOutcome & { result?: CheckWorkspaceResult }> => {
    const c = running();
    if (!c) {
      return { applied: 0, files: [] };
    }
    const outcome = await fixAllSafeIssues(c, options);
    if (outcome.applied === 0) {
      return outcome;
    }
    const result = await check({ showReport: report.isOpen });
    if (result && result.safeFixCount > 0 && !options.confirmed) {
      // A fix can make another one possible (a retarget leaves a stale supportedRuntime sku): offer the next round.
      const again = 'Fix all again';
      void vscode.window
        .showInformationMessage(`Dynamics TLS Readiness: ${result.safeFixCount} more safe fix(es) became possible after these fixes.`, again)
        .then((choice) => (choice === again ? fixAll() : undefined));
    }
    return { ...outcome, result };
  };

  const exportLast = async (options: ExportOptions = {}): Promise<string | undefined> => {
    const c = running();
    const probes = report.probes ? probeMarkdownSection(report.probes.run, report.probes.baseDir) : undefined;
    return c ? (await exportReport(c, [...checklist.checked()], options, probes))?.toString() : undefined;
  };

  const report = new ReportPanel(checklist, {
    fixAll: () => fixAll(),
    exportReport: (format) => exportLast({ format }),
    recheck: () => check(),
  });

  const argument = <T extends object>(value: unknown): T => (typeof value === 'object' && value !== null ? (value as T) : ({} as T));
  context.subscriptions.push(
    status,
    report,
    vscode.commands.registerCommand(CHECK_COMMAND, (options?: unknown) => check(argument<CheckOptions>(options))),
    vscode.commands.registerCommand(FIX_ALL_SAFE_COMMAND, (options?: unknown) => fixAll(argument<FixAllOptions>(options))),
    vscode.commands.registerCommand(EXPORT_REPORT_COMMAND, (options?: unknown) => exportLast(argument<ExportOptions>(options))),
    vscode.commands.registerCommand(SHOW_REPORT_COMMAND, async () => {
      if (report.result) {
        report.show(report.result);
        return report.result;
      }
      return check();
    }),
    vscode.commands.registerCommand(REPORT_MESSAGE_COMMAND, (message: unknown) => report.receive(message)),
    vscode.commands.registerCommand(
      REPORT_STATE_COMMAND,
      (): ReportState => ({
        open: report.isOpen,
        html: report.html,
        result: report.result,
        status: { text: status.text, detail: status.detail },
        checked: [...checklist.checked()],
      }),
    ),
  );
  return report;
}
