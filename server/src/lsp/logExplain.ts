import { Connection, Diagnostic, DiagnosticSeverity, Hover, MarkupKind, Position } from 'vscode-languageserver';
import { ErrorMatch, findErrors } from '../engine/explain/match';
import { explanationMarkdown, signatureMarkdown, toExplainJson } from '../engine/explain/render';
import { DIAGNOSTIC_SOURCE, HOMEPAGE } from '../engine/model/docs';
import { EXPLAIN_REQUEST, ExplainResult } from './explainProtocol';

/** The page that documents the recognised errors: every `.log` diagnostic links to it. */
export const EXPLAIN_DOCS_URL = `${HOMEPAGE}/docs/explain.md`;

/** True for the files whose lines are explained instead of analysed: open `.log` files. */
export function isLogPath(path: string): boolean {
  return /\.log$/i.test(path);
}

/** Matches per text, so that a hover does not search the whole log again while the text is unchanged. */
const lastMatches = new WeakMap<object, { text: string; matches: ErrorMatch[] }>();

/** The recognised errors of a document's text, computed once per text. */
export function logMatches(doc: object, text: string): ErrorMatch[] {
  const cached = lastMatches.get(doc);
  if (cached?.text === text) {
    return cached.matches;
  }
  const matches = findErrors(text);
  lastMatches.set(doc, { text, matches });
  return matches;
}

/** An information diagnostic per recognised line and error: code = the signature id, linking to docs/explain.md. */
export function logDiagnostics(matches: readonly ErrorMatch[]): Diagnostic[] {
  return matches.map((m) => ({
    range: { start: { line: m.line, character: m.start }, end: { line: m.line, character: m.end } },
    severity: DiagnosticSeverity.Information,
    source: DIAGNOSTIC_SOURCE,
    code: m.signature.id,
    codeDescription: { href: EXPLAIN_DOCS_URL },
    message: `${m.signature.title}. Likely cause: ${m.signature.cause}`,
  }));
}

/** The hover on a recognised `.log` line: each error's explanation (cause, checks with rule ids, fix). */
export function logHover(matches: readonly ErrorMatch[], position: Position): Hover | null {
  const here = matches.filter((m) => m.line === position.line && position.character >= m.start && position.character <= m.end);
  const first = here[0];
  if (!first) {
    return null;
  }
  return {
    contents: { kind: MarkupKind.Markdown, value: here.map((m) => signatureMarkdown(m.signature)).join('\n\n---\n\n') },
    range: { start: { line: first.line, character: first.start }, end: { line: first.line, character: first.end } },
  };
}

/** Answers the explain request (any LSP client can send it): the same matching as `tls-readiness explain`. */
export function registerExplainRequest(connection: Connection): void {
  connection.onRequest(EXPLAIN_REQUEST, (params: unknown): ExplainResult => {
    const text = typeof params === 'object' && params !== null && typeof (params as { text?: unknown }).text === 'string' ? (params as { text: string }).text : '';
    const matches = findErrors(text);
    return { ...toExplainJson(matches), markdown: explanationMarkdown(matches, text) };
  });
}
