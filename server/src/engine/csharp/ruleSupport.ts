import { isEffective, isWebConfigPath, pairValue, switchSites } from '../config/switchOverrides';
import { ProjectModel } from '../project/projectModel';
import { Runtime, TargetDefaults, runtimeOf } from '../project/runtime';
import { RuleContext } from '../model/ruleContext';
import { CsharpRecords, csharpModel } from './csharpModel';

const SYSTEM_DEFAULT_SWITCH = 'Switch.System.Net.DontEnableSystemDefaultTlsVersions';

/** What every C# rule starts from: the file's model and the defaults of the project that compiles it. */
export interface CsharpRuleInput {
  model: CsharpRecords;
  defaults: TargetDefaults;
  project: ProjectModel | undefined;
  /** Why the target is unknown, for messages ("no project file compiles this file"). */
  unknownReason: string | undefined;
  /** Which process runs the code, which decides whose defaults apply (docs/facts.md#which-process-runs-the-code). */
  host: CodeHost;
  /** The runtime the project's code runs in (project/runtime.ts), the source of `defaults` and `host`. */
  runtime: Runtime;
}

/**
 * `executable`: an exe or web app (its own target decides); `library`: the loading executable decides;
 * `powershellModule`: a binary module (Cmdlet/PSCmdlet classes) runs inside Windows PowerShell 5.1, default Ssl3 | Tls;
 * `unknown`: no project compiles the file.
 */
export type CodeHost = 'executable' | 'library' | 'powershellModule' | 'unknown';

/** The host a runtime kind means to the C# rules. */
function hostOf(runtime: Runtime): CodeHost {
  switch (runtime.kind) {
    case 'loose':
      return 'unknown';
    case 'library':
    case 'plugin':
      return 'library';
    case 'powershellModule':
      return 'powershellModule';
    default:
      return 'executable';
  }
}

/** The records and target defaults of a C# file (from its tree, or kept from a scan's first pass), or undefined. */
export function csharpInput(ctx: RuleContext): CsharpRuleInput | undefined {
  const model = ctx.tree ? csharpModel(ctx.tree, ctx.text) : ctx.csharp;
  if (!model) {
    return undefined;
  }
  const project = ctx.project;
  const runtime = runtimeOf(project, (path) => ctx.indexedFile(path));
  const { target, defaults } = runtime;
  const unknownReason = !project
    ? 'no project file compiles this file, so its target framework is unknown'
    : defaults.family === 'unknown'
      ? `the target framework of ${project.path.split('/').pop() ?? 'the project'} is ${target ? target.display + ' (the host decides)' : 'not known'}`
      : undefined;
  return { model, defaults, project, unknownReason, host: hostOf(runtime), runtime };
}

/** The target as messages name it: "on .NET Framework 4.5.2" or the reason it is unknown. */
export function onTarget(input: CsharpRuleInput): string {
  return input.unknownReason ? `(${input.unknownReason}; judged as .NET Framework 4.0 behaviour)` : `on ${input.defaults.label}`;
}

/**
 * True when the project's config (or this file) sets `Switch.System.Net.DontEnableSystemDefaultTlsVersions` to
 * false, which lets SystemDefault / SslProtocols.None work below 4.7 (docs/facts.md#defaults-by-target).
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
