import { SCH_USE_STRONG_CRYPTO } from '../config/switchOverrides';
import { NETFX_47 } from '../project/targetFramework';
import { Rule } from './rule';
import { RuleContext } from '../model/ruleContext';
import { contextOf, reportTrueSwitch, trueSwitches } from './switchFindings';

/** TLS010: `Switch.System.Net.DontEnableSchUseStrongCrypto=true` in a config file turns strong crypto (and TLS 1.2 by default) off. */
export const tls010: Rule = {
  meta: {
    id: 'TLS010',
    title: 'Config switch DontEnableSchUseStrongCrypto=true',
    defaultSeverity: 'error',
    kinds: ['config'],
    hasSafeFix: true,
    summary: 'Switch.System.Net.DontEnableSchUseStrongCrypto=true reverts the default protocols to Ssl3|Tls on targets below 4.7.',
  },
  check(ctx: RuleContext): void {
    const cc = contextOf(ctx);
    if (!cc) {
      return;
    }
    for (const hit of trueSwitches(ctx, [SCH_USE_STRONG_CRYPTO])) {
      const target = cc.target;
      if (!target) {
        reportTrueSwitch(ctx, cc, hit, 'warning', `turns strong crypto off, so on a target below 4.7 the defaults fall back to Ssl3|Tls without TLS 1.2; the target is unknown (${cc.targetLabel})`, true);
      } else if (target.family === 'netfx' && target.version < NETFX_47) {
        reportTrueSwitch(ctx, cc, hit, 'error', `turns strong crypto off, so with ${cc.targetLabel} the default protocols fall back to Ssl3|Tls and TLS 1.2 is not offered to Dynamics 365 online`, true);
      } else {
        reportTrueSwitch(ctx, cc, hit, 'warning', `turns strong crypto off; with ${cc.targetLabel} the OS still negotiates TLS 1.2 unless code pins a protocol, but TLS is weakened for every endpoint`, true);
      }
    }
  },
};
