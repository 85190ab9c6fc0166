import { XmlElement } from '../parsing/xmlModel';
import { Evidence } from './dynamicsEvidence';
import { MsBuildItem, MsBuildProperty, ProjectFileModel } from './projectFile';
import { FrameworkTarget, parseTargetFramework } from './targetFramework';

/** What a project builds, which decides who chooses its TLS defaults (docs/facts.md#which-process-runs-the-code). */
export type ProjectKind = 'client' | 'web' | 'library' | 'plugin';

/** The MSBuild property that carries a target. */
export type TargetProperty = 'TargetFrameworkVersion' | 'TargetFramework' | 'TargetFrameworks';

/** One target framework of a project and the exact text that defines it (where findings sit and fixes edit). */
export interface TargetDefinition {
  /** Undefined when the text could not be resolved or parsed (TLS005). */
  target: FrameworkTarget | undefined;
  /** The resolved text of this one TFM. */
  raw: string;
  property: TargetProperty;
  /** The file holding the element: the project or a Directory.Build.props above it. */
  path: string;
  element: XmlElement;
  /** Offsets of this TFM's literal text in `path` (for a retarget edit); undefined when it is not a literal. */
  tokenStart: number | undefined;
  tokenEnd: number | undefined;
  /** Why the target could not be determined, when `target` is undefined. */
  unresolvedReason: string | undefined;
  /** True when the value exceeded an analysis budget (too complex to analyse: reported, never guessed). */
  tooComplex?: boolean;
}

/** A project as the rules see it: resolved targets, kind, and the evidence that sets severities. */
export interface ProjectModel {
  path: string;
  dir: string;
  file: ProjectFileModel;
  /** Directory.Build.props files that apply, outermost first. */
  props: ProjectFileModel[];
  sdkStyle: boolean;
  /** Empty when the project names no target at all (it then runs with 4.0 behaviour). */
  targets: TargetDefinition[];
  /** The lowest resolved target (C# rules judge by it); undefined when unknown or none. */
  lowestTarget: FrameworkTarget | undefined;
  outputType: string | undefined;
  kind: ProjectKind;
  /** Dynamics evidence: SDK references, packages, Dynamics hosts in config, client creations in code. */
  dynamicsEvidence: Evidence[];
  /** TLS 1.2 enablement evidence: config switches and code. */
  tlsEnablement: Evidence[];
  /** Plug-in / workflow classes (kind `plugin`). */
  pluginEvidence: Evidence[];
  /** Classes deriving from Cmdlet/PSCmdlet or a cmdlet provider base: a binary PowerShell module. */
  cmdletEvidence: Evidence[];
  /** Why the project is a test project (kind `client`: an executable under a test host), or undefined (project/testProject.ts). */
  testProject: Evidence | undefined;
  /** Config files owned by the project (app.config, web.config, packages.config in its folder; `X.exe.config` only for assembly X). */
  configFiles: string[];
  /** PowerShell module manifests (`.psd1`) in the project's folder: they say which PowerShell editions load a binary module. */
  moduleManifests: string[];
  /** The project's `ToolsVersion` ("14.0" for Visual Studio 2015), if any. */
  toolsVersion: string | undefined;
  /** True when neither the project nor a Directory.Build.props names a target: the process runs with 4.0 behaviour. */
  noTargetElement: boolean;
  /** `<Import>`s of files this tool cannot read (outside the workspace or not a props file it indexes) that may set the target. */
  opaqueImports: MsBuildItem[];
  /** Project files this project references (`<ProjectReference>`), as absolute paths. */
  projectReferences: string[];
  /** Project files in the workspace that reference this one (the executables a library runs in). */
  referencedBy: string[];
  /** The value of a property after resolution, or undefined. */
  property(name: string): string | undefined;
}

/** The target a project without any target element runs with: .NET Framework 4.0 behaviour (docs/facts.md#which-process-runs-the-code). */
export const NO_TARGET_BEHAVIOUR: FrameworkTarget = { family: 'netfx', version: 40000, raw: '', display: '.NET Framework 4.0 (no target framework set)' };

const STANDARD_IMPORT = /\$\((MSBuildToolsPath|MSBuildBinPath|MSBuildExtensionsPath(32|64)?|VSToolsPath|MSBuildToolsVersion|NuGetPackageRoot|SolutionDir|MSBuildSDKExtrasTargets)\)|(^|[\\/])packages[\\/]|\.nuget[\\/]|\.targets$/i;

/** True for an import that cannot set the target framework (MSBuild's own, NuGet's, any `.targets`): never a TLS005 cause. */
export function isStandardImport(project: string): boolean {
  return !project.trim() || STANDARD_IMPORT.test(project.trim());
}

const PROPERTY_REF = /\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)/g;

/** Budgets of one property expansion: real projects stay far below (a few references, two or three levels). */
export const MAX_EXPANSION_DEPTH = 16;
const MAX_EXPANDED_REFERENCES = 1_000;
const MAX_EXPANDED_LENGTH = 64 * 1024;
/** Past this many entries a `TargetFrameworks` list is too complex to analyse (real ones list a handful). */
export const MAX_TARGET_FRAMEWORKS = 1_000;

/** A property value after expansion, or why it is too complex to analyse. */
export type PropertyExpansion = { value: string } | { tooComplex: string };

class ExpansionTooComplex extends Error {}

/** Evaluates properties the way MSBuild does for our purpose: in file order, props before project, last one wins. */
export class PropertyTable {
  private readonly defs = new Map<string, MsBuildProperty>();

  constructor(files: readonly ProjectFileModel[], configuration = 'Debug') {
    for (const file of files) {
      for (const p of file.properties) {
        if (p.configuration !== undefined && p.configuration.toLowerCase() !== configuration.toLowerCase()) {
          continue;
        }
        if (p.condition !== undefined && p.configuration === undefined && !/\$\(\w+\)\s*==\s*''/.test(p.condition)) {
          // A condition we cannot evaluate (other than the usual "not yet set" guard) does not override.
          if (this.defs.has(p.name.toLowerCase())) {
            continue;
          }
        }
        this.defs.set(p.name.toLowerCase(), p);
      }
    }
  }

  /** The element that last defines a property. */
  definition(name: string): MsBuildProperty | undefined {
    return this.defs.get(name.toLowerCase());
  }

  /** Resolves `$(Name)` references recursively; leaves unknown references in place, and the value as written when too complex. */
  resolve(value: string): string {
    const expanded = this.expand(value);
    return 'value' in expanded ? expanded.value : value;
  }

  /**
   * Resolves `$(Name)` references within a budget (references followed, nesting depth, expanded length), so that
   * properties that reference each other many times per level cannot take exponential time or memory: past the
   * budget the value is too complex to analyse, never guessed.
   */
  expand(value: string): PropertyExpansion {
    const budget = { references: MAX_EXPANDED_REFERENCES, visiting: new Set<string>() };
    try {
      return { value: this.expandWithin(value, 0, budget) };
    } catch (e) {
      if (e instanceof ExpansionTooComplex) {
        return { tooComplex: e.message };
      }
      throw e;
    }
  }

  private expandWithin(value: string, depth: number, budget: { references: number; visiting: Set<string> }): string {
    let out = '';
    let last = 0;
    for (const m of value.matchAll(PROPERTY_REF)) {
      const at = m.index ?? 0;
      out += value.slice(last, at);
      last = at + m[0].length;
      const name = (m[1] ?? '').toLowerCase();
      const def = this.defs.get(name);
      if (!def || budget.visiting.has(name)) {
        // Unknown, or defined in terms of itself (`$(P);x` extends an earlier value this table does not keep).
        out += m[0];
        continue;
      }
      if (depth >= MAX_EXPANSION_DEPTH) {
        throw new ExpansionTooComplex(`its property references nest more than ${MAX_EXPANSION_DEPTH} levels deep`);
      }
      if (--budget.references < 0) {
        throw new ExpansionTooComplex(`it expands more than ${MAX_EXPANDED_REFERENCES} property references`);
      }
      budget.visiting.add(name);
      out += this.expandWithin(def.value, depth + 1, budget);
      budget.visiting.delete(name);
      if (out.length > MAX_EXPANDED_LENGTH) {
        throw new ExpansionTooComplex(`it expands to more than ${MAX_EXPANDED_LENGTH} characters`);
      }
    }
    return out + value.slice(last);
  }

  /**
   * Follows a property whose value is exactly `$(Other)` to the element holding the literal text, so that a
   * finding sits on (and a fix edits) the element that really defines the value.
   */
  literalSource(name: string, depth = 0): MsBuildProperty | undefined {
    const def = this.defs.get(name.toLowerCase());
    if (!def || depth > 10) {
      return def;
    }
    const only = /^\s*\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)\s*$/.exec(def.value);
    if (only && only[1] && this.defs.has(only[1].toLowerCase())) {
      return this.literalSource(only[1], depth + 1);
    }
    return def;
  }
}

/** Reads the target definitions of a project from its property table. */
export function readTargets(table: PropertyTable): TargetDefinition[] {
  const plural = table.definition('TargetFrameworks');
  const singular = table.definition('TargetFramework');
  const legacy = table.definition('TargetFrameworkVersion');
  const chosen: [TargetProperty, MsBuildProperty] | undefined = plural
    ? ['TargetFrameworks', plural]
    : singular
      ? ['TargetFramework', singular]
      : legacy
        ? ['TargetFrameworkVersion', legacy]
        : undefined;
  if (!chosen) {
    return [];
  }
  const [property, def] = chosen;
  const source = table.literalSource(def.name) ?? def;
  const element = source.element;
  const expanded = table.expand(def.value);
  const value = 'value' in expanded ? expanded.value : '';
  const tooComplex = 'tooComplex' in expanded ? expanded.tooComplex : countOf(value, ';') >= MAX_TARGET_FRAMEWORKS ? `it lists more than ${MAX_TARGET_FRAMEWORKS} entries` : undefined;
  if (tooComplex !== undefined) {
    const reason = `the value of ${property} is too complex to analyse (${tooComplex})`;
    return [{ target: undefined, raw: '', property, path: source.path, element, tokenStart: undefined, tokenEnd: undefined, unresolvedReason: reason, tooComplex: true }];
  }
  const parts = value.split(';');
  const resolved = value;
  const literal = source.value === resolved || !/\$\(/.test(source.value);
  const out: TargetDefinition[] = [];
  const text = element.text;
  let cursor = 0;
  for (const part of parts) {
    const raw = part.trim();
    if (!raw) {
      cursor += part.length + 1;
      continue;
    }
    let tokenStart: number | undefined;
    let tokenEnd: number | undefined;
    if (literal && element.textStart !== undefined) {
      const at = text.indexOf(raw, cursor);
      if (at >= 0) {
        tokenStart = element.textStart + at;
        tokenEnd = tokenStart + raw.length;
        cursor = at + raw.length;
      }
    }
    const target = /\$\(/.test(raw) ? undefined : parseTargetFramework(raw);
    out.push({
      target,
      raw,
      property,
      path: source.path,
      element,
      tokenStart,
      tokenEnd,
      unresolvedReason: target
        ? undefined
        : /\$\(/.test(raw)
          ? `the property ${raw} is not defined in the project or a Directory.Build.props above it`
          : `"${raw}" is not a target framework this tool knows`,
    });
  }
  return out;
}

/** How many times `char` occurs in `text`. */
function countOf(text: string, char: string): number {
  let n = 0;
  for (let i = text.indexOf(char); i >= 0; i = text.indexOf(char, i + 1)) {
    n++;
  }
  return n;
}

/** The lowest resolved target of a list (by family then version: any .NET Framework is below .NET Core). */
export function lowestTarget(targets: readonly TargetDefinition[]): FrameworkTarget | undefined {
  let best: FrameworkTarget | undefined;
  for (const t of targets) {
    if (!t.target) {
      continue;
    }
    if (!best || rank(t.target) < rank(best)) {
      best = t.target;
    }
  }
  return best;
}

function rank(t: FrameworkTarget): number {
  return (t.family === 'netfx' ? 0 : t.family === 'netstandard' ? 1_000_000 : 2_000_000) + t.version;
}
