import { Severity } from '../model/finding';
import { NETFX_47 } from '../project/targetFramework';
import { WriteVerdict } from '../csharp/writeJudge';
import { ENABLE_TLS12_STATEMENT } from '../csharp/csharpEdits';
import { systemDefaultFixes } from '../csharp/csharpFixes';
import { csharpInput, onTarget, systemDefaultAllowed } from '../csharp/ruleSupport';
import { ALL_PROTOCOL_BITS } from '../csharp/protocols';
import { Rule } from './rule';
import { SECURITY_PROTOCOL, reportWrites } from './securityProtocolWrites';
import { RuleContext } from '../model/ruleContext';

/** TLS023: SystemDefault / 0 / SslProtocols.None below 4.7, where the handshake throws unless the config switch allows it (docs/rules/TLS023.md). */
export const tls023: Rule = {
  meta: {
    id: 'TLS023',
    title: 'SystemDefault or SslProtocols.None below .NET Framework 4.7',
    defaultSeverity: 'error',
    kinds: ['csharp'],
    hasSafeFix: false,
    summary: 'SystemDefault, 0 or SslProtocols.None on a target up to 4.6.2 makes the TLS handshake throw unless DontEnableSystemDefaultTlsVersions is false.',
  },
  check(ctx: RuleContext): void {
    reportWrites(ctx, 'systemDefault', tls023Severity, ({ input, where }) => {
      const action = input.host === 'powershellModule'
        ? `use \`${ENABLE_TLS12_STATEMENT}\` instead (a module cannot change Windows PowerShell's target or config)`
        : "retarget to .NET Framework 4.7 or later, or set that switch to false in the app's config";
      return {
        message: `${SECURITY_PROTOCOL} is set to SystemDefault ${where}, where Switch.System.Net.DontEnableSystemDefaultTlsVersions is true by default, so the TLS handshake throws: ${action}.`,
        fixes: systemDefaultFixes(ctx, input),
      };
    });
    const input = csharpInput(ctx);
    if (!input || input.defaults.family === 'modern' || (input.defaults.target?.family === 'netfx' && input.defaults.target.version >= NETFX_47)) {
      return;
    }
    if (systemDefaultAllowed(ctx, input)) {
      return;
    }
    for (const use of input.model.sslUses) {
      if (use.value.kind !== 'number' || use.operator !== '=' && use.operator !== 'argument' || (use.value.zero & ALL_PROTOCOL_BITS) !== 0 || use.value.readsCurrent) {
        continue;
      }
      const unknown = input.defaults.family === 'unknown';
      ctx.report({
        severity: unknown ? 'warning' : 'error',
        message: `SslProtocols.None (let the OS choose) ${onTarget(input)} makes the TLS handshake throw while Switch.System.Net.DontEnableSystemDefaultTlsVersions is true (its default below 4.7): ${input.host === 'powershellModule' ? 'name SslProtocols.Tls12' : "retarget to .NET Framework 4.7 or later, set that switch to false in the app's config, or name SslProtocols.Tls12"}.`,
        start: use.span.start,
        end: use.span.end,
        fixes: systemDefaultFixes(ctx, input),
      });
    }
  },
};

/** TLS023's severity (docs/rules/TLS023.md): error (the handshake throws); with an unknown target, where the verdict depends on it, a warning. */
export function tls023Severity(verdict: WriteVerdict): Severity {
  return verdict.family === 'unknown' && verdict.targetDependent ? 'warning' : 'error';
}
