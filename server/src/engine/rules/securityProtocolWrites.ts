import { Fix, SEVERITY_RANK, Severity } from '../model/finding';
import { RuleContext } from '../model/ruleContext';
import { SecurityProtocolWrite } from '../csharp/csharpModel';
import { CsharpRecords } from '../csharp/csharpRecords';
import { CsharpRuleInput, csharpInput, onTarget, systemDefaultAllowed } from '../csharp/ruleSupport';
import { RatedVerdict, WriteProblem, WriteVerdict, WriteWorld, judgeWrites } from '../csharp/writeJudge';
import { RecentValues } from '../util/recentValues';

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

/** A verdict's severity by a rule's level of one world: the worst of its worlds (a conditional value is as serious as its worst branch). */
export function worstWorld(verdict: RatedVerdict, level: (world: WriteWorld) => Severity): Severity {
  const levels = verdict.worlds.map(level);
  return levels.reduce((a, b) => (SEVERITY_RANK[b] > SEVERITY_RANK[a] ? b : a), levels[0] ?? 'information');
}

/**
 * Reports the writes whose verdict is `problem` (TLS020–TLS023 share one judge, csharp/writeJudge.ts), each rated,
 * worded and fixed by the rule that owns the problem; a verdict that depends on an unknown target says so. `handled`,
 * when given, sees each write first and takes it out of judging by returning true (it reported the write itself).
 */
export function reportWrites(
  ctx: RuleContext,
  problem: WriteProblem,
  severity: (verdict: WriteVerdict) => Severity,
  word: (judged: JudgedWrite) => { message: string; fixes: Fix[] },
  handled?: (write: SecurityProtocolWrite) => boolean,
): void {
  const input = csharpInput(ctx);
  if (!input) {
    return;
  }
  const verdicts = judged(input, () => systemDefaultAllowed(ctx, input));
  for (const write of input.model.writes) {
    if (handled?.(write)) {
      continue;
    }
    const verdict = verdicts.get(write);
    if (!verdict || verdict.problem !== problem) {
      continue;
    }
    const { message, fixes } = word({ input, write, verdict, where: onTarget(input) });
    ctx.report({
      severity: severity(verdict),
      message: verdict.targetDependent ? message.replace(/\.$/, ' (the verdict depends on the target, which is unknown).') : message,
      start: write.span.start,
      end: write.span.end,
      fixes,
    });
  }
}

/** The verdicts judged last, by model and key: the four rules of one analysis ask one after another. */
const lastJudged = new RecentValues<CsharpRecords, Map<SecurityProtocolWrite, WriteVerdict>>(1);

/** The file's verdicts, judged once for the four rules that share them (per model, target and config switch). */
function judged(input: CsharpRuleInput, allowed: () => boolean): Map<SecurityProtocolWrite, WriteVerdict> {
  if (input.model.writes.length === 0) {
    return new Map();
  }
  const systemDefault = allowed();
  const key = `${input.defaults.family}:${input.defaults.defaultSet}:${systemDefault}`;
  return lastJudged.get(input.model, key) ?? lastJudged.set(input.model, judgeWrites(input.model, input.defaults, systemDefault), key);
}
