import { Severity } from '../model/finding';
import { XmlDocument, allElements } from '../parsing/xmlModel';
import { Evidence } from './dynamicsEvidence';
import { appHttpRuntime } from './httpRuntime';
import { IndexedFile } from './indexedFile';
import { baseName } from './paths';
import { coreOnlyEdition } from './moduleManifest';
import { ProjectModel } from './projectModel';
import { FrameworkTarget, NETFX_40, NETFX_452, NETFX_47, PROTOCOL_BITS, parseTargetFramework } from './targetFramework';

/**
 * Which process runs a file's code (docs/facts.md#which-process-runs-the-code): an executable or a web app (its own
 * runtime target decides), a library or a plug-in (the loading process decides), a binary PowerShell module (Windows
 * PowerShell 5.1 decides), or a loose file (no project compiles it).
 */
export type RuntimeKind = 'exe' | 'web' | 'library' | 'plugin' | 'powershellModule' | 'loose';

/** Where the effective target came from. */
export type TargetSource = 'compile target' | 'httpRuntime' | 'ASP.NET without httpRuntime targetFramework' | 'Windows PowerShell 5.1' | 'PowerShell 7' | 'no target element' | 'unknown';

/** The process that runs a file: the one answer every rule reads (csharp/ruleSupport.ts hands it to the C# rules). */
export interface Runtime {
  kind: RuntimeKind;
  /** The target whose defaults the code runs with; undefined when unknown. */
  target: FrameworkTarget | undefined;
  source: TargetSource;
  /** The default protocol set of that target. */
  defaults: TargetDefaults;
  /** Where the target was read (the target element or the httpRuntime attribute), for related locations. */
  evidence: Evidence[];
}

/** How ASP.NET runs when web.config's `<httpRuntime>` names no targetFramework (docs/facts.md#which-process-runs-the-code). */
const ASPNET_NO_RUNTIME_TARGET: FrameworkTarget = { family: 'netfx', version: NETFX_40, raw: '', display: ".NET Framework 4.0 (ASP.NET's behaviour when web.config httpRuntime has no targetFramework)" };

/** How a .NET Framework binary PowerShell module runs: inside powershell.exe, with 4.0 behaviour (Ssl3 | Tls) whatever it targets. */
const WINDOWS_POWERSHELL: FrameworkTarget = { family: 'netfx', version: NETFX_40, raw: '', display: 'Windows PowerShell 5.1, which loads this binary module with .NET Framework 4.0 behaviour whatever it targets' };

/** How a binary module that only PowerShell 7 loads runs (its manifest allows only the Core edition): modern .NET, the OS decides. */
const POWERSHELL_7: FrameworkTarget = { family: 'netcore', version: 70000, raw: '', display: "PowerShell 7 (modern .NET), the only edition the module's manifest allows" };

/** The kind of process a project's code runs in; undefined project: a loose file. */
function kindOf(project: ProjectModel | undefined): RuntimeKind {
  if (!project) {
    return 'loose';
  }
  if (project.kind === 'library' || project.kind === 'plugin') {
    return project.cmdletEvidence.length > 0 ? 'powershellModule' : project.kind;
  }
  return project.kind === 'web' ? 'web' : 'exe';
}

/**
 * The runtime of the code a project compiles: for a .NET Framework binary PowerShell module, Windows PowerShell 5.1's
 * target; for an ASP.NET app on .NET Framework, web.config's `<httpRuntime targetFramework>` (4.0 behaviour when
 * missing); else the project's lowest target. `file` reads a context file of the index (the web.config).
 */
export function runtimeOf(project: ProjectModel | undefined, file: (path: string) => IndexedFile | undefined): Runtime {
  const kind = kindOf(project);
  const { target, source, evidence } = project ? effectiveTarget(project, kind, file) : { target: undefined, source: 'unknown' as const, evidence: [] };
  return { kind, target, source, defaults: targetDefaults(target, source === 'no target element'), evidence };
}

function effectiveTarget(project: ProjectModel, kind: RuntimeKind, file: (path: string) => IndexedFile | undefined): { target: FrameworkTarget | undefined; source: TargetSource; evidence: Evidence[] } {
  const lowest = project.lowestTarget;
  const compiled = { target: lowest, source: project.targets.length === 0 ? ('no target element' as const) : lowest ? ('compile target' as const) : ('unknown' as const), evidence: [] };
  if (kind === 'powershellModule' && (lowest?.family === 'netfx' || lowest?.family === 'netstandard')) {
    const coreOnly = project.moduleManifests.map((m) => file(m)).flatMap((m) => (m ? (coreOnlyEdition(m) ?? []) : []))[0];
    if (coreOnly) {
      return { target: POWERSHELL_7, source: 'PowerShell 7', evidence: [coreOnly] };
    }
    return { target: WINDOWS_POWERSHELL, source: 'Windows PowerShell 5.1', evidence: project.cmdletEvidence.slice(0, 1) };
  }
  if (project.kind !== 'web' || lowest?.family !== 'netfx') {
    return compiled;
  }
  for (const path of project.configFiles) {
    const config = baseName(path).toLowerCase() === 'web.config' ? file(path) : undefined;
    if (!config || !allElements(config.xml).some((e) => e.localName === 'system.web')) {
      continue;
    }
    const declared = httpRuntimeTarget(path, config.xml);
    if (!declared) {
      return { target: ASPNET_NO_RUNTIME_TARGET, source: 'ASP.NET without httpRuntime targetFramework', evidence: [] };
    }
    const evidence = [declared.evidence];
    return declared.target ? { target: declared.target, source: 'httpRuntime', evidence } : { ...compiled, evidence };
  }
  return compiled;
}

/** The target a config file's settings are judged on, where it came from, and the evidence (its location). */
export interface ConfigTarget {
  target: FrameworkTarget | undefined;
  source: Extract<TargetSource, 'httpRuntime' | 'compile target' | 'unknown'>;
  evidence: Evidence[];
}

/**
 * The target a config file's switches are judged on (docs/facts.md#which-process-runs-the-code): a web.config's own
 * `<httpRuntime targetFramework>` when it names a version (also in a web.config no project lists), else the owning
 * project's lowest compile target. Unlike `runtimeOf`, which judges code, it has no ASP.NET 4.0 fallback and no
 * PowerShell host: a config rule judges what the file's settings do to the target whatever process reads them.
 */
export function configTargetOf(path: string, doc: XmlDocument, project: ProjectModel | undefined): ConfigTarget {
  const declared = baseName(path).toLowerCase() === 'web.config' ? httpRuntimeTarget(path, doc) : undefined;
  if (declared?.target) {
    return { target: declared.target, source: 'httpRuntime', evidence: [declared.evidence] };
  }
  const target = project?.lowestTarget;
  const def = project?.targets.find((t) => t.target === target);
  const evidence = def ? [{ path: def.path, start: def.tokenStart ?? def.element.start, end: def.tokenEnd ?? def.element.end, description: `the project targets ${def.target?.display ?? def.raw}` }] : [];
  return { target, source: target ? 'compile target' : 'unknown', evidence };
}

/** A web.config's `<httpRuntime targetFramework>`: the version it names (undefined: not a version) and where; undefined without one. */
function httpRuntimeTarget(path: string, doc: XmlDocument): { target: FrameworkTarget | undefined; evidence: Evidence } | undefined {
  const { attr } = appHttpRuntime(doc);
  if (!attr) {
    return undefined;
  }
  return { target: parseRuntimeTarget(attr.value), evidence: { path, start: attr.start, end: attr.end, description: `httpRuntime targetFramework="${attr.value}" sets the runtime target` } };
}

/** Parses an `httpRuntime targetFramework` value ("4.5.2") as a .NET Framework target. */
export function parseRuntimeTarget(value: string | undefined): FrameworkTarget | undefined {
  const v = (value ?? '').trim();
  return /^\d\.\d(\.\d)?$/.test(v) ? parseTargetFramework(`v${v}`) : parseTargetFramework(v);
}

/** How a target chooses the ServicePointManager default, for rules, messages and hovers. */
export interface TargetDefaults {
  /** `netfx` with a known version, `modern` (.NET Core / 5+: ServicePointManager does not affect HttpClient), or unknown. */
  family: 'netfx' | 'modern' | 'unknown';
  target: FrameworkTarget | undefined;
  /** The default set (unknown: 4.0 behaviour, Ssl3 | Tls). */
  defaultSet: number;
  /** "the target .NET Framework 4.5.2" / "an unknown target". */
  label: string;
}

/** The defaults of a target (docs/facts.md#defaults-by-target); netstandard is unknown: the host decides. */
export function targetDefaults(target: FrameworkTarget | undefined, noTargetElement = false): TargetDefaults {
  if (!target) {
    if (noTargetElement) {
      return { family: 'netfx', target, defaultSet: PROTOCOL_BITS.Ssl3 | PROTOCOL_BITS.Tls, label: 'a project without a target framework (4.0 behaviour)' };
    }
    return { family: 'unknown', target, defaultSet: PROTOCOL_BITS.Ssl3 | PROTOCOL_BITS.Tls, label: 'an unknown target framework' };
  }
  if (target.family === 'netcore') {
    return { family: 'modern', target, defaultSet: 0, label: target.display };
  }
  if (target.family === 'netstandard') {
    return { family: 'unknown', target, defaultSet: PROTOCOL_BITS.Ssl3 | PROTOCOL_BITS.Tls, label: `${target.display} (the host decides)` };
  }
  const v = target.version;
  const defaultSet = v <= NETFX_452 ? PROTOCOL_BITS.Ssl3 | PROTOCOL_BITS.Tls : v < NETFX_47 ? PROTOCOL_BITS.Tls | PROTOCOL_BITS.Tls11 | PROTOCOL_BITS.Tls12 : 0;
  return { family: 'netfx', target, defaultSet, label: target.display };
}

/**
 * The step of the severity ladder a finding about a process's defaults stands on (docs/facts.md#severity-and-context):
 * on-premises only or a library → information; a PowerShell module or an unknown target → warning; else the rule's own.
 */
export type LadderStep = 'onPremises' | 'library' | 'powershellModule' | 'unknownTarget' | 'process';

/** Where a runtime stands on the ladder, given whether its connections go to an on-premises server only. */
export function ladderStep(runtime: Pick<Runtime, 'kind' | 'defaults'>, onPremises: boolean): LadderStep {
  if (onPremises) {
    return 'onPremises';
  }
  if (runtime.kind === 'library' || runtime.kind === 'plugin') {
    return 'library';
  }
  if (runtime.kind === 'powershellModule') {
    return 'powershellModule';
  }
  return runtime.defaults.family === 'unknown' ? 'unknownTarget' : 'process';
}

/** The severity of a ladder step for a rule whose finding on an executable is `base`: the one severity ladder. */
export function ladderSeverity(step: LadderStep, base: Severity): Severity {
  switch (step) {
    case 'onPremises':
    case 'library':
      return 'information';
    case 'powershellModule':
    case 'unknownTarget':
      return 'warning';
    default:
      return base;
  }
}
