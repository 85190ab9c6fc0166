import { appendAll } from '../util/arrays';
import { IndexedFile } from './indexedFile';
import { ItemSpecSet } from './itemSpecs';
import { dirOf, joinPath } from './paths';
import { readProjectFile } from './projectFile';
import { ProjectModel } from './projectModel';

/** One shared project's items (`X.projitems`) and the projects that import them. */
interface SharedItemsFile {
  compiles: ItemSpecSet;
  importers: ProjectModel[];
}

/** `$(MSBuildThisFileDirectory)` and its cousins: the `.projitems` file's own folder, where its items are relative to. */
const THIS_FILE_DIRECTORY = /\$\(MSBuildThisFileDirectory\)|\$\(MSBuildThisFileDirectoryNoRoot\)/gi;

/**
 * The shared projects of a workspace (`.shproj` + `.projitems`), read the way MSBuild reads them: a `.projitems` is
 * imported (`<Import Project="….projitems" Label="Shared"/>`) into each project that uses it, and its `<Compile>` items
 * are compiled by each of those projects. The rules say nothing of shared projects; this reading follows MSBuild: the
 * importing projects own the files (docs/facts.md#which-process-runs-the-code).
 */
export class SharedProjects {
  private readonly files: SharedItemsFile[] = [];

  constructor(models: Iterable<ProjectModel>, file: (path: string) => IndexedFile | undefined) {
    const byPath = new Map<string, SharedItemsFile>();
    for (const model of models) {
      for (const imp of [...model.props.flatMap((p) => p.imports), ...model.file.imports]) {
        if (!/\.projitems$/i.test(imp.include.trim())) {
          continue;
        }
        const path = joinPath(dirOf(imp.path), imp.include.trim());
        const key = path.toLowerCase();
        let shared = byPath.get(key);
        if (!shared) {
          const items = file(path);
          if (items?.kind !== 'sharedItems') {
            continue;
          }
          const specs = readProjectFile(items.path, items.xml).items.filter((i) => i.type === 'Compile').map((i) => i.include.replace(THIS_FILE_DIRECTORY, ''));
          shared = { compiles: new ItemSpecSet(dirOf(items.path), specs), importers: [] };
          byPath.set(key, shared);
          this.files.push(shared);
        }
        if (!shared.importers.includes(model)) {
          shared.importers.push(model);
        }
      }
    }
  }

  /** The projects that compile a (lower-case, absolute) source path through a shared project they import. */
  importersOf(lowerPath: string): ProjectModel[] {
    const out: ProjectModel[] = [];
    for (const shared of this.files) {
      if (shared.compiles.names(lowerPath)) {
        appendAll(out, shared.importers.filter((m) => !out.includes(m)));
      }
    }
    return out;
  }
}

/**
 * The importing project a shared file is judged by, when several compile it: the strictest judgement wins, as for a
 * multi-target project's lowest TFM — an executable or web app (not a test project) before a test project before a
 * library or plug-in, then the lowest target, then the path.
 */
export function judgingImporter(importers: readonly ProjectModel[]): ProjectModel | undefined {
  const weight = (m: ProjectModel): number => (m.kind === 'client' || m.kind === 'web' ? (m.testProject ? 1 : 0) : 2);
  return [...importers].sort((a, b) => weight(a) - weight(b) || compareTargets(a, b) || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))[0];
}

/** Orders two projects by their lowest target (any .NET Framework before .NET Standard before .NET; unknown last). */
function compareTargets(a: ProjectModel, b: ProjectModel): number {
  return targetRank(a) - targetRank(b);
}

function targetRank(m: ProjectModel): number {
  const t = m.lowestTarget;
  return t ? (t.family === 'netfx' ? 0 : t.family === 'netstandard' ? 1_000_000 : 2_000_000) + t.version : Number.MAX_SAFE_INTEGER;
}
