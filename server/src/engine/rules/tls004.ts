import { Severity } from '../model/finding';
import { XmlElement, allElements, attributeValue } from '../parsing/xmlModel';
import { Evidence, isDynamicsPackage, onlyOnPremises } from '../project/dynamicsEvidence';
import { baseName } from '../project/paths';
import { ProjectModel } from '../project/projectModel';
import { SdkVersionFact, isPreV9, packageNeedsNet462, sdkVersionOf } from '../project/sdkPackages';
import { NETFX_462, parseTargetFramework } from '../project/targetFramework';
import { Rule } from './rule';
import { RuleContext } from '../model/ruleContext';
import { preferredRetargetText } from './retargetChoice';

/** TLS004: Dynamics SDK references to update: pre-v9 SDKs (information), packages that cannot restore on the project's target (error). */
export const tls004: Rule = {
  meta: {
    id: 'TLS004',
    title: 'Dynamics SDK reference to update',
    defaultSeverity: 'information',
    kinds: ['project', 'packagesConfig'],
    hasSafeFix: false,
    summary: 'A pre-v9 Dynamics SDK reference or a stale packages.config (information: the process decides the protocol), or a package that needs .NET Framework 4.6.2 in a lower-target project (error: restore/build cannot work).',
  },
  check(ctx: RuleContext): void {
    const model = ctx.project;
    if (ctx.kind === 'project') {
      if (!model || model.path !== ctx.path) {
        return;
      }
      const managed = packagesConfigIds(ctx, model);
      const seen = new Set<string>();
      for (const item of model.file.items) {
        const fact = sdkVersionOf(item);
        const key = fact?.id.toLowerCase() ?? '';
        if (fact && !seen.has(key) && !(fact.isPackage && managed.has(key))) {
          seen.add(key);
          judgeFact(ctx, model, fact, item.element);
        }
      }
      return;
    }
    if (!ctx.xml) {
      return;
    }
    const packages = allElements(ctx.xml).filter((e) => e.localName === 'package');
    for (const el of packages) {
      const id = attributeValue(el, 'id') ?? '';
      const version = attributeValue(el, 'version') ?? '';
      if (isDynamicsPackage(id) && /^\d/.test(version)) {
        judgeFact(ctx, model, { id, version, isPackage: true }, el);
      }
    }
    if (model) {
      staleTargetFramework(ctx, model, packages);
    }
  },
};

/** Package ids listed in the project's packages.config: their findings sit there, not on the HintPath references. */
function packagesConfigIds(ctx: RuleContext, model: ProjectModel): Set<string> {
  const ids = new Set<string>();
  for (const path of model.configFiles) {
    const file = ctx.indexedFile(path);
    if (file?.kind === 'packagesConfig') {
      for (const el of allElements(file.xml)) {
        if (el.localName === 'package') {
          ids.add((attributeValue(el, 'id') ?? '').toLowerCase());
        }
      }
    }
  }
  return ids;
}

function judgeFact(ctx: RuleContext, model: ProjectModel | undefined, fact: SdkVersionFact, el: XmlElement): void {
  const target = model?.lowestTarget;
  if (packageNeedsNet462(fact) && target?.family === 'netfx' && target.version < NETFX_462) {
    ctx.report({
      severity: 'error',
      message: `${fact.id} ${fact.version} needs .NET Framework 4.6.2, but the project targets ${target.display}, so restore/build cannot work: ${retargetAdvice(ctx, model)}, or stay on a package version built for net452.`,
      start: el.start,
      end: el.startTagEnd,
    });
    return;
  }
  if (!isPreV9(fact)) {
    return;
  }
  // Information (docs/rules/TLS004.md): the process, not the SDK, decides the protocol (TLS001/TLS027 judge it).
  const severity: Severity = 'information';
  let context = ' (the protocol is decided by the process that runs it, not by the SDK: TLS001 and TLS027 report the TLS side)';
  let because: Evidence[] = [];
  if (model?.kind === 'plugin') {
    context = ' (a plug-in runs inside Dynamics with the server\'s SDK, so this is hygiene)';
    because = model.pluginEvidence.slice(0, 1);
  } else if (model && onlyOnPremises(model.dynamicsEvidence)) {
    context = ' (its connections go to an on-premises server, which does not refuse TLS 1.0/1.1)';
    because = model.dynamicsEvidence.filter((e) => e.deployment === 'onPremises').slice(0, 3);
  }
  const what = fact.isPackage ? `package ${fact.id} ${fact.version}` : `assembly ${fact.id} version ${fact.version}`;
  const below462 = !target || (target.family === 'netfx' && target.version < NETFX_462);
  ctx.report({
    severity,
    message: `The pre-v9 Dynamics SDK ${what} is older than the v9 SDK that Dynamics 365 online supports${context}: move to ${suggestion(fact.id)}${below462 ? ` and ${retargetAdvice(ctx, model)}` : ''}.`,
    start: el.start,
    end: el.startTagEnd,
    related: because.flatMap((e) => ctx.related(e) ?? []),
  });
}

/**
 * The retarget TLS004's messages advise, as the rule that owns it words it: a plug-in to 4.6.2 (TLS002: the sandbox's
 * version), any other project to the preferred retarget of `dynamicsTls.retargetTo` (TLS001: 4.8 by default).
 */
function retargetAdvice(ctx: RuleContext, model: ProjectModel | undefined): string {
  return model?.kind === 'plugin' ? 'retarget the plug-in to .NET Framework 4.6.2 as TLS002 advises' : `retarget the project as TLS001 advises, to ${preferredRetargetText(ctx.retargetTo)}`;
}

function suggestion(id: string): string {
  const lower = id.toLowerCase();
  if (lower.includes('xrmtooling') || lower.includes('tooling.connector')) {
    return 'Microsoft.CrmSdk.XrmTooling.CoreAssembly 9.1.x';
  }
  if (lower.includes('deployment')) {
    return 'Microsoft.CrmSdk.Deployment 9.0.2.x';
  }
  if (lower.includes('workflow')) {
    return 'Microsoft.CrmSdk.Workflow 9.0.2.x';
  }
  return 'Microsoft.CrmSdk.CoreAssemblies 9.0.2.x';
}

/** packages.config entries whose targetFramework disagrees with the project (retargeted without reinstalling): one note. */
function staleTargetFramework(ctx: RuleContext, model: ProjectModel, packages: readonly XmlElement[]): void {
  const target = model.lowestTarget;
  if (!target || target.family !== 'netfx' || model.noTargetElement) {
    return;
  }
  const stale = packages.filter((el) => {
    const tfm = parseTargetFramework(attributeValue(el, 'targetFramework') ?? '');
    return tfm !== undefined && tfm.family === 'netfx' && tfm.version !== target.version;
  });
  const first = stale[0];
  if (!first) {
    return;
  }
  const tfm = attributeValue(first, 'targetFramework') ?? '';
  const more = stale.length > 1 ? ` (and ${stale.length - 1} more)` : '';
  ctx.report({
    severity: 'information',
    message: `packages.config records targetFramework "${tfm}"${more}, but ${baseName(model.path)} targets ${target.display}: reinstall the packages (Update-Package -Reinstall) so NuGet picks the assemblies built for the new target.`,
    start: first.start,
    end: first.startTagEnd,
    related: stale.slice(1, 4).flatMap((el) => ctx.related({ path: ctx.path, start: el.start, end: el.startTagEnd, description: `targetFramework "${attributeValue(el, 'targetFramework') ?? ''}"` }) ?? []),
  });
}
