import { Fix, Severity } from '../model/finding';
import { RuleContext } from '../model/ruleContext';
import { fileFix } from '../fixes/textFix';
import { removeRunFix, removeWriteFix } from '../csharp/csharpFixes';
import { SecurityProtocolWrite } from '../csharp/csharpModel';
import { DEPRECATED_BITS, formatProtocolSet, memberNames } from '../csharp/protocols';
import { CsharpRuleInput } from '../csharp/ruleSupport';
import { listMembers, writtenBits, writtenNumber } from '../csharp/writeVerdict';
import { Rule } from './rule';
import { SECURITY_PROTOCOL, reportWrites } from './securityProtocolWrites';

/** TLS021: SecurityProtocol enables deprecated protocols next to TLS 1.2 (docs/rules/TLS021.md). */
export const tls021: Rule = {
  meta: {
    id: 'TLS021',
    title: 'SecurityProtocol enables deprecated protocols next to TLS 1.2',
    defaultSeverity: 'information',
    kinds: ['csharp'],
    hasSafeFix: true,
    summary: 'A SecurityProtocol write keeps TLS 1.2 but also enables SSL 3, TLS 1.0 or TLS 1.1.',
  },
  check(ctx: RuleContext): void {
    reportWrites(ctx, 'deprecated', tls021Severity, ({ input, write, verdict, where }) => {
      const members = listMembers(verdict.deprecated);
      if (osChooses(input)) {
        const pin = verdict.pin ? ` (pinned by the write on line ${ctx.lines.positionAt(verdict.pin.span.start).line + 1})` : '';
        const rest = verdict.run.length > 1 ? ' and the rest of its straight run' : '';
        return {
          message: `${SECURITY_PROTOCOL} is pinned to ${formatProtocolSet(verdict.result)}${pin} ${where}, which offers TLS 1.2 but also the deprecated ${members}; the OS already chooses TLS 1.2 or later here: remove the write${rest}.`,
          fixes: removeRunFix(ctx, verdict.run, true, `Remove the SecurityProtocol line${verdict.run.length > 1 ? 's of this straight run' : ''} (the OS chooses TLS 1.2 or later)`),
        };
      }
      return {
        message: `${SECURITY_PROTOCOL} offers TLS 1.2 but this statement also enables the deprecated ${members} ${where}: drop ${memberNames(verdict.deprecated).length > 1 ? 'them' : 'it'} so that no TLS 1.0/1.1 or SSL fallback remains.`,
        fixes: fixes(ctx, input, write),
      };
    });
  },
};

/** TLS021's severity (docs/rules/TLS021.md): information — TLS 1.2 is offered, so it connects; dropping the rest is hygiene. */
export function tls021Severity(): Severity {
  return 'information';
}

/** True on .NET Framework 4.7 and later, where SystemDefault (no write at all) is the right value. */
function osChooses(input: CsharpRuleInput): boolean {
  return input.defaults.family === 'netfx' && input.defaults.defaultSet === 0;
}

/** Rewrites the value without the deprecated members (safe), or removes a statement left with nothing to write. */
function fixes(ctx: RuleContext, input: CsharpRuleInput, w: SecurityProtocolWrite): Fix[] {
  const v = writtenNumber(w);
  if (!v || v.readsCurrent || w.deconstruction || (w.operator !== '=' && w.operator !== '|=')) {
    return [];
  }
  const keep = writtenBits(w, v) & ~DEPRECATED_BITS;
  if (keep === 0) {
    return removeWriteFix(ctx, w, true, 'Drop the deprecated protocols (remove the line)');
  }
  const type = w.enumSpelling ?? (input.model.usings.namespaces.has('System.Net') ? 'SecurityProtocolType' : 'System.Net.SecurityProtocolType');
  const text = memberNames(keep).map((m) => `${type}.${m}`).join(' | ');
  return [fileFix('Drop the deprecated protocols', true, ctx.path, ctx.lines, [{ start: w.valueSpan.start, end: w.valueSpan.end, newText: text }])];
}
