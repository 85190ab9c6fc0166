import { Fix, Severity } from '../model/finding';
import { fileFix } from '../fixes/textFix';
import { ProjectModel, TargetDefinition } from '../project/projectModel';
import { retargetEdits } from '../project/retarget';
import { NETFX_452, NETFX_462 } from '../project/targetFramework';
import { Rule, RuleContext } from './rule';

const NETFX_48 = 40800;

/** TLS001: a client project (exe, winexe, web app) whose effective target is below .NET Framework 4.6.2. */
export const tls001: Rule = {
  meta: {
    id: 'TLS001',
    title: 'Client project targets .NET Framework below 4.6.2',
    defaultSeverity: 'error',
    kinds: ['project', 'buildProps'],
    hasSafeFix: true,
    summary: 'A client project targets a .NET Framework below 4.6.2, whose defaults may not offer TLS 1.2 to Dynamics 365 online.',
  },
  check(ctx: RuleContext): void {
    const projects = ctx.kind === 'project' ? (ctx.project ? [ctx.project] : []) : ctx.index.projects();
    const seen = new Set<number>();
    for (const model of projects) {
      if (model.kind === 'plugin') {
        continue;
      }
      for (const def of model.targets) {
        if (def.path !== ctx.path || !def.target || def.target.family !== 'netfx' || def.target.version >= NETFX_462) {
          continue;
        }
        const start = def.tokenStart ?? def.element.start;
        if (seen.has(start)) {
          continue;
        }
        seen.add(start);
        const verdict = judge(model, def.target.version);
        ctx.report({
          severity: verdict.severity,
          message: message(model, def, verdict.reason),
          start,
          end: def.tokenEnd ?? def.element.startTagEnd,
          fixes: retargetFixes(ctx, model, def),
          related: verdict.evidence.flatMap((e) => ctx.related(e) ?? []),
        });
      }
    }
  },
};

interface Verdict {
  severity: Severity;
  reason: string;
  evidence: ProjectModel['dynamicsEvidence'];
}

function judge(model: ProjectModel, version: number): Verdict {
  if (model.kind === 'library') {
    return { severity: 'information', reason: 'a class library runs with the defaults of the executable that loads it', evidence: [] };
  }
  if (model.tlsEnablement.length > 0) {
    return { severity: 'information', reason: 'the project already enables TLS 1.2', evidence: model.tlsEnablement.slice(0, 3) };
  }
  if (version <= NETFX_452) {
    if (model.dynamicsEvidence.length > 0) {
      return { severity: 'error', reason: 'it connects to Dynamics 365 and nothing in it enables TLS 1.2', evidence: model.dynamicsEvidence.slice(0, 3) };
    }
    return { severity: 'warning', reason: 'its default protocols lack TLS 1.2 (no Dynamics connection was found in it)', evidence: [] };
  }
  return { severity: 'warning', reason: 'TLS 1.2 is on by default there, but the Dynamics SDK v9.1 packages and the KB require 4.6.2', evidence: [] };
}

function kindLabel(model: ProjectModel): string {
  switch (model.kind) {
    case 'web':
      return 'Web application';
    case 'client':
      return model.outputType === 'winexe' ? 'Windows application' : 'Console application';
    default:
      return 'Class library';
  }
}

function message(model: ProjectModel, def: TargetDefinition, reason: string): string {
  const target = def.target?.display ?? def.raw;
  const noTls12 = (def.target?.version ?? 0) <= NETFX_452 ? ', which offers no TLS 1.2 by default' : '';
  const action = model.kind === 'library' ? 'retarget it (or the host) to 4.6.2 or later' : 'retarget to .NET Framework 4.6.2 or later';
  return `${kindLabel(model)} targets ${target}${noTls12}; ${reason}: ${action}.`;
}

function retargetFixes(ctx: RuleContext, model: ProjectModel, def: TargetDefinition): Fix[] {
  const lines = ctx.linesOf(def.path);
  if (!lines) {
    return [];
  }
  const out: Fix[] = [];
  for (const [version, label, safe] of [
    [NETFX_462, '4.6.2', true],
    [NETFX_48, '4.8', false],
  ] as const) {
    const edit = retargetEdits(model, def, version);
    if (edit) {
      out.push(fileFix(`Retarget to .NET Framework ${label}`, safe, edit.path, lines, edit.edits));
    }
  }
  return out;
}
