import { Severity } from '../model/finding';
import { fileFix } from '../fixes/textFix';
import { csharpInput, onTarget } from '../csharp/ruleSupport';
import { NETFX_47 } from '../project/targetFramework';
import { Rule } from './rule';
import { reportParseGaps } from './parseGapFinding';
import { RuleContext } from '../model/ruleContext';

/** The switches of TLS010 (weak crypto: the default falls back to Ssl3 | Tls below 4.7). */
const WEAK_CRYPTO = 'Switch.System.Net.DontEnableSchUseStrongCrypto';
/** The switches of TLS011 (protocol choice reverts to hardcoded lists). */
const OTHER_SWITCHES = [
  'Switch.System.Net.DontEnableSystemDefaultTlsVersions',
  'Switch.System.ServiceModel.DisableUsingServicePointManagerSecurityProtocols',
  'Switch.System.ServiceModel.DontEnableSystemDefaultTlsVersions',
];

/** TLS025: `AppContext.SetSwitch` of a TLS-weakening switch to true (or to a value that cannot be resolved). */
export const tls025: Rule = {
  meta: {
    id: 'TLS025',
    title: 'AppContext.SetSwitch weakens TLS',
    defaultSeverity: 'error',
    kinds: ['csharp'],
    hasSafeFix: false,
    summary: 'AppContext.SetSwitch sets DontEnableSchUseStrongCrypto, DontEnableSystemDefaultTlsVersions or a WCF TLS switch to true.',
  },
  check(ctx: RuleContext): void {
    reportParseGaps(ctx, 'TLS025');
    const input = csharpInput(ctx);
    if (!input || input.defaults.family === 'modern') {
      return;
    }
    const target = input.defaults.target;
    const below47 = input.defaults.family === 'netfx' && (!target || target.version < NETFX_47);
    for (const call of input.model.switches) {
      if (call.name.kind !== 'string') {
        continue;
      }
      const name = call.name.value;
      const weak = name === WEAK_CRYPTO;
      if (!weak && !OTHER_SWITCHES.includes(name)) {
        continue;
      }
      if (call.value.kind === 'bool' && !call.value.value) {
        continue;
      }
      const resolved = call.value.kind === 'bool';
      let severity: Severity = weak && below47 ? 'error' : 'warning';
      if (!resolved) {
        severity = 'warning';
      }
      const effect = weak
        ? below47
          ? 'turns off strong crypto, so the default protocols fall back to Ssl3 | Tls without TLS 1.2'
          : 'turns off strong crypto (the OS still negotiates TLS 1.2 unless code pins a protocol)'
        : 'makes .NET use a hardcoded protocol list instead of the OS defaults';
      const what = resolved ? `sets ${name} to true ${onTarget(input)}, which ${effect}` : `sets ${name} to a value that cannot be resolved (${call.value.kind === 'unknown' ? call.value.reason : 'not a boolean'}); if it is true it ${effect}`;
      ctx.report({
        severity,
        message: `AppContext.SetSwitch ${what}: set it to false.`,
        start: call.span.start,
        end: call.span.end,
        fixes: call.valueSpan ? [fileFix('Set the switch to false', false, ctx.path, ctx.lines, [{ start: call.valueSpan.start, end: call.valueSpan.end, newText: 'false' }])] : [],
      });
    }
  },
};
