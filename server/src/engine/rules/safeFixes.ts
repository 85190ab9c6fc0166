import { FixPlan, planFixes } from '../fixes/fixPlan';
import { Finding, Fix } from '../model/finding';
import { ruleById } from './registry';

/**
 * The fix that bulk fixing may apply to a finding: its first fix marked safe, when its rule's metadata declares a safe
 * fix (`hasSafeFix`). The one predicate of `tls-readiness fix`, the editor's fix-all and the report's "Fix all".
 */
export function bulkFixOf(finding: Finding): Fix | undefined {
  return ruleById(finding.ruleId)?.meta.hasSafeFix ? finding.fixes.find((f) => f.safe) : undefined;
}

/** The plan of every bulk fix: each finding's bulk fix, of the given rules only when a filter is given, without overlaps. */
export function planSafeFixes(findings: readonly Finding[], ruleFilter?: ReadonlySet<string>): FixPlan {
  return planFixes(findings.filter((f) => !ruleFilter || ruleFilter.has(f.ruleId)), bulkFixOf);
}
