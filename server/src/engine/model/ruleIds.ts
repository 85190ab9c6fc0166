/**
* The two rule families: `TLS0xx` for TLS, `DYN1xx` for the other retirements that stop a legacy
 * Dynamics client connecting (Office365 authentication, the regional discovery service, …). Both share settings,
 * suppression comments, SARIF, docs pages and verdicts; every place that recognises a rule id asks this module.
 */

/** The family a rule id belongs to: what the readiness report says a row's findings are about. */
export type RuleFamily = 'TLS' | 'connection';

/** The rule-id prefixes and the family each names, in the order reports list the families. */
export const RULE_FAMILIES: readonly { prefix: string; family: RuleFamily }[] = [
  { prefix: 'TLS', family: 'TLS' },
  { prefix: 'DYN', family: 'connection' },
];

const ID_SOURCE = `(?:${RULE_FAMILIES.map((f) => f.prefix).join('|')})\\d{3}`;

/** A whole rule id, any case (`TLS001`, `dyn101`): what settings, suppression comments and `--rule` accept. */
export const RULE_ID_PATTERN = new RegExp(`^${ID_SOURCE}$`, 'i');

/** True when `text` is a rule id of either family (any case). */
export function isRuleId(text: string): boolean {
  return RULE_ID_PATTERN.test(text);
}

/** Every upper-case rule id inside a text, as whole words (a fresh global regex: callers may `replace`/`matchAll`). */
export function ruleIdsInText(): RegExp {
  return new RegExp(`\\b${ID_SOURCE}\\b`, 'g');
}

/** The family of a rule id (an id of no known prefix counts as TLS, the product's first family). */
export function ruleFamily(ruleId: string): RuleFamily {
  const prefix = ruleId.slice(0, 3).toUpperCase();
  return RULE_FAMILIES.find((f) => f.prefix === prefix)?.family ?? 'TLS';
}

/** The same ids as a JSON-schema pattern (no regex flags there, so each letter takes both cases): package.json's. */
export const RULE_ID_SCHEMA_PATTERN = `^(?:${RULE_FAMILIES.map((f) => [...f.prefix].map((c) => `[${c}${c.toLowerCase()}]`).join('')).join('|')})[0-9]{3}$`;
