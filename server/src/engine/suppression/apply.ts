import { Finding, Severity } from '../model/finding';
import { LineIndex } from '../text/lineIndex';
import { SuppressionDirective } from './directives';

/** The suppression comments of one file, with what is needed to place them on lines. */
export interface FileSuppressions {
  path: string;
  text: string;
  lines: LineIndex;
  directives: readonly SuppressionDirective[];
  /** XML files: the last line a `next-line` suppression covers when the next line starts a multi-line tag. */
  lastCoveredLine?: (line: number) => number;
}

/** Why (part of) a directive suppresses nothing. */
export interface UnusedDirectiveProblem {
  /** Rule ids the directive names that matched no finding (registered or not). */
  unusedIds: string[];
  /** Unused ids that are not registered rules. */
  unknownIds: string[];
}

/** The rule that reports suppressions which suppress nothing (TLS090): its id and the finding it words. */
export interface UnusedSuppressionRule {
  readonly id: string;
  finding(path: string, text: string, lines: LineIndex, directive: SuppressionDirective, problem: UnusedDirectiveProblem, severity: Severity): Finding;
}

/** How the suppression pass runs for one analysed file. */
export interface SuppressionOptions {
  /** Report TLS090 for the analysed file's directives (false for a cancelled run or TLS090 turned off). */
  reportUnused: boolean;
  /** The rule that words unused suppressions, and the severity its findings get. */
  unusedRule: UnusedSuppressionRule;
  tls090Severity: Severity;
  /** The registered rule ids: an id outside this set is "not a rule". */
  knownRuleIds: ReadonlySet<string>;
  /** Rules the user's settings turn off: a suppression of them is not called unused. */
  offRuleIds: ReadonlySet<string>;
  /** Told of each finding a comment silences, with the comment's reason (SARIF lists them as `inSource` suppressions). */
  onSuppressed?: (finding: Finding, reason: string | undefined) => void;
}

/** Whether a directive covers a 0-based line of its file. */
function covers(d: SuppressionDirective, file: FileSuppressions, line: number): boolean {
  const lines = file.lines;
  switch (d.scope) {
    case 'file':
      return true;
    case 'line':
      return line >= lines.positionAt(d.comment.start).line && line <= lines.positionAt(d.comment.end).line;
    case 'next-line': {
      const target = lines.positionAt(d.comment.end).line + 1;
      return line >= target && line <= (file.lastCoveredLine?.(target) ?? target);
    }
    default:
      return false;
  }
}

/**
 * Drops the findings a suppression comment covers — in the file where the finding sits, which for a project finding
 * may be another file than the one analysed — and reports TLS090 for the analysed file's directives that suppress
 * nothing. A directive naming TLS090 can silence TLS090 findings like any other.
 */
export function applySuppressions(
  findings: readonly Finding[],
  current: FileSuppressions,
  otherFile: (path: string) => FileSuppressions | undefined,
  options: SuppressionOptions,
): Finding[] {
  const used = new Map<SuppressionDirective, Set<string>>();
  const suppressedBy = (f: Finding, file: FileSuppressions | undefined): boolean => {
    let hit: SuppressionDirective | undefined;
    for (const d of file?.directives ?? []) {
      if (file && d.ruleIds.includes(f.ruleId) && covers(d, file, f.range.start.line)) {
        const ids = used.get(d) ?? new Set<string>();
        ids.add(f.ruleId);
        used.set(d, ids);
        hit ??= d;
      }
    }
    if (hit) {
      options.onSuppressed?.(f, hit.reason);
    }
    return hit !== undefined;
  };
  const kept = findings.filter((f) => !suppressedBy(f, f.path === current.path ? current : otherFile(f.path)));
  if (!options.reportUnused || current.directives.length === 0) {
    return kept;
  }
  const unusedOf = (d: SuppressionDirective): Finding | undefined => {
    const unusedIds = d.ruleIds.filter((id) => !used.get(d)?.has(id) && !options.offRuleIds.has(id));
    const problem = d.scope === undefined || (d.ruleIds.length === 0) || d.invalidTokens.length > 0 || unusedIds.length > 0;
    if (!problem) {
      return undefined;
    }
    const unknownIds = unusedIds.filter((id) => !options.knownRuleIds.has(id));
    return options.unusedRule.finding(current.path, current.text, current.lines, d, { unusedIds, unknownIds }, options.tls090Severity);
  };
  const plain = current.directives.filter((d) => !d.ruleIds.includes(options.unusedRule.id));
  const aboutTls090 = current.directives.filter((d) => d.ruleIds.includes(options.unusedRule.id));
  const first = plain.map(unusedOf).filter((f): f is Finding => f !== undefined).filter((f) => !suppressedBy(f, current));
  const second = aboutTls090.map(unusedOf).filter((f): f is Finding => f !== undefined);
  return [...kept, ...first, ...second];
}
