import { checkAdvisorySettings } from '../regfile/regFindings';
import { Rule, RuleContext } from './rule';

/** TLS041: Advisory 2960358 settings that do not take effect everywhere (one hive only, misspelt names, wrong types). */
export const tls041: Rule = {
  meta: {
    id: 'TLS041',
    title: 'Registry TLS settings incomplete or misspelt',
    defaultSeverity: 'warning',
    kinds: ['registry'],
    hasSafeFix: true,
    summary: 'A .reg file applies the Advisory 2960358 settings to one hive only, misspells a value name, or writes a value with the wrong type.',
  },
  check(ctx: RuleContext): void {
    checkAdvisorySettings(ctx);
  },
};
