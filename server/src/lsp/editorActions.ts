import { CodeAction, CodeActionKind, CodeActionParams } from 'vscode-languageserver';
import { fileKindOf } from '../engine/model/fileKind';
import { Finding } from '../engine/model/finding';
import { TLS090_ID } from '../engine/rules/tls090';
import { suppressFileEdit, suppressLineEdit } from '../engine/suppression/insert';
import { LineIndex } from '../engine/text/lineIndex';
import { DiagnosticData, findingKey, toDiagnostic } from './diagnostics';
import { SHOW_RULE_DOCS_COMMAND } from './commandIds';

/** The findings a code action request is about: those of its diagnostics, else those whose line it touches. */
function findingsInRequest(params: CodeActionParams, findings: readonly Finding[], path: string): Finding[] {
  const keys = new Set(params.context.diagnostics.map((d) => (d.data as DiagnosticData | undefined)?.key).filter(Boolean));
  return findings.filter(
    (f) =>
      f.path === path &&
      (keys.has(findingKey(f)) || (f.range.start.line <= params.range.end.line && f.range.end.line >= params.range.start.line)),
  );
}

/**
 * The quick fixes every finding gets besides its own fixes, as ESLint offers them: "Suppress TLS0xx on this line",
 * "Suppress TLS0xx in this file" (a comment inserted with the file's indentation and line ending) and "Show
 * documentation for TLS0xx" (the page packaged with the extension, for offline use). One set per rule id.
 */
export function editorActionsFor(params: CodeActionParams, findings: readonly Finding[], path: string, text: string): CodeAction[] {
  const only = params.context.only;
  if (only && !only.some((k) => CodeActionKind.QuickFix === k || CodeActionKind.QuickFix.startsWith(`${k}.`))) {
    return [];
  }
  const kind = fileKindOf(path);
  const lines = new LineIndex(text);
  const uri = params.textDocument.uri;
  const suppressions: CodeAction[] = [];
  const docs: CodeAction[] = [];
  const seen = new Set<string>();
  for (const f of findingsInRequest(params, findings, path)) {
    const diagnostic = toDiagnostic(f);
    const key = `${f.ruleId}@${f.range.start.line}`;
    if (seen.has(key)) {
      continue;
    }
    seen.add(key);
    if (f.ruleId !== TLS090_ID) {
      const lineEdit = suppressLineEdit(kind, lines, f.range.start.line, f.ruleId);
      suppressions.push({ title: `Suppress ${f.ruleId} on this line`, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], edit: { changes: { [uri]: [lineEdit] } } });
      suppressions.push({
        title: `Suppress ${f.ruleId} in this file`,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        edit: { changes: { [uri]: [suppressFileEdit(kind, lines, f.ruleId)] } },
      });
    }
    if (!docs.some((d) => d.title.endsWith(f.ruleId))) {
      docs.push({
        title: `Show documentation for ${f.ruleId}`,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        command: { title: `Show documentation for ${f.ruleId}`, command: SHOW_RULE_DOCS_COMMAND, arguments: [f.ruleId] },
      });
    }
  }
  return [...suppressions, ...docs];
}
