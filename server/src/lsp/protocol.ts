import type { ReportData, ReportUnit } from '../engine/report/reportData';

/** Parameters of the workspace check: the folders to scan (the server's workspace folders when empty). */
export interface CheckWorkspaceParams {
  folders?: string[];
}

/** A project/script row of the check's result, as the client shows it (the engine's plain report row). */
export type CheckUnit = ReportUnit;

/** What the workspace check returns: rows, totals, skipped files, cancellation, timing (the report view renders it). */
export type CheckWorkspaceResult = ReportData;

/** Client → server: run the readiness check over the workspace (cancellable with $/cancelRequest). */
export const CHECK_WORKSPACE_REQUEST = 'dynamicsTls/checkWorkspace';

/** Server → client: progress of the workspace check (`discover`: files found, total 0; `read`/`analyse`: done of total). */
export interface CheckProgressParams {
  phase: string;
  done: number;
  total: number;
}

/** Server → client: progress notifications of a running check. */
export const CHECK_PROGRESS_NOTIFICATION = 'dynamicsTls/checkProgress';

/** An LSP text edit in plain JSON (the client converts it with its protocol converter). */
export interface PlainTextEdit {
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  newText: string;
}

/** What the safe-fixes request returns: edits per URI and a line per fix for the confirmation. */
export interface SafeFixesResult {
  changes: Record<string, PlainTextEdit[]>;
  count: number;
  titles: string[];
  /** One entry per fix, with the file it changes, for a confirmation that lists them. */
  items?: { uri: string; ruleId: string; title: string }[];
}

/** Client → server: the workspace edit that applies every safe fix currently published (after a confirmation). */
export const SAFE_FIXES_REQUEST = 'dynamicsTls/safeFixes';

/** The `source.fixAll` kind of this extension, for `editor.codeActionsOnSave`. */
export const FIX_ALL_KIND = 'source.fixAll.dynamicsTls';

/** Parameters of the export request: the format, and the checklist items ticked in the report view. */
export interface ExportReportParams {
  format: 'markdown' | 'sarif';
  checked?: string[];
}

/** The exported text of the last check (the CLI's formatters), or `undefined` text when no check has run. */
export interface ExportReportResult {
  text?: string;
  baseDir?: string;
}

/** Client → server: the last check's report as Markdown or SARIF, rendered by the CLI's formatters. */
export const EXPORT_REPORT_REQUEST = 'dynamicsTls/exportReport';
