import { fileKindOf } from '../model/fileKind';
import { childPath, dirOf, isUnder, normalizePath, relativePath } from '../project/paths';
import { isContextFile } from '../project/workspaceIndex';
import { appendAll } from '../util/arrays';
import { ExcludeMatcher } from './excludes';
import { FileSystemPort } from './fileSystemPort';
import { ProgressPacer } from './progressPacer';
import { ScanOptions, SkippedFile } from './scanOptions';

/** A root path without a trailing slash (a POSIX root keeps its backslashes: they are characters of names). */
export function trimRoot(root: string): string {
  return normalizePath(root);
}

/** The reason an error gives for an entry the scan could not read (the error's code, when it has one). */
function unreadable(what: string, e: unknown): string {
  const code = (e as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? `${what} (${code})` : what;
}

/**
 * Walks the roots and lists the files to read. Excluded folders and files are listed as skipped (by the user's settings);
 * folders and files the walk cannot read are listed as skipped and make the run incomplete. Each file is found once: a
 * symbolic link whose target lies inside a scanned root is not followed, because the walk reaches the target under
 * its own path (that is the path reported); a link that leads out of the roots is listed as skipped (a cloned
 * repository can point anywhere) unless `followLinks`, and then read under the link's path. Folder cycles are broken
 * by real path.
 */
export async function discover(fs: FileSystemPort, options: ScanOptions, base: string, skipped: SkippedFile[], pacer: ProgressPacer): Promise<string[]> {
  const matcher = new ExcludeMatcher(options.excludes);
  const seen = new Set<string>();
  const out: string[] = [];
  const realRoots: string[] = [];
  for (const root of options.roots) {
    try {
      realRoots.push(await fs.realPath(trimRoot(root)));
    } catch {
      // reported below, when the root itself is read
    }
  }
  const insideRoots = (real: string): boolean => realRoots.some((r) => isUnder(real, r) && real.length >= r.length && real.startsWith(r));
  // `knownReal`: the folder's real path when the walk knows it without asking (a plain subfolder of a folder whose real
  // path is known: only symbolic links change a real path), saving a realpath call per folder.
  // `relDir`: the folder's path relative to `relBase` when the walk knows it (a subfolder's is its parent's plus its name).
  const walk = async (dir: string, relBase: string = base, knownReal?: string, relDir: string = relativePath(relBase, dir)): Promise<void> => {
    if (options.isCancelled?.()) {
      return;
    }
    let real: string;
    let entries;
    try {
      real = knownReal ?? (await fs.realPath(dir));
      entries = await fs.readDir(dir);
    } catch (e) {
      skipped.push({ path: dir, reason: unreadable('unreadable folder', e), incomplete: true });
      return;
    }
    if (seen.has(real)) {
      return;
    }
    seen.add(real);
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    // A folder under `relBase` (no `..` in its relative path) has its entries' relative paths by appending their names.
    const under = relDir !== '..' && !relDir.startsWith('../');
    for (const e of entries) {
      if (options.isCancelled?.()) {
        return;
      }
      await pacer.breathe();
      const full = childPath(dir, e.name);
      const rel = !under ? relativePath(relBase, full) : relDir === '' ? e.name : `${relDir}/${e.name}`;
      let isDir = e.isDirectory;
      let isFile = e.isFile;
      if (e.isSymbolicLink) {
        try {
          const st = await fs.stat(full);
          isDir = st.isDirectory;
          isFile = st.isFile;
          const real = isDir || (isFile && fileKindOf(full) !== 'other') ? await fs.realPath(full) : undefined;
          if (real !== undefined && insideRoots(real)) {
            continue;
          }
          if (real !== undefined && !options.followLinks) {
            skipped.push({ path: full, reason: `a symbolic link to ${real}, outside the scanned folders (not followed; --follow-links reads it)` });
            continue;
          }
        } catch (err) {
          if (fileKindOf(full) !== 'other') {
            skipped.push({ path: full, reason: unreadable('a symbolic link whose target cannot be read', err), incomplete: true });
          }
          continue;
        }
      }
      if (isDir) {
        if (matcher.excludes(rel, true)) {
          skipped.push({ path: full, reason: 'excluded by dynamicsTls.exclude' });
        } else {
          await walk(full, relBase, e.isSymbolicLink ? undefined : childPath(real, e.name), rel);
        }
      } else if (fileKindOf(e.name) === 'other') {
        continue;
      } else if (!isFile && !matcher.excludes(rel)) {
        skipped.push({ path: full, reason: 'not a regular file (a FIFO, socket or device; never read)' });
      } else if (isFile) {
        if (matcher.excludes(rel)) {
          skipped.push({ path: full, reason: 'excluded by dynamicsTls.exclude' });
        } else {
          out.push(full);
          pacer.report({ phase: 'discover', done: out.length, total: 0 });
        }
      }
    }
  };
  for (const root of options.roots) {
    const r = trimRoot(root);
    let st: { isFile: boolean; isDirectory: boolean };
    try {
      st = await fs.stat(r);
    } catch (e) {
      skipped.push({ path: r, reason: unreadable('does not exist or cannot be read', e), incomplete: true });
      continue;
    }
    if (st.isDirectory) {
      await walk(r);
    } else if (!st.isFile) {
      skipped.push({ path: r, reason: 'not a regular file (a device, FIFO or socket is never read)', incomplete: true });
    } else {
      out.push(r);
      const { contextFiles, projectDir } = await contextAbove(fs, r);
      appendAll(out, contextFiles);
      // The rest of the file's project (its code facts: Dynamics clients, TLS 1.2 enablement) is read too, so that
      // scanning one file gives the same answer as scanning its folder; only the file itself is reported.
      if (projectDir) {
        await walk(projectDir, projectDir);
      }
    }
  }
  return [...new Set(out)];
}

/**
 * One walk up from a single file: the project/props/config files in the folders above it (its project context) and the
 * nearest folder holding a project file (whose code facts are read too).
 */
async function contextAbove(fs: FileSystemPort, file: string): Promise<{ contextFiles: string[]; projectDir: string | undefined }> {
  const contextFiles: string[] = [];
  let projectDir: string | undefined;
  for (let dir = dirOf(file); ; dir = dirOf(dir)) {
    try {
      for (const e of await fs.readDir(dir)) {
        const full = childPath(dir, e.name);
        if (e.isFile && isContextFile(full)) {
          contextFiles.push(full);
          projectDir ??= fileKindOf(full) === 'project' ? dir : undefined;
        }
      }
    } catch {
      // an unreadable folder above the file gives no context
    }
    if (dir === '/') {
      return { contextFiles, projectDir };
    }
  }
}
