import { RuleContext } from '../model/ruleContext';
import { csharpModel } from '../csharp/csharpModel';

/** How many unjudged places one message names before it counts the rest. */
const NAMED = 5;

/**
 * RULES' "a `.cs` file that does not parse is analysed for what parses, and says so in one information finding if a
 * rule could not run": each C# rule whose trigger words can sit in a broken part (TLS020, TLS024, TLS025, TLS027) asks
 * with its id, and only the rule of the file's first gap (csharp/parseGaps.ts) reports, naming every gap, so a file
 * gets one finding. It sits on the first unjudged word.
 */
export function reportParseGaps(ctx: RuleContext, ruleId: string): void {
  const records = ctx.tree ? csharpModel(ctx.tree, ctx.text) : ctx.csharp;
  const gaps = records?.parseGaps ?? [];
  const first = gaps[0];
  if (!first || first.ruleId !== ruleId) {
    return;
  }
  const places = gaps.map((g) => `\`${g.word}\` on line ${ctx.lines.positionAt(g.span.start).line + 1} (${g.ruleId})`);
  const named = places.slice(0, NAMED).join(', ') + (places.length > NAMED ? ` and ${places.length - NAMED} more` : '');
  ctx.report({
    severity: 'information',
    message: `Part of this file does not parse as C# (a template placeholder such as #{Namespace} or $safeprojectname$, or a partial paste?): the rest was analysed, but ${named} could not be judged; check ${places.length > 1 ? 'them' : 'it'} by hand.`,
    start: first.span.start,
    end: first.span.end,
  });
}
