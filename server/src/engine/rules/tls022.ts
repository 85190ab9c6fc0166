import { Fix, Severity } from '../model/finding';
import { RuleContext } from '../model/ruleContext';
import { fileFix } from '../fixes/textFix';
import { removeRunFix } from '../csharp/csharpFixes';
import { SecurityProtocolWrite } from '../csharp/csharpModel';
import { formatProtocolSet } from '../csharp/protocols';
import { CsharpRuleInput } from '../csharp/ruleSupport';
import { verdictSets } from '../csharp/writeVerdict';
import { WriteVerdict } from '../csharp/writeJudge';
import { Rule } from './rule';
import { SECURITY_PROTOCOL, reportWrites, worstWorld } from './securityProtocolWrites';

/** TLS022: Hardcoded TLS 1.2 pin (docs/rules/TLS022.md). */
export const tls022: Rule = {
  meta: {
    id: 'TLS022',
    title: 'Hardcoded TLS 1.2 pin',
    defaultSeverity: 'information',
    kinds: ['csharp'],
    hasSafeFix: false,
    summary: 'SecurityProtocol is pinned to TLS 1.2: works, but blocks newer protocols on 4.7+ and has no effect on modern .NET.',
  },
  check(ctx: RuleContext): void {
    reportWrites(ctx, 'pinned', tls022Severity, ({ input, write, verdict, where }) => ({
      message: message(input, verdictSets(verdict, (r) => formatProtocolSet(r)), where, verdict.additive),
      fixes: fixes(ctx, input, write, verdict),
    }));
  },
};

/**
 * TLS022's severity (docs/rules/TLS022.md): warning on ≥ 4.7 where `=` pins over the OS default (it blocks TLS 1.3);
 * information for `|= Tls12` there (the KB's idiom), below 4.7, on modern .NET (no effect on HttpClient) and with an
 * unknown target.
 */
export function tls022Severity(verdict: WriteVerdict): Severity {
  return worstWorld(verdict, ({ additive }) => (verdict.family === 'netfx' && verdict.osDecides && !additive ? 'warning' : 'information'));
}

/** Where the OS decides the pin only blocks newer protocols; below 4.7 it works but the KB advises against it. */
function message(input: CsharpRuleInput, pinned: string, where: string, additive: boolean): string {
  if (input.defaults.family === 'modern') {
    return `Setting ${SECURITY_PROTOCOL} on ${input.defaults.label} has no effect on HttpClient / ServiceClient, which use the OS defaults: remove it.`;
  }
  if (input.defaults.family === 'netfx' && input.defaults.defaultSet === 0 && additive) {
    return `Adding TLS 1.2 to ${SECURITY_PROTOCOL} ${where} turns SystemDefault into ${pinned}: it works (the KB's line for code that also runs on older targets), but it pins TLS 1.2 where the OS would also offer TLS 1.3; remove the line if the code only runs on 4.7 or later.`;
  }
  if (input.defaults.family === 'netfx' && input.defaults.defaultSet === 0) {
    return `${SECURITY_PROTOCOL} is pinned to ${pinned} ${where}, where the OS already chooses TLS 1.2 or later: the pin blocks newer protocols such as TLS 1.3; remove the line.`;
  }
  const advice = input.host === 'powershellModule'
    ? "use |= to add TLS 1.2 to the session's defaults (retargeting the module does not change Windows PowerShell's)"
    : 'retarget to .NET Framework 4.7 or later (the OS then chooses), or use |= to add TLS 1.2 to the defaults';
  return `${SECURITY_PROTOCOL} is pinned to ${pinned} ${where}: it works, but KB 4051700 calls forcing TLS 1.2 not recommended; ${advice}.`;
}

/** Quick fixes only: remove the pin's straight run where the OS decides, else turn `=` into `|=`. */
function fixes(ctx: RuleContext, input: CsharpRuleInput, w: SecurityProtocolWrite, verdict: WriteVerdict): Fix[] {
  if (input.defaults.family === 'modern' || (input.defaults.family === 'netfx' && input.defaults.defaultSet === 0)) {
    return removeRunFix(ctx, verdict.run, false, `Remove the SecurityProtocol line${verdict.run.length > 1 ? 's of this straight run' : ''}`);
  }
  if (w.deconstruction || w.operator !== '=') {
    return [];
  }
  return [fileFix('Use |= to add TLS 1.2 to the defaults', false, ctx.path, ctx.lines, [{ start: w.operatorSpan.start, end: w.operatorSpan.end, newText: '|=' }])];
}
