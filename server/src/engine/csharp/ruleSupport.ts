import { isEffective, isWebConfigPath, pairValue, switchSites } from '../config/switchOverrides';
import { ProjectModel } from '../project/projectModel';
import { Runtime, TargetDefaults, runtimeOf } from '../project/runtime';
import { RuleContext } from '../model/ruleContext';
import { CsharpRecords, csharpModel } from './csharpModel';
import { appendAll } from '../util/arrays';
import { RecentValues } from '../util/recentValues';

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

/** The last analysis's input, by its runtime (one object per analysis of a file): every C# rule of the file reads the same, one after another. */
const lastInput = new RecentValues<Runtime, CsharpRuleInput>(1);

/**
 * The records and target defaults of a C# file (from its tree, or kept from a scan's first pass), or undefined;
 * worked out once per analysis of the file.
 */
export function csharpInput(ctx: RuleContext): CsharpRuleInput | undefined {
  const model = ctx.tree ? csharpModel(ctx.tree, ctx.text) : ctx.csharp;
  if (!model) {
    return undefined;
  }
  const runtime = ctx.runtime;
  const kept = lastInput.get(runtime);
  if (kept && kept.model === model) {
    return kept;
  }
  return lastInput.set(runtime, inputOf(ctx, model, runtime));
}

function inputOf(ctx: RuleContext, model: CsharpRecords, runtime: Runtime): CsharpRuleInput {
  const project = ctx.project;
  const { target } = runtime;
  const defaults = (runtime.kind === 'library' && project && loadingDefaults(ctx, project)) || runtime.defaults;
  const unknownReason = !project
    ? 'no project file compiles this file, so its target framework is unknown'
    : defaults.family === 'unknown'
      ? `the target framework of ${project.path.split('/').pop() ?? 'the project'} is ${target ? target.display + ' (the host decides)' : 'not known'}`
      : undefined;
  return { model, defaults, project, unknownReason, host: hostOf(runtime), runtime };
}

/**
 * The defaults a library's code runs with (docs/facts.md#which-process-runs-the-code): those of the lowest runtime target
 * among the workspace executables that reference it, directly or through other libraries; undefined when none does
 * (its own target then decides). The label names the executable, so messages say which target was used.
 */
function loadingDefaults(ctx: RuleContext, library: ProjectModel): TargetDefaults | undefined {
  const seen = new Set<string>([library.path]);
  const queue = [...library.referencedBy];
  let lowest: { runtime: Runtime; path: string } | undefined;
  while (queue.length > 0 && seen.size < MAX_REFERRERS) {
    const path = queue.shift() as string;
    const referrer = seen.has(path) ? undefined : ctx.index.project(path);
    seen.add(path);
    if (!referrer) {
      continue;
    }
    if (referrer.kind === 'library') {
      appendAll(queue, referrer.referencedBy);
      continue;
    }
    if (referrer.kind !== 'client' && referrer.kind !== 'web') {
      continue;
    }
    const loaded = runtimeOf(referrer, (p) => ctx.indexedFile(p));
    if (loaded.target && (!lowest || isLower(loaded, lowest.runtime))) {
      lowest = { runtime: loaded, path };
    }
  }
  if (!lowest) {
    return undefined;
  }
  const d = lowest.runtime.defaults;
  return { ...d, label: `${d.label} (the runtime of ${lowest.path.split('/').pop() ?? 'the executable'}, which loads this library)` };
}

/** How many projects the search for a library's executables visits at most (a reference graph is small; a cycle is not endless). */
const MAX_REFERRERS = 200;

/** True when runtime `a` has a lower target than `b` (.NET Framework below modern .NET; then by version). */
function isLower(a: Runtime, b: Runtime): boolean {
  const rank = (r: Runtime): number => (r.target?.family === 'netfx' ? 0 : 1);
  return rank(a) !== rank(b) ? rank(a) < rank(b) : (a.target?.version ?? 0) < (b.target?.version ?? 0);
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
