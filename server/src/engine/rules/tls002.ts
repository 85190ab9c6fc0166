import { Fix } from '../model/finding';
import { fileFix } from '../fixes/textFix';
import { NO_TARGET_BEHAVIOUR, ProjectModel } from '../project/projectModel';
import { insertTargetEdit, noTargetAnchor, retargetEdits } from '../project/retarget';
import { NETFX_462 } from '../project/targetFramework';
import { Rule } from './rule';
import { RuleContext } from '../model/ruleContext';

const SANDBOX = 'Dataverse requires plug-in and custom workflow assemblies to target .NET Framework 4.6.2';

/** TLS002: a plug-in / custom workflow assembly runs inside Dynamics: client TLS rules do not apply, but it must target 4.6.2. */
export const tls002: Rule = {
  meta: {
    id: 'TLS002',
    title: 'Plug-in or workflow assembly: runs inside Dynamics, targets 4.6.2',
    defaultSeverity: 'information',
    kinds: ['project', 'buildProps'],
    hasSafeFix: false,
    summary: 'A plug-in or custom workflow assembly runs inside Dynamics, so client TLS rules do not apply; it must target .NET Framework 4.6.2.',
  },
  check(ctx: RuleContext): void {
    // A target defined in a Directory.Build.props is reported there, when that file is checked (like TLS001).
    const own = ctx.project && ctx.project.path === ctx.path ? [ctx.project] : [];
    const seen = new Set<number>();
    for (const model of (ctx.kind === 'project' ? own : ctx.index.projects()).filter((m) => m.kind === 'plugin')) {
      checkPlugin(ctx, model, seen);
    }
  },
};

/** Reports one plug-in project's targets that are defined in the checked file. */
function checkPlugin(ctx: RuleContext, model: ProjectModel, seen: Set<number>): void {
  const related = model.pluginEvidence.slice(0, 3).flatMap((e) => ctx.related(e) ?? []);
  if (model.lowestTarget === NO_TARGET_BEHAVIOUR && ctx.kind === 'project') {
    const anchor = noTargetAnchor(model);
    const edit = insertTargetEdit(ctx.lines, model, NETFX_462);
    if (anchor) {
      ctx.report({
        severity: 'information',
        message: `Plug-in assembly sets no target framework (4.0 behaviour); it runs inside Dynamics, where client TLS rules do not apply, but ${SANDBOX}: set the target to 4.6.2.`,
        start: anchor.start,
        end: anchor.startTagEnd,
        fixes: edit ? [fileFix('Retarget to .NET Framework 4.6.2', false, model.path, ctx.lines, [edit])] : [],
        related,
      });
    }
    return;
  }
  // A multi-target plug-in is judged by its .NET Framework TFMs: the sandbox loads that build; the others serve other hosts (tests).
  const framework = model.targets.some((d) => d.target?.family === 'netfx');
  for (const def of model.targets) {
    const start = def.tokenStart ?? def.element.start;
    if (!def.target || def.path !== ctx.path || seen.has(start) || (framework && def.target.family !== 'netfx')) {
      continue;
    }
    seen.add(start);
    const exact = def.target.family === 'netfx' && def.target.version === NETFX_462;
    // Nothing for a plug-in already on 4.6.2 (docs/rules/TLS002.md): it is where the sandbox wants it.
    if (exact) {
      continue;
    }
    const above = def.target.family !== 'netfx' || def.target.version > NETFX_462;
    const fixes: Fix[] = [];
    const lines = ctx.linesOf(def.path);
    const edit = retargetEdits(model, def, NETFX_462);
    if (edit && lines && def.target.family === 'netfx') {
      fixes.push(fileFix('Retarget to .NET Framework 4.6.2', false, edit.path, lines, edit.edits));
    }
    ctx.report({
      severity: above ? 'warning' : 'information',
      message: message(model, def.target.display, above),
      start,
      end: def.tokenEnd ?? def.element.startTagEnd,
      fixes,
      related,
    });
  }
}

function message(model: ProjectModel, target: string, above: boolean): string {
  const what = model.pluginEvidence.some((e) => /CodeActivity/.test(e.description)) && !model.pluginEvidence.some((e) => /IPlugin/.test(e.description)) ? 'Custom workflow assembly' : 'Plug-in assembly';
  if (above) {
    return `${what} targets ${target}, but ${SANDBOX} (the sandbox cannot load it otherwise): retarget to 4.6.2; client TLS rules do not apply here.`;
  }
  return `${what} targets ${target}; it runs inside Dynamics, where client TLS rules do not apply, but ${SANDBOX} (the KB's "stay on 4.5.2" advice is superseded): retarget to 4.6.2.`;
}
