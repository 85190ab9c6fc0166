import { RelatedLocation, Severity } from '../model/finding';
import { RuleContext } from '../model/ruleContext';
import { ProjectModel } from '../project/projectModel';
import { RatedWrite, RetargetRisk, WriteRater, retargetRisk } from '../project/retargetRisk';
import { RatedVerdict, WriteProblem } from '../csharp/writeJudge';
import { tls020Severity } from './tls020';
import { tls021Severity } from './tls021';
import { tls022Severity } from './tls022';
import { tls023Severity } from './tls023';
import { NETFX_462, NETFX_48, displayVersion } from '../project/targetFramework';

/** One retarget a legacy client project is offered: the version, and whether bulk fixing may apply it. */
export interface RetargetOption {
  version: number;
  /** ".NET Framework 4.8", as fix titles say it. */
  label: string;
  safe: boolean;
}

/**
 * The retargets TLS001 offers, preferred first (`dynamicsTls.retargetTo`, the only safe one), then 4.8 and the KB's
 * 4.6.2 where they differ from it, as quick fixes (docs/rules/TLS001.md#the-fix).
 */
export function retargetOptions(preferred: number): RetargetOption[] {
  const versions = [preferred, ...[NETFX_48, NETFX_462].filter((v) => v !== preferred)];
  return versions.map((version, i) => ({ version, label: `.NET Framework ${displayVersion(version)}`, safe: i === 0 }));
}

/**
 * How messages name the preferred retarget, with why 4.6.2 is no longer the one to move to in bulk:
 * ".NET Framework 4.8 (4.6.2's support ends on 12 January 2027)".
 */
export function preferredRetargetText(preferred: number): string {
  return `.NET Framework ${displayVersion(preferred)} ${retargetNote(preferred)}`;
}

/** The parenthesis after a preferred version: why 4.6.2 is the minimum but not the version to move to in bulk. */
export function retargetNote(preferred: number): string {
  return preferred === NETFX_462 ? "(the KB's minimum; its support ends on 12 January 2027)" : "(4.6.2's support ends on 12 January 2027)";
}

/** A bulk retarget withheld: the write it would make worse, and the version the process would then run with. */
export interface WithheldRetarget extends RetargetRisk {
  after: number;
}

/**
 * Why the preferred retarget may not be applied in bulk, or undefined when it may: the first process it moves (to the
 * version `runtimeAfter` gives, undefined when it does not move) where a `SecurityProtocol` write would get a finding more
 * severe than `severity`, the finding the retarget fixes (docs/rules/TLS001.md#the-fix). TLS001 and TLS013 ask it, so
 * fix all leaves the project and `httpRuntime` together.
 */
export function withheldRetarget(ctx: RuleContext, models: readonly ProjectModel[], fixes: RatedWrite, runtimeAfter: (model: ProjectModel) => number | undefined): WithheldRetarget | undefined {
  const rate = writeRater(ctx.severityOverrides);
  const fixed = overriddenRating(fixes, ctx.severityOverrides) ?? fixes;
  for (const model of models) {
    const after = runtimeAfter(model);
    const risk = after === undefined ? undefined : retargetRisk(ctx.index, model, after, fixed, rate, (p) => ctx.indexedFile(p));
    if (risk && after !== undefined) {
      return { ...risk, after };
    }
  }
  return undefined;
}

/** The related location that says why a retarget is a quick fix only: the write and what it would become. */
export function withheldNote(ctx: RuleContext, withheld: WithheldRetarget): RelatedLocation[] {
  const { ruleId, severity } = withheld.becomes;
  const fixed = withheld.afterOwnFix ? ', once its own fix has rewritten it,' : '';
  const note = `this write${fixed} would be ${ruleId} (${severity}) on .NET Framework ${displayVersion(withheld.after)}, so fix all does not move the process there: change the write first, or make the move by hand`;
  const related = ctx.related(withheld.write, note);
  return related ? [related] : [];
}

/** Each write problem's rule and how it rates a verdict (rules/tls020.ts–tls023.ts own their severities). */
const RATERS: Record<WriteProblem, { ruleId: string; severity: (verdict: RatedVerdict) => Severity }> = {
  noTls12: { ruleId: 'TLS020', severity: tls020Severity },
  deprecated: { ruleId: 'TLS021', severity: tls021Severity },
  pinned: { ruleId: 'TLS022', severity: tls022Severity },
  systemDefault: { ruleId: 'TLS023', severity: tls023Severity },
};

/**
 * Rates a band verdict by the rule that owns its problem, as the user would see it: that rule's severity, replaced by
 * the settings' override of the rule (undefined: the override turns it off, so the write would leave no finding).
 */
function writeRater(overrides: RuleContext['severityOverrides']): WriteRater {
  return (verdict) => {
    const { ruleId, severity } = RATERS[verdict.problem];
    const rated = { ruleId, severity: severity(verdict) };
    return overriddenRating(rated, overrides);
  };
}

/** A rating with the settings' override of its rule applied: marked overridden, or undefined when the rule is off. */
function overriddenRating(rated: RatedWrite, overrides: RuleContext['severityOverrides']): RatedWrite | undefined {
  const override = overrides?.[rated.ruleId];
  if (override === 'off') {
    return undefined;
  }
  return override ? { ...rated, severity: override, overridden: true } : rated;
}
