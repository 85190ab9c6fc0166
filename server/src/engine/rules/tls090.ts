import { FileKind } from '../model/fileKind';
import { Finding, Fix, Severity } from '../model/finding';
import { OffsetEdit, fileFix } from '../fixes/textFix';
import { UnusedDirectiveProblem, UnusedSuppressionRule } from '../suppression/apply';
import { DirectiveScope, SuppressionDirective } from '../suppression/directives';
import { LineIndex } from '../text/lineIndex';
import { Rule } from './rule';

/** The id of the rule that reports suppressions which suppress nothing. */
export const TLS090_ID = 'TLS090';

/** Every file kind the analyzer reads: a suppression comment can sit in any of them. */
const ANALYSED_KINDS: readonly FileKind[] = ['project', 'buildProps', 'config', 'packagesConfig', 'csharp', 'powershell', 'registry'];

/**
 * TLS090: a suppression comment without a rule id, with an unknown keyword or id, or one that suppresses nothing.
 * The check itself finds nothing: the analyzer's suppression pass reports TLS090 once every other rule has run,
 * because only then is it known which suppressions were used.
 */
export const tls090: Rule = {
  meta: {
    id: TLS090_ID,
    title: 'Suppression comment that suppresses nothing',
    defaultSeverity: 'information',
    kinds: ANALYSED_KINDS,
    hasSafeFix: false,
    summary: 'A tls-readiness-disable comment names no rule id, an unknown id, or suppresses no finding; it should be removed.',
  },
  check(): void {
    // Reported by the analyzer's suppression pass (see server/src/engine/suppression/apply.ts).
  },
};

const WHERE: Record<DirectiveScope, string> = { 'next-line': 'on the next line', line: 'on this line', file: 'in this file' };

/** Builds the TLS090 finding for a directive that (partly) suppresses nothing, with a "remove it" quick fix. */
function unusedSuppressionFinding(
  path: string,
  text: string,
  lines: LineIndex,
  directive: SuppressionDirective,
  problem: UnusedDirectiveProblem,
  severity: Severity,
): Finding {
  const reasons: string[] = [];
  if (directive.scope === undefined) {
    reasons.push(`"${directive.keyword}" is not a suppression keyword (write tls-readiness-disable-next-line, -line or -file)`);
  } else if (directive.ruleIds.length === 0 && directive.invalidTokens.length === 0) {
    reasons.push('it names no rule id (write the ids it is meant for, e.g. TLS022)');
  }
  for (const token of directive.invalidTokens) {
    reasons.push(`"${token}" is not a rule id`);
  }
  for (const id of directive.scope === undefined ? [] : problem.unusedIds) {
    reasons.push(problem.unknownIds.includes(id) ? `${id} is not a rule` : `no ${id} finding is ${WHERE[directive.scope ?? 'line']}`);
  }
  const removesAll = directive.scope === undefined || problem.unusedIds.length === directive.ruleIds.length;
  return {
    ruleId: TLS090_ID,
    severity,
    message: `This suppression suppresses nothing because ${reasons.join('; ')}: ${removesAll ? 'remove the comment' : `remove ${problem.unusedIds.join(', ')} from it`}.`,
    path,
    range: lines.rangeOf(directive.comment.start, directive.comment.end),
    fixes: [removalFix(path, text, lines, directive, removesAll ? undefined : problem.unusedIds)],
    related: [],
    tags: ['unnecessary'],
  };
}

/** "Remove the unused suppression": deletes the comment (and its line when alone on it), or only the unused ids. */
function removalFix(path: string, text: string, lines: LineIndex, d: SuppressionDirective, unusedIds: string[] | undefined): Fix {
  if (unusedIds) {
    const idsText = text.slice(d.idsStart, d.idsEnd);
    const kept = d.ruleIds.filter((id) => !unusedIds.includes(id));
    const separator = idsText.includes(',') ? ', ' : ' ';
    const trailing = /\s*$/.exec(idsText)?.[0] ?? '';
    const edit: OffsetEdit = { start: d.idsStart, end: d.idsEnd, newText: ` ${kept.join(separator)}${trailing}` };
    return fileFix(`Remove ${unusedIds.join(', ')} from the suppression`, false, path, lines, [edit]);
  }
  return fileFix('Remove the unused suppression', false, path, lines, [commentRemoval(text, lines, d.comment.start, d.comment.end)]);
}

/** The edit that removes a comment: its whole line when nothing else is on it, else the comment and the spaces before it. */
function commentRemoval(text: string, lines: LineIndex, start: number, end: number): OffsetEdit {
  const firstLine = lines.positionAt(start).line;
  const lastLine = lines.positionAt(end).line;
  const before = text.slice(lines.lineStart(firstLine), start);
  const after = text.slice(end, lines.lineContentEnd(lastLine));
  if (/^\s*$/.test(before) && /^\s*$/.test(after)) {
    const nextStart = lastLine + 1 < lines.lineCount ? lines.lineStart(lastLine + 1) : text.length;
    const lineStart = lines.lineStart(firstLine);
    if (nextStart === text.length && firstLine > 0 && lastLine + 1 >= lines.lineCount) {
      return { start: lines.lineContentEnd(firstLine - 1), end: text.length, newText: '' };
    }
    return { start: lineStart, end: nextStart, newText: '' };
  }
  if (/^\s*$/.test(before)) {
    const spaces = /^[ \t]*/.exec(after)?.[0].length ?? 0;
    return { start, end: end + spaces, newText: '' };
  }
  const spaces = /[ \t]*$/.exec(before)?.[0].length ?? 0;
  return { start: start - spaces, end, newText: '' };
}

/** TLS090 as the suppression pass calls it: the id a directive names to silence it, and its finding. */
export const unusedSuppressionRule: UnusedSuppressionRule = { id: TLS090_ID, finding: unusedSuppressionFinding };
