import { Finding } from '../model/finding';
import { RULE_FAMILIES, RuleFamily, ruleFamily } from '../model/ruleIds';

/** Why a row is not Ready, for one rule family: its errors and warnings and the rules that gave them. */
export interface VerdictReason {
  family: RuleFamily;
  error: number;
  warning: number;
  /** The rule ids of those errors and warnings, in id order, each once. */
  rules: string[];
}

/**
 * The reasons behind a verdict, one per family (TLS, then connection) that has an error or a warning: a row is Will
 * fail or At risk because of these, whichever family they come from. Empty for a Ready row.
 */
export function verdictReasons(findings: readonly Finding[]): VerdictReason[] {
  const reasons: VerdictReason[] = [];
  for (const { family } of RULE_FAMILIES) {
    const mine = findings.filter((f) => (f.severity === 'error' || f.severity === 'warning') && ruleFamily(f.ruleId) === family);
    if (mine.length > 0) {
      reasons.push({
        family,
        error: mine.filter((f) => f.severity === 'error').length,
        warning: mine.filter((f) => f.severity === 'warning').length,
        rules: [...new Set(mine.map((f) => f.ruleId))].sort(),
      });
    }
  }
  return reasons;
}

function counted(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** One reason in words (`TLS: 1 error, 2 warnings (TLS001, TLS020)`): what text, Markdown and the report view show. */
export function reasonText(reason: VerdictReason): string {
  const counts = [reason.error ? counted(reason.error, 'error') : '', reason.warning ? counted(reason.warning, 'warning') : ''].filter(Boolean);
  return `${reason.family}: ${counts.join(', ')} (${reason.rules.join(', ')})`;
}
