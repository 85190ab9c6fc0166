import { Fix } from '../model/finding';
import { RuleContext } from '../model/ruleContext';
import { fileFix } from '../fixes/textFix';
import { removeWriteFix } from '../csharp/csharpFixes';
import { SecurityProtocolWrite } from '../csharp/csharpModel';
import { DEPRECATED_BITS, memberNames } from '../csharp/protocols';
import { CsharpRuleInput } from '../csharp/ruleSupport';
import { listMembers, writtenBits, writtenNumber } from '../csharp/writeVerdict';
import { Rule } from './rule';
import { SECURITY_PROTOCOL, reportWrites } from './securityProtocolWrites';

/** TLS021: SecurityProtocol enables deprecated protocols next to TLS 1.2 (docs/rules/TLS021.md). */
export const tls021: Rule = {
  meta: {
    id: 'TLS021',
    title: 'SecurityProtocol enables deprecated protocols next to TLS 1.2',
    defaultSeverity: 'warning',
    kinds: ['csharp'],
    hasSafeFix: true,
    summary: 'A SecurityProtocol write keeps TLS 1.2 but also enables SSL 3, TLS 1.0 or TLS 1.1.',
  },
  check(ctx: RuleContext): void {
    reportWrites(ctx, 'deprecated', ({ input, write, verdict, where }) => ({
      message: `${SECURITY_PROTOCOL} offers TLS 1.2 but this statement also enables the deprecated ${listMembers(verdict.deprecated)} ${where}: drop ${memberNames(verdict.deprecated).length > 1 ? 'them' : 'it'} so that no TLS 1.0/1.1 or SSL fallback remains.`,
      fixes: fixes(ctx, input, write),
    }));
  },
};

/** Rewrites the value without the deprecated members (safe), or removes an `|=` that adds only deprecated ones. */
function fixes(ctx: RuleContext, input: CsharpRuleInput, w: SecurityProtocolWrite): Fix[] {
  const v = writtenNumber(w);
  if (!v || v.readsCurrent || w.deconstruction || (w.operator !== '=' && w.operator !== '|=')) {
    return [];
  }
  const keep = writtenBits(w, v) & ~DEPRECATED_BITS;
  if (keep === 0) {
    return w.operator === '|=' ? removeWriteFix(ctx, w, true, 'Drop the deprecated protocols (remove the line)') : [];
  }
  const type = w.enumSpelling ?? (input.model.usings.namespaces.has('System.Net') ? 'SecurityProtocolType' : 'System.Net.SecurityProtocolType');
  const text = memberNames(keep).map((m) => `${type}.${m}`).join(' | ');
  return [fileFix('Drop the deprecated protocols', true, ctx.path, ctx.lines, [{ start: w.valueSpan.start, end: w.valueSpan.end, newText: text }])];
}
