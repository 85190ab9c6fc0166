import { CodeAction, CodeActionKind, CodeActionParams, Diagnostic, TextEdit, WorkspaceEdit } from 'vscode-languageserver';
import { Finding, Fix } from '../engine/model/finding';
import { DiagnosticData, findingKey, toDiagnostic } from './diagnostics';
import { FIX_ALL_KIND } from './protocol';
import { fileSafeFixes } from './safeFixEdits';
import { URI } from './uri';

/** Turns a fix into a workspace edit, using the open document's own URI for its file. */
export function fixToEdit(fix: Fix, uriOf: (path: string) => string): WorkspaceEdit {
  const changes: Record<string, TextEdit[]> = {};
  for (const c of fix.changes) {
    const uri = uriOf(c.path);
    changes[uri] = [...(changes[uri] ?? []), ...c.edits];
  }
  return { changes };
}

function rangesIntersect(d: Diagnostic, params: CodeActionParams): boolean {
  const a = d.range;
  const b = params.range;
  const before = (p: { line: number; character: number }, q: { line: number; character: number }): boolean =>
    p.line < q.line || (p.line === q.line && p.character < q.character);
  return !before(a.end, b.start) && !before(b.end, a.start);
}

/**
 * Code actions for a range: each finding's fixes as quick fixes (the safe one preferred), and the file's
 * `source.fixAll.dynamicsTls` action, which applies every safe, non-overlapping fix of the file.
 */
export function codeActionsFor(params: CodeActionParams, findings: readonly Finding[], uriOf: (path: string) => string): CodeAction[] {
  const only = params.context.only;
  const wants = (kind: string): boolean => !only || only.some((k) => kind === k || kind.startsWith(`${k}.`));
  const actions: CodeAction[] = [];
  if (wants(CodeActionKind.QuickFix)) {
    const keys = new Set(params.context.diagnostics.map((d) => (d.data as DiagnosticData | undefined)?.key).filter(Boolean));
    for (const f of findings) {
      const diagnostic = toDiagnostic(f);
      if (!keys.has(findingKey(f)) && !rangesIntersect(diagnostic, params)) {
        continue;
      }
      f.fixes.forEach((fix, i) => {
        actions.push({
          title: fix.title,
          kind: CodeActionKind.QuickFix,
          diagnostics: [diagnostic],
          isPreferred: i === 0 && fix.safe,
          edit: fixToEdit(fix, uriOf),
        });
      });
    }
  }
  if (wants(FIX_ALL_KIND)) {
    const here = URI.toPath(params.textDocument.uri);
    const fixes = here ? fileSafeFixes(findings, here, uriOf) : undefined;
    if (fixes?.count) {
      actions.push({ title: 'Fix all safe Dynamics TLS issues', kind: FIX_ALL_KIND, edit: { changes: fixes.changes } });
    }
  }
  return actions;
}
