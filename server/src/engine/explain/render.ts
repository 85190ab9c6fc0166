import { ruleDocsUrl } from '../model/docs';
import { ruleIdsInText } from '../model/ruleIds';
import { escapeForDisplay } from '../text/displayEscape';
import { ErrorMatch } from './match';
import { ErrorSignature } from './signatures';

/** The `explain --format json` contract: one entry per recognised line and signature, 1-based lines. */
export interface ExplainJson {
  matches: { line: number; id: string; cause: string; fix: string }[];
}

/** The JSON the CLI prints and the editor's request returns. */
export function toExplainJson(matches: readonly ErrorMatch[]): ExplainJson {
  return { matches: matches.map((m) => ({ line: m.line + 1, id: m.signature.id, cause: m.signature.cause, fix: m.signature.fix })) };
}

/** Escapes text for Markdown so that log text (`*`, `_`, `<`, backticks) shows as written. */
function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+!<>|~]/g, (c) => `\\${c}`);
}

/** Rule ids in a check or fix become links to their docs pages. */
function linkRules(text: string): string {
  return escapeMarkdown(text).replace(ruleIdsInText(), (id) => `[${id}](${ruleDocsUrl(id)})`);
}

/** One signature's explanation as Markdown: the hover on a `.log` line and a section of the editor's explanation. */
export function signatureMarkdown(signature: ErrorSignature): string {
  return [
    `**${escapeMarkdown(signature.title)}** (\`${signature.id}\`)`,
    '',
    `**Likely cause.** ${escapeMarkdown(signature.cause)}`,
    '',
    '**Checks that would confirm it:**',
    ...signature.checks.map((c) => `- ${linkRules(c)}`),
    '',
    `**Fix.** ${linkRules(signature.fix)}`,
  ].join('\n');
}

/** The editor's explanation of a pasted text: each recognised line, then each signature explained once. */
export function explanationMarkdown(matches: readonly ErrorMatch[], text: string): string {
  if (matches.length === 0) {
    return [
      '# No known TLS connection error',
      '',
      'None of the connection errors this tool knows (closed or reset connections during the TLS handshake, "Could not create SSL/TLS secure channel", SSPI and SCHANNEL algorithm mismatches, CrmServiceClient token errors, Get-CrmConnection not ready, the browser\'s "Can\'t connect securely") appears in the text.',
    ].join('\n');
  }
  const lines = text.split(/\r\n|\r|\n/);
  const out = ['# Connection errors explained', ''];
  for (const m of matches) {
    const excerpt = (lines[m.line] ?? '').trim().slice(0, 200);
    out.push(`- Line ${m.line + 1} (\`${m.signature.id}\`): ${escapeMarkdown(excerpt)}`);
  }
  const seen = new Set<string>();
  for (const m of matches) {
    if (!seen.has(m.signature.id)) {
      seen.add(m.signature.id);
      out.push('', '---', '', signatureMarkdown(m.signature));
    }
  }
  return out.join('\n');
}

/** The CLI's text output: per match the line, its excerpt, cause, checks and fix; a closing count. */
export function explanationText(matches: readonly ErrorMatch[], text: string, source: string): string {
  if (matches.length === 0) {
    return `${escapeForDisplay(source)}: no known TLS connection error found.\n`;
  }
  const lines = text.split(/\r\n|\r|\n/);
  const out: string[] = [];
  for (const m of matches) {
    const s = m.signature;
    out.push(
      `${escapeForDisplay(source)}:${m.line + 1}: ${s.id} — ${s.title}`,
      `  line:   ${escapeForDisplay((lines[m.line] ?? '').trim().slice(0, 200))}`,
      `  cause:  ${s.cause}`,
      '  checks:',
      ...s.checks.map((c) => `    - ${c}`),
      `  fix:    ${s.fix}`,
      '',
    );
  }
  out.push(`${matches.length} recognised error line${matches.length === 1 ? '' : 's'}.`);
  return `${out.join('\n')}\n`;
}
