import { Fix } from '../model/finding';
import { RuleContext } from '../model/ruleContext';
import { SecurityProtocolWrite } from '../csharp/csharpModel';
import { CsharpRuleInput, csharpInput, onTarget, systemDefaultAllowed } from '../csharp/ruleSupport';
import { WriteProblem, WriteVerdict, judgeWrite } from '../csharp/writeVerdict';

/** What one `ServicePointManager.SecurityProtocol` write rule needs to word a finding. */
export interface JudgedWrite {
  input: CsharpRuleInput;
  write: SecurityProtocolWrite;
  verdict: WriteVerdict;
  /** "on .NET Framework 4.8", or why the target is unknown. */
  where: string;
}

/** The subject of every SecurityProtocol write message. */
export const SECURITY_PROTOCOL = 'ServicePointManager.SecurityProtocol';

/**
 * Reports the writes whose verdict is `problem` (TLS020–TLS023 share one judge, csharp/writeVerdict.ts), each worded
 * and fixed by the rule that owns the problem; a verdict that depends on an unknown target says so. `handled`, when
 * given, sees each write first and takes it out of judging by returning true (it reported the write itself).
 */
export function reportWrites(
  ctx: RuleContext,
  problem: WriteProblem,
  word: (judged: JudgedWrite) => { message: string; fixes: Fix[] },
  handled?: (write: SecurityProtocolWrite) => boolean,
): void {
  const input = csharpInput(ctx);
  if (!input) {
    return;
  }
  const allowed = problem === 'systemDefault' && systemDefaultAllowed(ctx, input);
  for (const write of input.model.writes) {
    if (handled?.(write)) {
      continue;
    }
    const verdict = judgeWrite(write, input.defaults, allowed);
    if (!verdict || verdict.problem !== problem) {
      continue;
    }
    const { message, fixes } = word({ input, write, verdict, where: onTarget(input) });
    ctx.report({
      severity: verdict.severity,
      message: verdict.targetDependent ? message.replace(/\.$/, ' (the verdict depends on the target, which is unknown).') : message,
      start: write.span.start,
      end: write.span.end,
      fixes,
    });
  }
}
