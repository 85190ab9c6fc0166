import { TLS011_SWITCHES } from '../config/switchOverrides';
import { Rule } from './rule';
import { RuleContext } from '../model/ruleContext';
import { contextOf, reportTrueSwitch, trueSwitches } from './switchFindings';

const EFFECT: Record<string, string> = {
  'Switch.System.Net.DontEnableSystemDefaultTlsVersions': 'stops the OS from choosing the protocol and reverts to a fixed Tls|Tls11|Tls12 set, which blocks TLS 1.3 and future versions',
  'Switch.System.ServiceModel.DisableUsingServicePointManagerSecurityProtocols': 'limits WCF message security with certificate credentials to TLS 1.0',
  'Switch.System.ServiceModel.DontEnableSystemDefaultTlsVersions': 'caps WCF transport security at TLS 1.2 instead of the OS default',
};

/** TLS011: config switches that cap or pin the TLS version set to true (warning). */
export const tls011: Rule = {
  meta: {
    id: 'TLS011',
    title: 'Config switch that pins or caps TLS versions set to true',
    defaultSeverity: 'warning',
    kinds: ['config'],
    hasSafeFix: true,
    summary: 'DontEnableSystemDefaultTlsVersions / DisableUsingServicePointManagerSecurityProtocols set to true weaken or pin the TLS choice.',
  },
  check(ctx: RuleContext): void {
    const cc = contextOf(ctx);
    if (!cc) {
      return;
    }
    for (const hit of trueSwitches(ctx, TLS011_SWITCHES)) {
      reportTrueSwitch(ctx, cc, hit, 'warning', EFFECT[hit.pair.name] ?? 'weakens the TLS choice', true);
    }
  },
};
