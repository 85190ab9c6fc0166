import { ProjectModel } from '../project/projectModel';
import { Rule, RuleContext } from './rule';

/** TLS005: the target framework of a project could not be determined (unresolved property, import outside the workspace). */
export const tls005: Rule = {
  meta: {
    id: 'TLS005',
    title: 'Target framework could not be determined',
    defaultSeverity: 'information',
    kinds: ['project'],
    hasSafeFix: false,
    summary: 'The target framework could not be determined, so findings that depend on it treat the target as unknown.',
  },
  check(ctx: RuleContext): void {
    const model = ctx.project;
    if (!model || model.path !== ctx.path) {
      return;
    }
    for (const def of model.targets) {
      if (def.target || !looksLikeFrameworkAttempt(def.raw)) {
        continue;
      }
      const imp = /\$\(/.test(def.raw) ? model.opaqueImports[0] : undefined;
      const hint = imp ? ` (it may come from "${imp.include}", which this tool does not read)` : '';
      ctx.report({
        path: def.path,
        severity: 'information',
        message: `The target framework of this project could not be determined: ${def.unresolvedReason ?? `"${def.raw}" is not understood`}${hint}; findings that depend on the target treat it as unknown — define it in the project or a Directory.Build.props, or suppress this note.`,
        start: def.element.start,
        end: def.element.end,
      });
    }
    if (model.noTargetElement && !model.sdkStyle) {
      reportOpaqueImport(ctx, model);
    }
  },
};

/** Unresolved properties and near-misses of .NET Framework monikers ("4.5.2", "v4.x"); other platforms' TFMs (uap10.0) are not ours. */
function looksLikeFrameworkAttempt(raw: string): boolean {
  return /\$\(/.test(raw) || /^(v?\d|net\d)/i.test(raw.trim());
}

function reportOpaqueImport(ctx: RuleContext, model: ProjectModel): void {
  const imp = model.opaqueImports[0];
  if (!imp) {
    return;
  }
  ctx.report({
    path: imp.path,
    severity: 'information',
    message: `The target framework of this project could not be determined: it names none itself and imports "${imp.include}", which is outside the workspace or not read by this tool; findings that depend on the target treat it as unknown — set TargetFrameworkVersion in the project, or suppress this note.`,
    start: imp.element.start,
    end: imp.element.end,
  });
}
