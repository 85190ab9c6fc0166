import { Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity, DiagnosticTag } from 'vscode-languageserver';
import { URI } from './uri';
import { DIAGNOSTIC_SOURCE, ruleDocsUrl } from '../engine/model/docs';
import { Finding, Severity } from '../engine/model/finding';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** What a diagnostic carries in `data` so that code actions find their finding without re-analysing. */
export interface DiagnosticData {
  key: string;
}

/** A stable key of a finding within its document version, used as the diagnostic's `data`. */
export function findingKey(f: Finding): string {
  return `${f.ruleId}@${f.range.start.line}:${f.range.start.character}-${f.range.end.line}:${f.range.end.character}`;
}

/** Converts a finding into an LSP diagnostic: source, code = rule id, codeDescription = docs page, related info. */
export function toDiagnostic(f: Finding): Diagnostic {
  const related: DiagnosticRelatedInformation[] = f.related.map((r) => ({
    location: { uri: URI.fromPath(r.path), range: r.range },
    message: r.message,
  }));
  return {
    range: f.range,
    severity: SEVERITY[f.severity],
    source: DIAGNOSTIC_SOURCE,
    code: f.ruleId,
    codeDescription: { href: ruleDocsUrl(f.ruleId) },
    message: f.message,
    ...(related.length ? { relatedInformation: related } : {}),
    ...(f.tags?.includes('unnecessary') ? { tags: [DiagnosticTag.Unnecessary] } : {}),
    data: { key: findingKey(f) } satisfies DiagnosticData,
  };
}
