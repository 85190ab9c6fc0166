import { fileKindOf } from '../model/fileKind';
import { isUnder } from '../project/paths';
import { ProjectModel } from '../project/projectModel';
import { WorkspaceIndex } from '../project/workspaceIndex';

/**
 * What the findings of a file depend on, as the scan cache's dependency keys (dependencyKeys.ts) and the language
 * server's start-up index (which publishes an open document once that part is indexed) both read it:
 * - `group`: the project group of the file's owner — its project file, the props/imports/context files of each project
 *   in the group, the facts of the files each one owns, their evidence — and, for a C# file (`clientTypes`), the
 *   workspace's own client types, which come from every C# file's facts;
 * - `whole`: the whole workspace's context (a PowerShell file, a C# file its owner does not contain, a file without owner).
 */
export type DependencyScope = { kind: 'whole' } | { kind: 'group'; owner: ProjectModel; group: ProjectModel[]; clientTypes: boolean };

/** The scope of `path`'s findings in the (complete) index; `groups` is {@link projectGroups} of the same index. */
export function dependencyScope(index: WorkspaceIndex, groups: Map<string, ProjectModel[]>, path: string): DependencyScope {
  const kind = fileKindOf(path);
  const owner = kind === 'csharp' || kind === 'project' || kind === 'config' || kind === 'packagesConfig' ? index.ownerOf(path) : undefined;
  if (!owner || (kind === 'csharp' && !isUnder(path, owner.dir))) {
    return { kind: 'whole' };
  }
  return { kind: 'group', owner, group: groups.get(owner.path.toLowerCase()) ?? [owner], clientTypes: kind === 'csharp' };
}

/**
 * Every project's group (lower-case project path → the projects linked to it by project references, either way,
 * transitively, sorted by path): a library runs in the processes of the projects that reference it.
 */
export function projectGroups(index: WorkspaceIndex): Map<string, ProjectModel[]> {
  const byLower = new Map(index.projects().map((m) => [m.path.toLowerCase(), m]));
  const groupOf = new Map<string, ProjectModel[]>();
  for (const start of byLower.values()) {
    if (groupOf.has(start.path.toLowerCase())) {
      continue;
    }
    const group: ProjectModel[] = [];
    const queue = [start];
    const seen = new Set([start.path.toLowerCase()]);
    for (let m = queue.shift(); m; m = queue.shift()) {
      group.push(m);
      for (const linked of [...m.projectReferences, ...m.referencedBy]) {
        const next = byLower.get(linked.toLowerCase());
        if (next && !seen.has(next.path.toLowerCase())) {
          seen.add(next.path.toLowerCase());
          queue.push(next);
        }
      }
    }
    group.sort((a, b) => (a.path < b.path ? -1 : 1));
    group.forEach((m) => groupOf.set(m.path.toLowerCase(), group));
  }
  return groupOf;
}
