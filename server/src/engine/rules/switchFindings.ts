import { ConfigContext, configContext, contextualSeverity } from '../config/configContext';
import { SwitchPair, SwitchSite, isEffective, isWebConfigPath, pairValue, siteRange, switchSites } from '../config/switchOverrides';
import { fileFix } from '../fixes/textFix';
import { Severity } from '../model/finding';
import { RuleContext } from '../model/ruleContext';
import { Runtime } from '../project/runtime';

/** A switch set to true where the runtime reads it: what TLS010 and TLS011 judge. */
export interface TrueSwitch {
  site: SwitchSite;
  pair: SwitchPair;
}

/** The applied `name=true` pairs of a config file whose name is one of `names` (exact, as AppContext compares). */
export function trueSwitches(ctx: RuleContext, names: readonly string[]): TrueSwitch[] {
  if (!ctx.xml) {
    return [];
  }
  const out: TrueSwitch[] = [];
  for (const site of switchSites(ctx.xml, ctx.text, isWebConfigPath(ctx.path))) {
    for (const pair of site.pairs) {
      if (names.includes(pair.name) && isEffective(site, pair) && pairValue(pair) === true) {
        out.push({ site, pair });
      }
    }
  }
  return out;
}

/** Each analysis's config context, by its runtime (one object per analysis of a file): every config rule reads the same. */
const contexts = new WeakMap<Runtime, ConfigContext>();

/** The config context of the checked file (owner project, runtime target, host), worked out once per analysis. */
export function contextOf(ctx: RuleContext): ConfigContext | undefined {
  if (!ctx.xml || runsOnModernDotnet(ctx)) {
    return undefined;
  }
  const cached = contexts.get(ctx.runtime);
  if (cached) {
    return cached;
  }
  const cc = configContext(ctx.path, ctx.xml, ctx.project);
  contexts.set(ctx.runtime, cc);
  return cc;
}

/** True when the owning project targets only .NET Core / .NET 5+ / .NET Standard: .NET Framework config switches do not apply. */
export function runsOnModernDotnet(ctx: RuleContext): boolean {
  const targets = ctx.project?.targets.flatMap((t) => (t.target ? [t.target] : [])) ?? [];
  return targets.length > 0 && targets.every((t) => t.family !== 'netfx');
}

/** Reports a true switch with the "set it to false" fix; the severity is lowered by host/deployment context. */
export function reportTrueSwitch(ctx: RuleContext, cc: ConfigContext, hit: TrueSwitch, base: Severity, what: string, safe: boolean): void {
  const { severity, note } = contextualSeverity(base, cc);
  const range = siteRange(hit.site);
  const fix = fileFix(`Set ${hit.pair.name} to false`, safe, ctx.path, ctx.lines, [{ start: hit.pair.valueStart, end: hit.pair.valueEnd, newText: 'false' }]);
  ctx.report({
    severity,
    message: `${hit.pair.name}=true ${what}${note ? ` (${note})` : ''}: set it to false or remove it.`,
    start: range.start,
    end: range.end,
    fixes: [fix],
    related: cc.related.flatMap((e) => ctx.related(e) ?? []),
  });
}
