import { Fix } from '../model/finding';
import { RuleContext } from '../model/ruleContext';
import { OffsetEdit, fileFix } from '../fixes/textFix';
import { MAX_FOLD_STEPS, TOO_COMPLEX_TO_FOLD } from '../csharp/constEval';
import { ENABLE_TLS12_STATEMENT, tls12Spelling } from '../csharp/csharpEdits';
import { removeWriteFix } from '../csharp/csharpFixes';
import { SecurityProtocolWrite } from '../csharp/csharpModel';
import { formatProtocolSet } from '../csharp/protocols';
import { CsharpRuleInput } from '../csharp/ruleSupport';
import { describeSet, verdictSets } from '../csharp/writeVerdict';
import { Rule } from './rule';
import { SECURITY_PROTOCOL, reportWrites } from './securityProtocolWrites';

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
    reportWrites(ctx, 'noTls12', ({ input, write: w, verdict, where }) => {
      const osDecides = input.defaults.family === 'netfx' && input.defaults.defaultSet === 0;
      const action = osDecides ? 'remove the line and let the OS choose (TLS 1.2 or later)' : `use \`${ENABLE_TLS12_STATEMENT}\` instead`;
      const set = verdict.alternatives
        ? `${verdictSets(verdict, (r) => formatProtocolSet(r))} (no TLS 1.2 either way)`
        : verdict.result === 0
          ? 'no protocol at all (0)'
          : describeSet(verdict.result);
      const how = w.operator === '=' ? `${SECURITY_PROTOCOL} is set to ${set}` : `This \`${w.operator}\` leaves ${SECURITY_PROTOCOL} with ${set}`;
      return {
        message: `${how} ${where}: Dynamics 365 online refuses TLS 1.0/1.1, so the connection fails; ${action}.`,
        fixes: fixes(ctx, input, w, osDecides),
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

/** Where the OS decides, remove the write; else turn it into `|= Tls12` (both safe). */
function fixes(ctx: RuleContext, input: CsharpRuleInput, w: SecurityProtocolWrite, osDecides: boolean): Fix[] {
  if (osDecides) {
    return removeWriteFix(ctx, w, true, 'Remove the SecurityProtocol line (the OS chooses TLS 1.2 or later)');
  }
  if (w.deconstruction) {
    return [];
  }
  const spelling = tls12Spelling(input.model.usings, w.enumSpelling);
  const edit: OffsetEdit = { start: w.operatorSpan.start, end: w.valueSpan.end, newText: `|= ${spelling}` };
  return [fileFix('Replace with SecurityProtocol |= SecurityProtocolType.Tls12', true, ctx.path, ctx.lines, [edit])];
}
