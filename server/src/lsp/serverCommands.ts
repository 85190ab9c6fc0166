import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CancellationToken, ErrorCodes, ExecuteCommandParams, MessageType, ResponseError, WorkDoneProgressReporter } from 'vscode-languageserver';
import { ruleDocsUrl } from '../engine/model/docs';
import { ruleById } from '../engine/rules/registry';
import { locateRoot } from '../node/assets';
import { CHECK_WORKSPACE_COMMAND, FIX_ALL_COMMAND, SHOW_RULE_DOCS_COMMAND } from './commandIds';
import { CheckWorkspaceParams, CheckWorkspaceResult } from './protocol';
import { fileSafeFixes, workspaceSafeFixes } from './safeFixEdits';
import { ServerCore } from './serverCore';
import { URI } from './uri';

/** What `dynamicsTls.showRuleDocs` answers: the page it showed (or told the user about) and how. */
export interface ShowRuleDocsResult {
  uri: string;
  shownWith: 'showDocument' | 'showMessage';
}

/** What `dynamicsTls.fixAll` answers: how many fixes the edit holds and whether the client applied it. */
export interface FixAllResult {
  count: number;
  applied: boolean;
}

/** Runs the check for a command; the workspace check itself is handed in (it owns the last report). */
export type CheckRunner = (params: CheckWorkspaceParams, token: CancellationToken, progress?: WorkDoneProgressReporter) => Promise<CheckWorkspaceResult>;

/** The page of a rule: the one packaged beside the server (works offline) when present, else the docs URL. */
export function ruleDocsUri(ruleId: string, root: string | undefined): string {
  const packaged = root ? join(root, 'docs', 'rules', `${ruleId}.md`) : undefined;
  return packaged && existsSync(packaged) ? URI.fromPath(packaged) : ruleDocsUrl(ruleId);
}

/** The install root, or undefined when the server runs from somewhere without grammars/ (then the docs URL is used). */
function installRoot(): string | undefined {
  try {
    return locateRoot();
  } catch {
    // Not an error worth reporting: without an install root the public docs URL serves instead.
    return undefined;
  }
}

/**
 * `workspace/executeCommand` for every editor: the rule's documentation (`window/showDocument`, or a message carrying
 * the link where the client cannot show documents), the workspace check (with `window/workDoneProgress` where the
 * client shows it) and "fix all" (a `workspace/applyEdit`). The VS Code extension runs its own UI over the same code.
 */
export async function executeCommand(s: ServerCore, check: CheckRunner, params: ExecuteCommandParams, token: CancellationToken): Promise<unknown> {
  const args = params.arguments ?? [];
  switch (params.command) {
    case SHOW_RULE_DOCS_COMMAND:
      return showRuleDocs(s, args[0]);
    case CHECK_WORKSPACE_COMMAND:
      return runCheck(s, check, args[0], token);
    case FIX_ALL_COMMAND:
      return fixAll(s, args[0]);
    default:
      throw new ResponseError(ErrorCodes.InvalidParams, `unknown command ${params.command}`);
  }
}

async function showRuleDocs(s: ServerCore, ruleId: unknown): Promise<ShowRuleDocsResult> {
  const rule = typeof ruleId === 'string' ? ruleById(ruleId.toUpperCase()) : undefined;
  if (!rule) {
    throw new ResponseError(ErrorCodes.InvalidParams, `no rule ${JSON.stringify(ruleId)}: give a rule id such as "TLS001" or "DYN101"`);
  }
  const uri = ruleDocsUri(rule.meta.id, installRoot());
  if (s.client.showDocument) {
    const shown = await s.connection.window.showDocument({ uri, external: !uri.startsWith('file:'), takeFocus: true });
    if (shown.success) {
      return { uri, shownWith: 'showDocument' };
    }
  }
  const where = uri.startsWith('file:') ? `${URI.toPath(uri) ?? uri} (online: ${ruleDocsUrl(rule.meta.id)})` : uri;
  await s.connection.sendNotification('window/showMessage', { type: MessageType.Info, message: `${rule.meta.id} — ${rule.meta.title}. Documentation: ${where}` });
  return { uri, shownWith: 'showMessage' };
}

async function runCheck(s: ServerCore, check: CheckRunner, raw: unknown, token: CancellationToken): Promise<CheckWorkspaceResult> {
  const params = raw && typeof raw === 'object' && !Array.isArray(raw) ? (raw as CheckWorkspaceParams) : {};
  if (!s.client.workDoneProgress) {
    return check(params, token);
  }
  const progress = await s.connection.window.createWorkDoneProgress();
  progress.begin('Checking Dynamics TLS readiness', undefined, undefined, false);
  try {
    return await check(params, token, progress);
  } finally {
    progress.done();
  }
}

async function fixAll(s: ServerCore, target: unknown): Promise<FixAllResult> {
  const path = typeof target === 'string' ? URI.toPath(target) : undefined;
  if (typeof target === 'string' && path) {
    const doc = s.documents.byPath(path);
    if (doc) {
      await s.validate(doc.uri);
    }
  }
  const fixes = path ? fileSafeFixes(s.published.get(path) ?? [], path, s.uriOf) : workspaceSafeFixes(s);
  if (fixes.count === 0) {
    return { count: 0, applied: false };
  }
  const result = await s.connection.workspace.applyEdit({ label: 'Fix all safe Dynamics TLS issues', edit: { changes: fixes.changes } });
  return { count: fixes.count, applied: result.applied };
}
