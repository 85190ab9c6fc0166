import { dynamicsName } from '../config/configContext';
import { Fix, SEVERITY_RANK, Severity } from '../model/finding';
import { fileFix } from '../fixes/textFix';
import { Evidence, connectionEvidence, onlyOnPremises } from '../project/dynamicsEvidence';
import { baseName } from '../project/paths';
import { NO_TARGET_BEHAVIOUR, ProjectModel, TargetDefinition } from '../project/projectModel';
import { insertTargetEdit, noTargetAnchor, retargetEdits } from '../project/retarget';
import { ladderSeverity } from '../project/runtime';
import { FrameworkTarget, NETFX_452, NETFX_462 } from '../project/targetFramework';
import { Rule } from './rule';
import { WithheldRetarget, preferredRetargetText, retargetOptions, withheldNote, withheldRetarget } from './retargetChoice';
import { runtimeAfterRetarget } from '../project/retargetRisk';
import { RuleContext } from '../model/ruleContext';

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
    // A target shared through Directory.Build.props is judged for every project that uses it; the weightiest verdict wins.
    const best = new Map<number, { model: ProjectModel; def: TargetDefinition; target: FrameworkTarget; verdict: Verdict }>();
    const sharing = new Map<number, ProjectModel[]>();
    for (const model of projects) {
      if (model.kind === 'plugin') {
        continue;
      }
      if (ctx.kind === 'project' && model.lowestTarget === NO_TARGET_BEHAVIOUR) {
        reportNoTarget(ctx, model);
        continue;
      }
      for (const def of model.targets) {
        if (def.path !== ctx.path || !def.target || def.target.family !== 'netfx' || def.target.version >= NETFX_462) {
          continue;
        }
        const start = def.tokenStart ?? def.element.start;
        const verdict = judge(ctx, model, def.target);
        sharing.set(start, [...(sharing.get(start) ?? []), model]);
        const current = best.get(start);
        if (!current || SEVERITY_RANK[verdict.severity] > SEVERITY_RANK[current.verdict.severity]) {
          best.set(start, { model, def, target: def.target, verdict });
        }
      }
    }
    for (const [start, { model, def, target, verdict }] of best) {
      const withheld = bulkRisk(ctx, sharing.get(start) ?? [model], verdict.severity);
      ctx.report({
        severity: verdict.severity,
        message: message(model, target, verdict.reason, ctx.retargetTo),
        start,
        end: def.tokenEnd ?? def.element.startTagEnd,
        fixes: retargetFixes(ctx, model, def, withheld),
        related: [...verdict.evidence.flatMap((e) => ctx.related(e) ?? []), ...(withheld ? withheldNote(ctx, withheld) : [])],
      });
    }
  },
};

function reportNoTarget(ctx: RuleContext, model: ProjectModel): void {
  const anchor = noTargetAnchor(model);
  if (!anchor) {
    return;
  }
  const verdict = judge(ctx, model, NO_TARGET_BEHAVIOUR);
  const withheld = bulkRisk(ctx, [model], verdict.severity);
  const fixes: Fix[] = [];
  for (const { version, label, safe } of retargetOptions(ctx.retargetTo)) {
    const edit = insertTargetEdit(ctx.lines, model, version);
    if (edit) {
      fixes.push(fileFix(`Retarget to ${label}`, safe && !withheld, model.path, ctx.lines, [edit]));
    }
  }
  ctx.report({
    severity: verdict.severity,
    message: `${kindLabel(model)} sets no target framework, so it runs with .NET Framework 4.0 behaviour, which offers no TLS 1.2 by default; ${verdict.reason}: ${action(model, ctx.retargetTo)}.`,
    start: anchor.start,
    end: anchor.startTagEnd,
    fixes,
    related: [...verdict.evidence.flatMap((e) => ctx.related(e) ?? []), ...(withheld ? withheldNote(ctx, withheld) : [])],
  });
}

/**
 * Why the preferred retarget is a quick fix only here (docs/rules/TLS001.md#the-fix): run on the version fix all moves
 * the projects to, a `SecurityProtocol` write would get a finding more severe than this one. Undefined: it is safe.
 */
function bulkRisk(ctx: RuleContext, models: readonly ProjectModel[], severity: Severity): WithheldRetarget | undefined {
  return withheldRetarget(ctx, models, { ruleId: 'TLS001', severity }, (m) => runtimeAfterRetarget(ctx.index, m, ctx.retargetTo, (p) => ctx.indexedFile(p)));
}

interface Verdict {
  severity: Severity;
  reason: string;
  evidence: Evidence[];
}

/** Severity from context: library (host decides) and on-premises only on the one ladder (project/runtime.ts), enablement, evidence, version band. */
function judge(ctx: RuleContext, model: ProjectModel, target: FrameworkTarget): Verdict {
  if (model.kind === 'library') {
    const hosts = model.referencedBy.map((p) => ctx.index.project(p)).filter((m): m is ProjectModel => m !== undefined && (m.kind === 'client' || m.kind === 'web'));
    const names = hosts.map((h) => baseName(h.path)).join(', ');
    const reason = hosts.length
      ? `a class library runs with the defaults of the executable that loads it (${names}), which is judged on its own target`
      : 'a class library runs with the defaults of the executable that loads it';
    return { severity: ladderSeverity('library', 'error'), reason, evidence: hosts.map((h) => hostEvidence(h)) };
  }
  if (model.tlsEnablement.length > 0) {
    return { severity: 'information', reason: 'the project already enables TLS 1.2, so this is advice', evidence: model.tlsEnablement.slice(0, 3) };
  }
  if (onlyOnPremises(model.dynamicsEvidence)) {
    return {
      severity: ladderSeverity('onPremises', 'error'),
      reason: 'its Dynamics connections go to an on-premises server, which does not refuse TLS 1.0/1.1 (TLS 1.2 is still recommended)',
      evidence: model.dynamicsEvidence.filter((e) => e.deployment === 'onPremises').slice(0, 3),
    };
  }
  if (target.version <= NETFX_452) {
    return byEvidence(model.dynamicsEvidence);
  }
  return { severity: 'warning', reason: 'TLS 1.2 is on by default there, but the KB and the Dynamics SDK v9.1 packages require 4.6.2', evidence: [] };
}

/**
 * A ≤ 4.5.2 executable's level from its Dynamics evidence: error with connection evidence (a client creation, a
 * connection string, a Dynamics URL), warning with only an SDK reference (it may use the SDK's types without
 * connecting) or none. The evidence that set the level is related information.
 */
function byEvidence(evidence: readonly Evidence[]): Verdict {
  const connections = connectionEvidence(evidence);
  if (connections.length > 0) {
    const name = dynamicsName(connections);
    return { severity: 'error', reason: `it connects to ${name}, which refuses TLS 1.0/1.1, and nothing in it enables TLS 1.2`, evidence: connections.slice(0, 3) };
  }
  if (evidence.length > 0) {
    return {
      severity: 'warning',
      reason: 'it references the Dynamics SDK, but no Dynamics connection was found in it (no client creation, connection string or Dynamics URL); any TLS 1.2-only endpoint will fail',
      evidence: evidence.slice(0, 3),
    };
  }
  return { severity: 'warning', reason: 'no Dynamics connection was found in it, but any TLS 1.2-only endpoint will fail', evidence: [] };
}

function hostEvidence(host: ProjectModel): Evidence {
  const def = host.targets[0];
  const start = def ? (def.tokenStart ?? def.element.start) : (host.file.root?.start ?? 0);
  const end = def ? (def.tokenEnd ?? def.element.startTagEnd) : (host.file.root?.startTagEnd ?? 0);
  return { path: def?.path ?? host.path, start, end, description: `loaded by ${baseName(host.path)} (${host.lowestTarget?.display ?? 'unknown target'})` };
}

function kindLabel(model: ProjectModel): string {
  switch (model.kind) {
    case 'web':
      return 'Web application';
    case 'client':
      return model.testProject ? 'Test project (run by a test host)' : model.outputType === 'winexe' ? 'Windows application' : 'Console application';
    default:
      return 'Class library';
  }
}

function action(model: ProjectModel, preferred: number): string {
  const to = preferredRetargetText(preferred);
  return model.kind === 'library' ? `retarget it (and the executable that loads it) to ${to}` : `retarget to ${to}`;
}

function message(model: ProjectModel, target: FrameworkTarget, reason: string, preferred: number): string {
  const noTls12 = target.version <= NETFX_452 ? ', which offers no TLS 1.2 by default' : '';
  return `${kindLabel(model)} targets ${target.display}${noTls12}; ${reason}: ${action(model, preferred)}.`;
}

function retargetFixes(ctx: RuleContext, model: ProjectModel, def: TargetDefinition, withheld: WithheldRetarget | undefined): Fix[] {
  const lines = ctx.linesOf(def.path);
  if (!lines) {
    return [];
  }
  const out: Fix[] = [];
  for (const { version, label, safe } of retargetOptions(ctx.retargetTo)) {
    const edit = retargetEdits(model, def, version);
    if (edit) {
      out.push(fileFix(`Retarget to ${label}`, safe && !withheld, edit.path, lines, edit.edits));
    }
  }
  return out;
}
