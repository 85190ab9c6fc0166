import { dynamicsName } from '../config/configContext';
import { ladderSeverity, parseRuntimeTarget } from '../project/runtime';
import { appHttpRuntime } from '../project/httpRuntime';
import { addAttributeEdit, prependChildEdit } from '../config/xmlEdits';
import { fileFix } from '../fixes/textFix';
import { OffsetEdit } from '../fixes/textFix';
import { Severity } from '../model/finding';
import { XmlElement, allElements } from '../parsing/xmlModel';
import { Evidence, connectionEvidence, onlyOnPremises } from '../project/dynamicsEvidence';
import { collectConfigEvidence } from '../project/configEvidence';
import { baseName, dirOf, isUnder } from '../project/paths';
import { FrameworkTarget, NETFX_452, NETFX_462, displayVersion } from '../project/targetFramework';
import { Rule } from './rule';
import { retargetNote, withheldNote, withheldRetarget } from './retargetChoice';
import { RuleContext } from '../model/ruleContext';
import { runsOnModernDotnet } from './switchFindings';

/** TLS013: an ASP.NET web.config whose `httpRuntime targetFramework` is missing or below 4.6.2 (the runtime then behaves as that version). */
export const tls013: Rule = {
  meta: {
    id: 'TLS013',
    title: 'ASP.NET httpRuntime targetFramework missing or below 4.6.2',
    defaultSeverity: 'error',
    kinds: ['config'],
    hasSafeFix: true,
    summary: 'Without httpRuntime targetFramework (or with one below 4.6.2) an ASP.NET app runs with old defaults whatever it compiles for.',
  },
  check(ctx: RuleContext): void {
    if (!ctx.xml || baseName(ctx.path).toLowerCase() !== 'web.config' || runsOnModernDotnet(ctx) || !isApplicationRoot(ctx)) {
      return;
    }
    const { systemWeb, runtime, attr } = appHttpRuntime(ctx.xml);
    if (!systemWeb) {
      return;
    }
    const declared = parseRuntimeTarget(attr?.value);
    if (declared && (declared.family !== 'netfx' || declared.version >= NETFX_462)) {
      return;
    }
    const compile = ctx.project?.lowestTarget;
    // The version TLS001's fix writes (docs/rules/TLS013.md#the-fix): the project's own target when it is 4.6.2 or later, else the preferred retarget.
    const wanted = compile && compile.family === 'netfx' && compile.version >= NETFX_462 ? compile.version : undefined;
    const version = wanted ?? ctx.retargetTo;
    const value = displayVersion(version);
    const advice = wanted ? value : `${value} ${retargetNote(ctx.retargetTo)}`;
    const own = ctx.project ? undefined : collectConfigEvidence({ path: ctx.path, kind: ctx.kind, text: ctx.text, xml: ctx.xml });
    const evidence = ctx.project ? ctx.project.dynamicsEvidence : (own?.dynamics ?? []);
    const enablement = ctx.project ? ctx.project.tlsEnablement : (own?.tlsEnablement ?? []);
    const missing = !declared;
    const verdict = severity(missing, declared, evidence, enablement);
    const state = !runtime
      ? '<system.web> has no <httpRuntime>'
      : !attr
        ? '<httpRuntime> has no targetFramework'
        : declared
          ? `httpRuntime targetFramework is ${attr.value}`
          : `httpRuntime targetFramework "${attr.value}" is not a version`;
    const behaves = declared ? `${declared.display}` : '.NET Framework 4.0';
    const compiles = compile && compile.family === 'netfx' && compile.version > (declared?.version ?? 0) ? ` although the project compiles for ${compile.display}` : '';
    const edit = fixEdit(ctx, systemWeb, runtime, attr, value);
    const anchor: XmlElement = runtime ?? systemWeb;
    const range = attr ? { start: attr.start, end: attr.end } : { start: anchor.start, end: anchor.startTagEnd };
    // Fix all moves the app's runtime to `version`: not in bulk where a write would then be worse (as TLS001's retarget).
    const withheld = ctx.project ? withheldRetarget(ctx, [ctx.project], { ruleId: 'TLS013', severity: verdict.severity }, () => version) : undefined;
    ctx.report({
      severity: verdict.severity,
      message: `${state}, so ASP.NET runs with ${behaves} behaviour${declared && declared.version > NETFX_452 ? '' : ' (no TLS 1.2 by default)'}${compiles}; ${verdict.reason}: set httpRuntime targetFramework to ${advice}.`,
      ...range,
      fixes: edit ? [fileFix(`Set httpRuntime targetFramework to ${value}`, !withheld, ctx.path, ctx.lines, [edit])] : [],
      related: [...verdict.evidence.flatMap((e) => ctx.related(e) ?? []), ...(withheld ? withheldNote(ctx, withheld) : [])],
    });
  },
};

/** As TLS001: enablement in code or config, on-premises only (on the one ladder, project/runtime.ts), evidence strength, version band. */
function severity(missing: boolean, declared: FrameworkTarget | undefined, evidence: readonly Evidence[], enablement: readonly Evidence[]): { severity: Severity; reason: string; evidence: Evidence[] } {
  if (enablement.length > 0) {
    return { severity: 'information', reason: 'the app already enables TLS 1.2, so this is advice', evidence: enablement.slice(0, 3) };
  }
  if (onlyOnPremises(evidence)) {
    return { severity: ladderSeverity('onPremises', 'error'), reason: 'its Dynamics connections go to an on-premises server, which does not refuse TLS 1.0/1.1 (TLS 1.2 is still recommended)', evidence: evidence.filter((e) => e.deployment === 'onPremises').slice(0, 3) };
  }
  const low = missing || (declared !== undefined && declared.version <= NETFX_452);
  const connections = connectionEvidence(evidence);
  if (low && connections.length > 0) {
    return { severity: 'error', reason: `the app connects to ${dynamicsName(connections)}, which refuses TLS 1.0/1.1`, evidence: connections.slice(0, 3) };
  }
  if (low && evidence.length > 0) {
    return { severity: 'warning', reason: 'the app references the Dynamics SDK, but no Dynamics connection was found in it; any TLS 1.2-only endpoint will fail', evidence: evidence.slice(0, 3) };
  }
  if (low) {
    return { severity: 'warning', reason: 'no Dynamics connection was found, but any TLS 1.2-only endpoint will fail', evidence: [] };
  }
  return { severity: 'warning', reason: 'TLS 1.2 is on by default there, but the KB requires 4.6.2', evidence: [] };
}

function fixEdit(ctx: RuleContext, systemWeb: XmlElement, runtime: XmlElement | undefined, attr: { valueStart: number; valueEnd: number } | undefined, value: string): OffsetEdit | undefined {
  if (attr) {
    return { start: attr.valueStart, end: attr.valueEnd, newText: value };
  }
  if (runtime) {
    return addAttributeEdit(runtime, 'targetFramework', value);
  }
  return prependChildEdit(ctx.lines, systemWeb, `<httpRuntime targetFramework="${value}" />`);
}

/** Only the application's root web.config sets httpRuntime: not one in a subfolder of a project or of another web.config (MVC's Views/Web.config). */
function isApplicationRoot(ctx: RuleContext): boolean {
  const dir = dirOf(ctx.path);
  if (ctx.project) {
    return ctx.project.dir.toLowerCase() === dir.toLowerCase();
  }
  const above = (p: string): boolean => isUnder(dir, dirOf(p)) && dirOf(p).toLowerCase() !== dir.toLowerCase();
  if (ctx.index.projects().some((m) => above(m.path))) {
    return false;
  }
  return !ctx.index.allFiles().some((f) => baseName(f.path).toLowerCase() === 'web.config' && above(f.path) && allElements(f.xml).some((e) => e.localName === 'system.web'));
}
