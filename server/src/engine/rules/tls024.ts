import { Fix, Severity } from '../model/finding';
import { fileFix } from '../fixes/textFix';
import { ALL_PROTOCOL_BITS, DEPRECATED_BITS, MODERN_BITS, formatProtocolSet, memberNames } from '../csharp/protocols';
import { csharpInput, onTarget } from '../csharp/ruleSupport';
import { SslProtocolsUse } from '../csharp/csharpModel';
import { listMembers } from '../csharp/writeVerdict';
import { NETFX_47 } from '../project/targetFramework';
import { Rule } from './rule';
import { reportParseGaps } from './parseGapFinding';
import { RuleContext } from '../model/ruleContext';

const NETFX_471 = 40701;

/** TLS024: deprecated SslProtocols handed to SslStream, HttpClientHandler or WCF, and HttpClientHandler.SslProtocols on 4.7.1. */
export const tls024: Rule = {
  meta: {
    id: 'TLS024',
    title: 'Deprecated SslProtocols value',
    defaultSeverity: 'error',
    kinds: ['csharp'],
    hasSafeFix: false,
    summary: 'SslStream, HttpClientHandler or WCF is given Ssl2/Ssl3/Tls/Tls11/Default, or HttpClientHandler.SslProtocols is set on 4.7.1 where it throws.',
  },
  check(ctx: RuleContext): void {
    reportParseGaps(ctx, 'TLS024');
    const input = csharpInput(ctx);
    if (!input) {
      return;
    }
    const target = input.defaults.target;
    for (const use of input.model.sslUses) {
      if (use.value.kind !== 'number' || use.value.readsCurrent || (use.operator !== '=' && use.operator !== '|=' && use.operator !== 'argument')) {
        continue;
      }
      // `|=` adds to the property's current value: HttpClientHandler's is None, so the result is what is written;
      // elsewhere (WCF) the current value may hold TLS 1.2, so the written deprecated members are a warning at most.
      const addsToUnknown = use.operator === '|=' && use.site !== 'HttpClientHandler';
      const set = use.value.zero & ALL_PROTOCOL_BITS;
      if (use.site === 'HttpClientHandler' && target?.family === 'netfx' && target.version === NETFX_471) {
        // The 4.7.1 runtime throws; the same binary on a machine with 4.7.2 or later does not: a warning (rev 2.1).
        ctx.report({
          severity: 'warning',
          message: `HttpClientHandler.SslProtocols is not implemented by the .NET Framework 4.7.1 runtime, which throws PlatformNotSupportedException when it is set (4.7.2 and later runtimes do not): retarget to 4.7.2 or later, or leave it unset so the OS chooses.`,
          start: use.span.start,
          end: use.span.end,
        });
        continue;
      }
      const deprecated = set & DEPRECATED_BITS;
      if (deprecated === 0) {
        continue;
      }
      const noModern = (set & MODERN_BITS) === 0;
      // No TLS 1.2 left fails on every target, so an unknown target does not soften it; TLS 1.2 beside deprecated
      // members connects (information, as TLS021); `|=` onto an unknown current value may be either (warning).
      const severity: Severity = addsToUnknown ? 'warning' : noModern ? 'error' : 'information';
      const consequence = addsToUnknown
        ? 'whatever the property held, a downgrade to a deprecated protocol becomes possible'
        : noModern ? 'no TLS 1.2 is left, so Dynamics 365 online and other TLS 1.2-only endpoints refuse the connection' : 'TLS 1.2 is offered, but a downgrade to a deprecated protocol stays possible';
      ctx.report({
        severity,
        message: `${use.site === 'AuthenticateAsClient' ? 'AuthenticateAsClient is given' : `${use.site === 'HttpClientHandler' ? 'HttpClientHandler.SslProtocols' : 'SslProtocols'} ${use.operator === '|=' ? 'gains' : 'is set to'}`} ${formatProtocolSet(set, 'SslProtocols')} ${onTarget(input)}, which enables the deprecated ${listMembers(deprecated)}: ${consequence}; drop the deprecated members${target?.family === 'netcore' || (target?.family === 'netfx' && target.version >= NETFX_47) ? ' or use SslProtocols.None to let the OS choose' : ''}.`,
        start: use.span.start,
        end: use.span.end,
        fixes: fixes(ctx, use, set, use.operator !== '|=' && (target?.family === 'netcore' || (target?.family === 'netfx' && target.version >= NETFX_47))),
      });
    }
  },
};

function fixes(ctx: RuleContext, use: SslProtocolsUse, set: number, osCanChoose: boolean): Fix[] {
  const out: Fix[] = [];
  const type = /SslProtocols\.\w+|\(SslProtocols\)/.test(ctx.text.slice(use.valueSpan.start, use.valueSpan.end))
    ? (/([\w.]*SslProtocols)[.)]/.exec(ctx.text.slice(use.valueSpan.start, use.valueSpan.end))?.[1] ?? 'SslProtocols')
    : 'SslProtocols';
  const keep = set & MODERN_BITS;
  if (keep) {
    const text = memberNames(keep).map((m) => `${type}.${m}`).join(' | ');
    out.push(fileFix('Drop the deprecated protocols', false, ctx.path, ctx.lines, [{ start: use.valueSpan.start, end: use.valueSpan.end, newText: text }]));
  }
  if (osCanChoose) {
    out.push(fileFix('Use SslProtocols.None (the OS chooses)', false, ctx.path, ctx.lines, [{ start: use.valueSpan.start, end: use.valueSpan.end, newText: `${type}.None` }]));
  }
  return out;
}
