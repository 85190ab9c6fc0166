import { RelatedLocation, Severity } from '../model/finding';
import { RuleContext } from '../model/ruleContext';
import { onlyOnPremises } from '../project/dynamicsEvidence';
import { PackagePin, allPinsOf, packagesConfigPins } from '../project/packagePins';
import { ProjectModel } from '../project/projectModel';
import { runtimeOf } from '../project/runtime';

/** Whether an online-only retirement reaches a project's code, as the TLS rules' process and evidence model says. */
export interface RetirementScope {
  /** `online`: it connects online or does not say; `plugin`: it runs inside Dynamics; `onPremises`: every connection it shows is on-premises. */
  reach: 'online' | 'plugin' | 'onPremises';
  /** The words a message adds for a reach other than online (empty for online). */
  context: string;
  related: RelatedLocation[];
}

/**
 * The reach of an online-only retirement for a project (docs/rules/DYN103.md, "Context"): plug-in and workflow
 * projects run inside Dynamics (runtime kind `plugin`), projects whose every connection goes on-premises are not
 * online clients (`onlyOnPremises` over the project's evidence); anything else — a loose file included — is treated
 * as an online client.
 */
export function retirementScope(ctx: RuleContext, project: ProjectModel | undefined): RetirementScope {
  const runtime = project === ctx.project ? ctx.runtime : runtimeOf(project, (p) => ctx.indexedFile(p));
  if (project && runtime.kind === 'plugin') {
    return { reach: 'plugin', context: ' (a plug-in or workflow activity runs inside Dynamics, which this retirement does not affect)', related: project.pluginEvidence.slice(0, 1).flatMap((e) => ctx.related(e) ?? []) };
  }
  if (project && onlyOnPremises(project.dynamicsEvidence)) {
    const because = project.dynamicsEvidence.filter((e) => e.deployment === 'onPremises').slice(0, 3);
    return { reach: 'onPremises', context: ' (its connections go to an on-premises server, which this online retirement does not affect)', related: because.flatMap((e) => ctx.related(e) ?? []) };
  }
  return { reach: 'online', context: '', related: [] };
}

/** The severity of a documented deprecation for a reach: warning online, information where it does not apply. */
export function deprecationSeverity(scope: RetirementScope): Severity {
  return scope.reach === 'online' ? 'warning' : 'information';
}

/** The package pins a checked file holds: a packages.config's `<package>`s, or a project file's own references. */
export function pinsOfFile(ctx: RuleContext): PackagePin[] {
  if (ctx.kind === 'packagesConfig') {
    return ctx.xml ? packagesConfigPins({ path: ctx.path, kind: ctx.kind, text: ctx.text, xml: ctx.xml }) : [];
  }
  const model = ctx.project;
  return model && model.path === ctx.path ? allPinsOf(model, (p) => ctx.indexedFile(p)).filter((p) => p.path === ctx.path) : [];
}
