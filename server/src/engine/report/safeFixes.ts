import { FixPlan, planSafeFixes } from '../fixes/fixPlan';
import { Finding } from '../model/finding';

/**
 * The rules whose first fix RULES.md ("Safe fixes") lets "Fix all safe issues" apply in bulk. Retargeting to 4.8,
 * removing a pin (TLS022), TLS023 and TLS027 stay quick fixes only.
 */
export const SAFE_FIX_RULES: ReadonlySet<string> = new Set([
  'TLS001',
  'TLS003',
  'TLS010',
  'TLS011',
  'TLS012',
  'TLS013',
  'TLS014',
  'TLS020',
  'TLS021',
  'TLS030',
  'TLS032',
  'TLS040',
  'TLS041',
]);

/** The plan of "Fix all safe issues": each finding's first safe fix, for RULES.md's safe-fix rules only. */
export function planReportFixes(findings: readonly Finding[]): FixPlan {
  return planSafeFixes(findings, SAFE_FIX_RULES);
}
