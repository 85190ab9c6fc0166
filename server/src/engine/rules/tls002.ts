import { Fix } from '../model/finding';
import { fileFix } from '../fixes/textFix';
import { NO_TARGET_BEHAVIOUR, ProjectModel } from '../project/projectModel';
import { insertTargetEdit, noTargetAnchor, retargetEdits } from '../project/retarget';
import { NETFX_462 } from '../project/targetFramework';
import { Rule, RuleContext } from './rule';

const SANDBOX = 'Dataverse requires plug-in and custom workflow assemblies to target .NET Framework 4.6.2';

/** TLS002: a plug-in / custom workflow assembly runs inside Dynamics: client TLS rules do not apply, but it must target 4.6.2. */
export const tls002: Rule = {
  meta: {
    id: 'TLS002',
    title: 'Plug-in or workflow assembly: runs inside Dynamics, targets 4.6.2',
    defaultSeverity: 'information',
    kinds: ['project'],
    hasSafeFix: false,
    summary: 'A plug-in or custom workflow assembly runs inside Dynamics, so client TLS rules do not apply; it must target .NET Framework 4.6.2.',
  },
  check(ctx: RuleContext): void {
    const model = ctx.project;
    if (!model || model.kind !== 'plugin' || model.path !== ctx.path) {
      return;
    }
    const related = model.pluginEvidence.slice(0, 3).flatMap((e) => ctx.related(e) ?? []);
    if (model.lowestTarget === NO_TARGET_BEHAVIOUR) {
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
    for (const def of model.targets) {
      if (!def.target) {
        continue;
      }
      const exact = def.target.family === 'netfx' && def.target.version === NETFX_462;
      const above = def.target.family !== 'netfx' || def.target.version > NETFX_462;
      const fixes: Fix[] = [];
      const lines = ctx.linesOf(def.path);
      const edit = exact ? undefined : retargetEdits(model, def, NETFX_462);
      if (edit && lines && def.target.family === 'netfx') {
        fixes.push(fileFix('Retarget to .NET Framework 4.6.2', false, edit.path, lines, edit.edits));
      }
      ctx.report({
        path: def.path,
        severity: above ? 'warning' : 'information',
        message: message(model, def.target.display, exact, above),
        start: def.tokenStart ?? def.element.start,
        end: def.tokenEnd ?? def.element.startTagEnd,
        fixes,
        related,
      });
    }
  },
};

function message(model: ProjectModel, target: string, exact: boolean, above: boolean): string {
  const what = model.pluginEvidence.some((e) => /CodeActivity/.test(e.description)) && !model.pluginEvidence.some((e) => /IPlugin/.test(e.description)) ? 'Custom workflow assembly' : 'Plug-in assembly';
  if (exact) {
    return `${what} targets ${target}: it runs inside Dynamics' sandbox, which negotiates TLS itself, so client TLS rules do not apply here.`;
  }
  if (above) {
    return `${what} targets ${target}, but ${SANDBOX} (the sandbox cannot load it otherwise): retarget to 4.6.2; client TLS rules do not apply here.`;
  }
  return `${what} targets ${target}; it runs inside Dynamics, where client TLS rules do not apply, but ${SANDBOX} (the KB's "stay on 4.5.2" advice is superseded): retarget to 4.6.2.`;
}
