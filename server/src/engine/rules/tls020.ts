import { Fix, Severity } from '../model/finding';
import { RuleContext } from '../model/ruleContext';
import { OffsetEdit, fileFix } from '../fixes/textFix';
import { MAX_FOLD_STEPS, TOO_COMPLEX_TO_FOLD } from '../csharp/constEval';
import { ENABLE_TLS12_STATEMENT, tls12Spelling } from '../csharp/csharpEdits';
import { removeRunFix } from '../csharp/csharpFixes';
import { PROTOCOL_BITS } from '../project/targetFramework';
import { SecurityProtocolWrite } from '../csharp/csharpModel';
import { formatProtocolSet } from '../csharp/protocols';
import { CsharpRuleInput } from '../csharp/ruleSupport';
import { describeSet, verdictSets } from '../csharp/writeVerdict';
import { WriteVerdict } from '../csharp/writeJudge';
import { Rule } from './rule';
import { SECURITY_PROTOCOL, reportWrites, worstWorld } from './securityProtocolWrites';

/** TLS020: SecurityProtocol set without TLS 1.2 (docs/rules/TLS020.md). */
export const tls020: Rule = {
  meta: {
    id: 'TLS020',
    title: 'SecurityProtocol set without TLS 1.2',
    defaultSeverity: 'error',
    kinds: ['csharp'],
    hasSafeFix: true,
    summary: 'A write to ServicePointManager.SecurityProtocol leaves a protocol set without TLS 1.2, so connections to Dynamics 365 online fail.',
  },
  check(ctx: RuleContext): void {
    reportWrites(ctx, 'noTls12', tls020Severity, ({ input, write: w, verdict, where }) => {
      const family = input.defaults.family;
      const osDecides = family === 'modern' || (family === 'netfx' && input.defaults.defaultSet === 0);
      const action = osDecides ? 'remove the line and let the OS choose (TLS 1.2 or later)' : `use \`${ENABLE_TLS12_STATEMENT}\` instead`;
      const set = verdict.alternatives
        ? `${verdictSets(verdict, (r) => formatProtocolSet(r))} (no TLS 1.2 either way)`
        : verdict.result === 0
          ? 'no protocol at all (0)'
          : describeSet(verdict.result);
      const last = verdict.run[verdict.run.length - 1];
      const rest = last && last !== w ? ' once the writes after it in the same straight run have run' : '';
      const how = w.operator === '=' && !rest ? `${SECURITY_PROTOCOL} is set to ${set}` : `This \`${w.operator}\` leaves ${SECURITY_PROTOCOL} with ${set}${rest}`;
      return {
        message: `${how} ${where}: ${consequence(family, verdict.result)}; ${action}.`,
        fixes: fixes(ctx, input, w, verdict.run, osDecides),
      };
    }, (w) => {
      if (w.value.kind !== 'unknown' || w.value.reason !== TOO_COMPLEX_TO_FOLD) {
        return false;
      }
      // Past the folding budget the written set is not guessed: the write is named, at information.
      ctx.report({ severity: 'information', message: `The value written to ${SECURITY_PROTOCOL} is too complex to analyse (folding it takes more than ${MAX_FOLD_STEPS} steps); check by hand that it includes TLS 1.2.`, start: w.span.start, end: w.span.end });
      return true;
    });
  },
};

/**
 * TLS020's severity (docs/rules/TLS020.md): error — a set without TLS 1.2 fails on every target, so an unknown target
 * keeps it an error unless the verdict itself depends on the target; warning when the set holds TLS 1.3 (TLS 1.3 only:
 * Windows before 11 / Server 2022 has no TLS 1.3 client) and on modern .NET (it still governs HttpWebRequest and
 * WebClient, not HttpClient).
 */
export function tls020Severity(verdict: WriteVerdict): Severity {
  const { family, targetDependent } = verdict;
  return worstWorld(verdict, ({ result }) => (family === 'modern' || (result & PROTOCOL_BITS.Tls13) !== 0 || (family === 'unknown' && targetDependent) ? 'warning' : 'error'));
}

/** Why a set without TLS 1.2 fails: TLS 1.0/1.1 refused; TLS 1.3 alone not offered everywhere; on modern .NET, the old web APIs only. */
function consequence(family: CsharpRuleInput['defaults']['family'], result: number): string {
  const refused = 'Dynamics 365 online refuses TLS 1.0/1.1, so the connection fails';
  if ((result & PROTOCOL_BITS.Tls13) !== 0) {
    return 'TLS 1.3 alone connects only where both ends speak it: Dynamics 365 online documents TLS 1.2, and Windows before 11 / Server 2022 has no TLS 1.3 client';
  }
  if (family === 'modern') {
    return `HttpClient and ServiceClient ignore it, but it still governs HttpWebRequest and WebClient in this process, whose connections then fail (${refused.replace(', so the connection fails', '')})`;
  }
  return refused;
}

/** Where the OS decides, remove the write's straight run; else turn the write into `|= Tls12` (both safe). */
function fixes(ctx: RuleContext, input: CsharpRuleInput, w: SecurityProtocolWrite, run: readonly SecurityProtocolWrite[], osDecides: boolean): Fix[] {
  if (osDecides) {
    return removeRunFix(ctx, run, true, `Remove the SecurityProtocol line${run.length > 1 ? 's of this straight run' : ''} (the OS chooses TLS 1.2 or later)`);
  }
  if (w.deconstruction) {
    return [];
  }
  const spelling = tls12Spelling(input.model.usings, w.enumSpelling);
  const edit: OffsetEdit = { start: w.operatorSpan.start, end: w.valueSpan.end, newText: `|= ${spelling}` };
  return [fileFix('Replace with SecurityProtocol |= SecurityProtocolType.Tls12', true, ctx.path, ctx.lines, [edit])];
}
