import { ProjectModel } from '../project/projectModel';
import { Rule } from './rule';
import { RuleContext } from '../model/ruleContext';

/** TLS005: the target framework of a project could not be determined (unresolved property, import outside the workspace). */
export const tls005: Rule = {
  meta: {
    id: 'TLS005',
    title: 'Target framework could not be determined',
    defaultSeverity: 'information',
    kinds: ['project', 'buildProps'],
    hasSafeFix: false,
    summary: 'The target framework could not be determined, so findings that depend on it treat the target as unknown.',
  },
  check(ctx: RuleContext): void {
    // A target defined in a Directory.Build.props is reported there, when that file is checked (like TLS001).
    const own = ctx.project && ctx.project.path === ctx.path ? [ctx.project] : [];
    const projects = ctx.kind === 'project' ? own : ctx.index.projects();
    const seen = new Set<number>();
    for (const model of projects) {
      for (const def of model.targets) {
        if (def.path !== ctx.path || def.target || !(def.tooComplex || looksLikeFrameworkAttempt(def.raw)) || seen.has(def.element.start)) {
          continue;
        }
        seen.add(def.element.start);
        const imp = /\$\(/.test(def.raw) ? model.opaqueImports[0] : undefined;
        const hint = imp ? ` (it may come from "${imp.include}", which this tool does not read)` : '';
        ctx.report({
          severity: 'information',
          message: `The target framework of this project could not be determined: ${def.unresolvedReason ?? `"${def.raw}" is not understood`}${hint}; findings that depend on the target treat it as unknown — define it in the project or a Directory.Build.props, or suppress this note.`,
          start: def.element.start,
          end: def.element.end,
        });
      }
      if (ctx.kind === 'project' && model.noTargetElement && !model.sdkStyle) {
        reportOpaqueImport(ctx, model);
      }
    }
  },
};

/** Unresolved properties and near-misses of .NET Framework monikers ("4.5.2", "v4.x"); other platforms' TFMs (uap10.0) are not ours. */
function looksLikeFrameworkAttempt(raw: string): boolean {
  return /\$\(/.test(raw) || /^(v?\d|net\d)/i.test(raw.trim());
}

function reportOpaqueImport(ctx: RuleContext, model: ProjectModel): void {
  const imp = model.opaqueImports[0];
  if (!imp || imp.path !== ctx.path) {
    return;
  }
  ctx.report({
    severity: 'information',
    message: `The target framework of this project could not be determined: it names none itself and imports "${imp.include}", which is outside the workspace or not read by this tool; findings that depend on the target treat it as unknown — set TargetFrameworkVersion in the project, or suppress this note.`,
    start: imp.element.start,
    end: imp.element.end,
  });
}
