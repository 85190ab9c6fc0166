import { SEVERITY_RANK, Severity } from '../model/finding';
import { BandVerdict, TargetSensitiveWrite } from './codeFacts';
import { IndexedFile } from './indexedFile';
import { ProjectModel } from './projectModel';
import { TargetDefaults, runtimeOf } from './runtime';
import { FrameworkTarget, NETFX_40, NETFX_46, NETFX_462, NETFX_47, PROTOCOL_BITS, parseTargetFramework } from './targetFramework';
import type { WorkspaceIndex } from './workspaceIndex';
import { appendAll } from '../util/arrays';

/**
 * One target of each .NET Framework default band (docs/facts.md#defaults-by-target), in the order of
 * `TargetSensitiveWrite.bands`: ≤ 4.5.2 (Ssl3 | Tls), 4.6–4.6.2 (Tls | Tls11 | Tls12), ≥ 4.7 (SystemDefault).
 */
export const DEFAULT_BANDS: readonly FrameworkTarget[] = [NETFX_40, NETFX_46, NETFX_47].map((v) => parseTargetFramework(`v${Math.floor(v / 10000)}.${Math.floor(v / 100) % 100}`) as FrameworkTarget);

/** The band of a .NET Framework version. */
function bandOfVersion(version: number): number {
  return version < NETFX_46 ? 0 : version < NETFX_47 ? 1 : 2;
}

/** The band code runs in today: the OS decides (≥ 4.7, modern .NET), TLS 1.2 by default (4.6–4.6.2), or neither (4.0 behaviour). */
function bandOfDefaults(defaults: TargetDefaults): number {
  if (defaults.family === 'modern' || (defaults.family === 'netfx' && defaults.defaultSet === 0)) {
    return 2;
  }
  return defaults.family === 'netfx' && (defaults.defaultSet & PROTOCOL_BITS.Tls12) !== 0 ? 1 : 0;
}

/** A write's finding as its rule rates it: the rule and the severity. */
export interface RatedWrite {
  ruleId: string;
  severity: Severity;
  /** True when the severity is the settings' override of the rule (the analyzer applies it after a test host's lowering). */
  overridden?: boolean;
}

/**
 * How the write rules rate a band verdict as the user would see it (rules/retargetChoice.ts: each problem by its own
 * rule's severity, then the settings' override of that rule); undefined when the override turns the rule off.
 */
export type WriteRater = (verdict: NonNullable<BandVerdict>) => RatedWrite | undefined;

/** A write a retarget would make worse than the finding whose fix the retarget is: where, and what it would become. */
export interface RetargetRisk {
  write: TargetSensitiveWrite;
  becomes: RatedWrite;
  /** True when the write gets there once its own safe fix (TLS020's or TLS021's, for today's target) has rewritten it. */
  afterOwnFix: boolean;
}

/**
 * The first `SecurityProtocol` write in the code a project's process runs (its own files, and for an executable or web
 * app the libraries it loads) that running on .NET Framework `after` gives a finding more severe than it has today and
 * than `fixes`, the finding the retarget fixes, each as the user sees it (after a test host's lowering or the settings'
 * override of its rule) — RULES' "a safe fix never leaves a finding of higher severity than
 * the one it fixed" (docs/rules/TLS001.md#the-fix). `|= Tls11` on 4.5.2 (nothing: the target is the cause) becomes a
 * TLS020 error on 4.8, and `= Tls12` (TLS022 information) a TLS022 warning. Undefined when the retarget is safe.
 */
export function retargetRisk(index: WorkspaceIndex, model: ProjectModel, after: number, fixes: RatedWrite, rate: WriteRater, file: (path: string) => IndexedFile | undefined): RetargetRisk | undefined {
  const now = bandOfDefaults(runtimeOf(model, file).defaults);
  const band = bandOfVersion(after);
  if (band === now) {
    return undefined;
  }
  // A test project's errors are lowered to warnings (project/testProject.ts): judge what the user would see.
  const lowered = (v: Severity): Severity => (model.testProject && v === 'error' ? 'warning' : v);
  const rated = (v: BandVerdict): RatedWrite | undefined => (v ? rate(v) : undefined);
  const level = (v: RatedWrite | undefined): number => (v ? SEVERITY_RANK[v.overridden ? v.severity : lowered(v.severity)] : -1);
  for (const path of processFiles(index, model)) {
    for (const write of index.factsOf(path)?.targetSensitiveWrites ?? []) {
      // Fix all also applies the write's own safe fix for today's target: judge the worse of the two results.
      const asIs = rated(write.bands[band] ?? null);
      const fixed = rated(write.afterOwnFix?.[now]?.[band] ?? null);
      const becomes = level(fixed) > level(asIs) ? fixed : asIs;
      if (becomes && level(becomes) > level(rated(write.bands[now] ?? null)) && level(becomes) > level(fixes)) {
        return { write, becomes, afterOwnFix: becomes === fixed };
      }
    }
  }
  return undefined;
}

/**
 * The .NET Framework version a project's process runs with once "fix all" retargets each of its targets below 4.6.2 to
 * `version` (TLS001 fixes every legacy TFM, and TLS013 moves a web app's `httpRuntime` to the same version), or
 * undefined when the retarget does not move the runtime: a library a workspace executable loads, a binary PowerShell
 * module (Windows PowerShell 5.1 decides), a web app whose `httpRuntime targetFramework` is already 4.6.2 or later.
 */
export function runtimeAfterRetarget(index: WorkspaceIndex, model: ProjectModel, version: number, file: (path: string) => IndexedFile | undefined): number | undefined {
  const runtime = runtimeOf(model, file);
  if (runtime.kind === 'powershellModule' || ((runtime.kind === 'library' || runtime.kind === 'plugin') && loadedByExecutable(index, model))) {
    return undefined;
  }
  if (runtime.source === 'httpRuntime' && runtime.target?.family === 'netfx' && runtime.target.version >= NETFX_462) {
    return undefined;
  }
  const kept = model.targets.flatMap((d) => (d.target?.family === 'netfx' && d.target.version >= NETFX_462 ? [d.target.version] : []));
  return Math.min(version, ...kept);
}

/** The project's own source files, and for an executable or web app those of the libraries it loads (transitively). */
function processFiles(index: WorkspaceIndex, model: ProjectModel): string[] {
  const out = [...index.ownedCodeFactPaths(model.path)];
  if (model.kind !== 'client' && model.kind !== 'web') {
    return out;
  }
  const seen = new Set([model.path]);
  const queue = [...model.projectReferences];
  while (queue.length > 0 && seen.size < MAX_PROJECTS) {
    const lib = index.project(queue.shift() as string);
    if (!lib || seen.has(lib.path) || lib.kind !== 'library') {
      continue;
    }
    seen.add(lib.path);
    appendAll(out, index.ownedCodeFactPaths(lib.path));
    appendAll(queue, lib.projectReferences);
  }
  return out;
}

/** True when a workspace executable or web app loads the library, directly or through other libraries. */
function loadedByExecutable(index: WorkspaceIndex, library: ProjectModel): boolean {
  const seen = new Set([library.path]);
  const queue = [...library.referencedBy];
  while (queue.length > 0 && seen.size < MAX_PROJECTS) {
    const referrer = index.project(queue.shift() as string);
    if (!referrer || seen.has(referrer.path)) {
      continue;
    }
    if (referrer.kind === 'client' || referrer.kind === 'web') {
      return true;
    }
    seen.add(referrer.path);
    appendAll(queue, referrer.referencedBy);
  }
  return false;
}

/** How many projects a reference walk visits at most (a reference graph is small; a cycle is not endless). */
const MAX_PROJECTS = 200;
