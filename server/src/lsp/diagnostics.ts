import { Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity, DiagnosticTag } from 'vscode-languageserver';
import { URI } from './uri';
import { DIAGNOSTIC_SOURCE, ruleDocsUrl } from '../engine/model/docs';
import { Finding, Severity } from '../engine/model/finding';
import { MAX_FILE_SIZE_KB_LIMIT } from '../engine/scan/excludes';
import { escapeForDisplay } from '../engine/text/displayEscape';

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

/**
 * The one diagnostic of a document above `dynamicsTls.maxFileSizeKB`: information, at the top of the file, with the
 * product's source and no rule id (no rule ran; the file was not read), so that the user sees why it has no findings.
 */
export function sizeCapDiagnostic(reason: string): Diagnostic {
  return {
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    severity: DiagnosticSeverity.Information,
    source: DIAGNOSTIC_SOURCE,
    message: escapeForDisplay(`Not analysed: this file is ${reason}. Raise the setting (up to ${MAX_FILE_SIZE_KB_LIMIT} KB) to analyse it.`),
  };
}

/**
 * The one diagnostic of a document whose parse ran out of its time budget: information, at the top of the file, no
 * rule id (no rule ran), saying that the file is too complex to analyse — never a guess about what it holds.
 */
export function tooComplexDiagnostic(reason: string): Diagnostic {
  return {
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    severity: DiagnosticSeverity.Information,
    source: DIAGNOSTIC_SOURCE,
    message: escapeForDisplay(`Not analysed: this file is ${reason}; check it by hand.`),
  };
}

/** Converts a finding into an LSP diagnostic: source, code = rule id, codeDescription = docs page, related info. */
export function toDiagnostic(f: Finding): Diagnostic {
  const related: DiagnosticRelatedInformation[] = f.related.map((r) => ({
    location: { uri: URI.fromPath(r.path), range: r.range },
    message: escapeForDisplay(r.message),
  }));
  return {
    range: f.range,
    severity: SEVERITY[f.severity],
    source: DIAGNOSTIC_SOURCE,
    code: f.ruleId,
    codeDescription: { href: ruleDocsUrl(f.ruleId) },
    // Messages quote names and values from the workspace: shown escaped (one escaping step for every output).
    message: escapeForDisplay(f.message),
    ...(related.length ? { relatedInformation: related } : {}),
    ...(f.tags?.includes('unnecessary') ? { tags: [DiagnosticTag.Unnecessary] } : {}),
    data: { key: findingKey(f) } satisfies DiagnosticData,
  };
}
