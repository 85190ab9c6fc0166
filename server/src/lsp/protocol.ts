/** Parameters of the workspace check: the folders to scan (the server's workspace folders when empty). */
export interface CheckWorkspaceParams {
  folders?: string[];
}

/** A project/script row of the check's result, as the client shows it. */
export interface CheckUnit {
  name: string;
  path: string;
  kind: string;
  target: string;
  evidence: string[];
  verdict: string;
  counts: Record<string, number>;
  findings: { ruleId: string; severity: string; message: string; path: string; line: number; character: number; endLine: number; endCharacter: number }[];
}

/** What the workspace check returns: rows, totals, skipped files, cancellation, timing. */
export interface CheckWorkspaceResult {
  baseDir: string;
  units: CheckUnit[];
  totals: Record<string, number>;
  verdict: string;
  files: number;
  skipped: { path: string; reason: string }[];
  cancelled: boolean;
  elapsedMs: number;
  safeFixCount: number;
}

/** Client → server: run the readiness check over the workspace (cancellable with $/cancelRequest). */
export const CHECK_WORKSPACE_REQUEST = 'dynamicsTls/checkWorkspace';

/** Server → client: progress of the workspace check (files done of total). */
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
}

/** Client → server: the workspace edit that applies every safe fix currently published (after a confirmation). */
export const SAFE_FIXES_REQUEST = 'dynamicsTls/safeFixes';

/** The `source.fixAll` kind of this extension, for `editor.codeActionsOnSave`. */
export const FIX_ALL_KIND = 'source.fixAll.dynamicsTls';
