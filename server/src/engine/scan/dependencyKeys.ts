import { workspaceClientTypes } from '../project/codeFacts';
import { Evidence } from '../project/dynamicsEvidence';
import { dirOf, joinPath } from '../project/paths';
import { ProjectModel } from '../project/projectModel';
import { WorkspaceIndex } from '../project/workspaceIndex';
import { ScanCache, contextFingerprint } from './scanCache';
import { dependencyScope, projectGroups } from './dependencyScope';

/**
 * The part of a file's cache key that stands for the context its findings depend on, so that a change to a context
 * file re-analyses the files that depend on it and no other:
 * - a C# file, a project file, a config or packages.config with an owning project: the project group of its owner (the
 *   projects linked to it by project references, either way, transitively — a library runs in the processes of the
 *   projects that reference it): each one's project file, its Directory.Build.props files, what its imports name (or
 *   their absence), the context files in its folder, the facts of the files it compiles, its evidence with positions;
 *   for C#, the workspace's own client types too (a class deriving from an SDK client in any project);
 * - a C# file its owner does not contain (a shared project's file, judged among all its importers), a PowerShell file
 *   (it may load any workspace module, binary ones built from C# projects), any other kind, and a file without an
 *   owner: the whole workspace's context, as `contextFingerprint` digests it.
 * Each part is computed once per scan from the complete index.
 */
export class DependencyKeys {
  private whole: string | undefined;
  private clientTypes: string | undefined;
  private groupOf: Map<string, ProjectModel[]> | undefined;
  private readonly groupKeys = new Map<ProjectModel[], string>();
  private contextByDir: Map<string, string[]> | undefined;

  constructor(
    private readonly cache: ScanCache,
    private readonly index: WorkspaceIndex,
  ) {}

  /** The digest of the context the findings of `path` depend on. */
  of(path: string): string {
    this.groupOf ??= projectGroups(this.index);
    const scope = dependencyScope(this.index, this.groupOf, path);
    if (scope.kind === 'whole') {
      this.whole ??= `whole\0${contextFingerprint(this.cache, this.index)}`;
      return this.whole;
    }
    const { owner, group } = scope;
    let key = this.groupKeys.get(group);
    if (key === undefined) {
      key = this.groupKey(group);
      this.groupKeys.set(group, key);
    }
    if (!scope.clientTypes) {
      return `group\0${owner.path}\0${key}`;
    }
    this.clientTypes ??= JSON.stringify([...workspaceClientTypes(this.index.codeFactPaths().flatMap((p) => this.index.factsOf(p) ?? []))]);
    return `group\0${owner.path}\0${key}\0${this.clientTypes}`;
  }

  /** The digest of everything a group of projects is built from. */
  private groupKey(group: readonly ProjectModel[]): string {
    const parts: string[] = [];
    const file = (path: string): string => {
      const f = this.index.file(path);
      return `${path}\0${f ? this.cache.contentDigest(f.path, f.text) : 'absent'}`;
    };
    for (const m of group) {
      parts.push(`project\0${file(m.path)}`, `kind\0${m.kind}`);
      m.props.forEach((p) => parts.push(`props\0${file(p.path)}`));
      [...m.props, m.file].flatMap((p) => p.imports).forEach((i) => parts.push(`import\0${file(joinPath(dirOf(i.path), i.include))}`));
      (this.contextFilesByDir().get(m.dir.toLowerCase()) ?? []).forEach((p) => parts.push(`beside\0${file(p)}`));
      for (const path of this.index.ownedCodeFactPaths(m.path)) {
        parts.push(`facts\0${path}\0${JSON.stringify(this.index.factsOf(path))}`);
      }
      for (const e of [...m.dynamicsEvidence, ...m.tlsEnablement, ...m.pluginEvidence, ...m.cmdletEvidence, ...(m.testProject ? [m.testProject] : [])]) {
        parts.push(`evidence\0${this.evidence(e)}`);
      }
    }
    return this.cache.digest(parts);
  }

  /** Evidence with the position it is shown at (a source file's evidence moves when lines are added above it). */
  private evidence(e: Evidence): string {
    return JSON.stringify([e, this.index.sourceRange(e.path, e.start, e.end)]);
  }

  /** The context files of each folder (lower-case folder → paths). */
  private contextFilesByDir(): Map<string, string[]> {
    if (!this.contextByDir) {
      this.contextByDir = new Map();
      for (const f of this.index.allFiles()) {
        const key = dirOf(f.path).toLowerCase();
        this.contextByDir.set(key, [...(this.contextByDir.get(key) ?? []), f.path]);
      }
    }
    return this.contextByDir;
  }
}
