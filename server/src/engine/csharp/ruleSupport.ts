import { allElements } from '../parsing/xmlModel';
import { httpRuntimeOf, parseRuntimeTarget } from '../config/configContext';
import { isEffective, isWebConfigPath, pairValue, switchSites } from '../config/switchOverrides';
import { baseName } from '../project/paths';
import { ProjectModel } from '../project/projectModel';
import { FrameworkTarget } from '../project/targetFramework';
import { RuleContext } from '../model/ruleContext';
import { CsharpRecords, csharpModel } from './csharpModel';
import { TargetDefaults, targetDefaults } from './protocols';

const SYSTEM_DEFAULT_SWITCH = 'Switch.System.Net.DontEnableSystemDefaultTlsVersions';

/** What every C# rule starts from: the file's model and the defaults of the project that compiles it. */
export interface CsharpRuleInput {
  model: CsharpRecords;
  defaults: TargetDefaults;
  project: ProjectModel | undefined;
  /** Why the target is unknown, for messages ("no project file compiles this file"). */
  unknownReason: string | undefined;
  /** Which process runs the code, which decides whose defaults apply (RULES.md "The process decides, not the DLL"). */
  host: CodeHost;
}

/**
 * `executable`: an exe or web app (its own target decides); `library`: the loading executable decides;
 * `powershellModule`: a binary module (Cmdlet/PSCmdlet classes) runs inside Windows PowerShell 5.1, default Ssl3 | Tls;
 * `unknown`: no project compiles the file.
 */
export type CodeHost = 'executable' | 'library' | 'powershellModule' | 'unknown';

/** How an ASP.NET app runs when web.config's `<httpRuntime>` names no targetFramework (FACTS.md §4.2). */
const ASPNET_NO_RUNTIME_TARGET: FrameworkTarget = { family: 'netfx', version: 40000, raw: '', display: ".NET Framework 4.0 (ASP.NET's behaviour when web.config httpRuntime has no targetFramework)" };

/** How a .NET Framework binary PowerShell module runs: inside powershell.exe, with 4.0 behaviour (Ssl3 | Tls) whatever it targets. */
const WINDOWS_POWERSHELL: FrameworkTarget = { family: 'netfx', version: 40000, raw: '', display: 'Windows PowerShell 5.1, which loads this binary module with .NET Framework 4.0 behaviour whatever it targets' };

/**
 * The target whose defaults the code runs with: for a .NET Framework binary PowerShell module, Windows PowerShell
 * 5.1's; for an ASP.NET app on .NET Framework, web.config's `<httpRuntime targetFramework>` (4.0 behaviour when
 * missing); else the project's lowest target.
 */
function runtimeTarget(ctx: RuleContext, project: ProjectModel): FrameworkTarget | undefined {
  if (hostOf(project) === 'powershellModule' && project.lowestTarget?.family === 'netfx') {
    return WINDOWS_POWERSHELL;
  }
  if (project.kind !== 'web' || project.lowestTarget?.family !== 'netfx') {
    return project.lowestTarget;
  }
  for (const path of project.configFiles) {
    const file = baseName(path).toLowerCase() === 'web.config' ? ctx.indexedFile(path) : undefined;
    if (!file || !allElements(file.xml).some((e) => e.localName === 'system.web')) {
      continue;
    }
    const attr = httpRuntimeOf(file.xml)?.attributes.find((a) => a.name === 'targetFramework');
    return attr ? (parseRuntimeTarget(attr.value) ?? project.lowestTarget) : ASPNET_NO_RUNTIME_TARGET;
  }
  return project.lowestTarget;
}

function hostOf(project: ProjectModel | undefined): CodeHost {
  if (!project) {
    return 'unknown';
  }
  if (project.kind === 'library' || project.kind === 'plugin') {
    return project.cmdletEvidence.length > 0 ? 'powershellModule' : 'library';
  }
  return 'executable';
}

/** The records and target defaults of a C# file (from its tree, or kept from a scan's first pass), or undefined. */
export function csharpInput(ctx: RuleContext): CsharpRuleInput | undefined {
  const model = ctx.tree ? csharpModel(ctx.tree, ctx.text) : ctx.csharp;
  if (!model) {
    return undefined;
  }
  const project = ctx.project;
  const target = project ? runtimeTarget(ctx, project) : undefined;
  const defaults = targetDefaults(target, project !== undefined && project.targets.length === 0);
  const unknownReason = !project
    ? 'no project file compiles this file, so its target framework is unknown'
    : defaults.family === 'unknown'
      ? `the target framework of ${project.path.split('/').pop() ?? 'the project'} is ${target ? target.display + ' (the host decides)' : 'not known'}`
      : undefined;
  return { model, defaults, project, unknownReason, host: hostOf(project) };
}

/** The target as messages name it: "on .NET Framework 4.5.2" or the reason it is unknown. */
export function onTarget(input: CsharpRuleInput): string {
  return input.unknownReason ? `(${input.unknownReason}; judged as .NET Framework 4.0 behaviour)` : `on ${input.defaults.label}`;
}

/**
 * True when the project's config (or this file) sets `Switch.System.Net.DontEnableSystemDefaultTlsVersions` to
 * false, which lets SystemDefault / SslProtocols.None work below 4.7 (FACTS.md §4.1).
 */
export function systemDefaultAllowed(ctx: RuleContext, input: CsharpRuleInput): boolean {
  for (const call of input.model.switches) {
    if (call.name.kind === 'string' && call.name.value === SYSTEM_DEFAULT_SWITCH && call.value.kind === 'bool' && !call.value.value) {
      return true;
    }
  }
  // Only a pair the runtime applies counts: placed, well formed, exactly spelt (TLS012 reports the others).
  for (const path of input.project?.configFiles ?? []) {
    const file = ctx.indexedFile(path);
    for (const site of file ? switchSites(file.xml, file.text, isWebConfigPath(file.path)) : []) {
      if (site.pairs.some((pair) => pair.name === SYSTEM_DEFAULT_SWITCH && pairValue(pair) === false && isEffective(site, pair))) {
        return true;
      }
    }
  }
  return false;
}
