/** Path helpers for the engine: '/'-separated absolute paths, compared case-insensitively like Windows and MSBuild. */

/**
 * Normalises a path to forward slashes without a trailing slash. A POSIX absolute path (it starts with `/`) keeps its
 * backslashes: on Linux and macOS `\` is a character of a name, not a separator. Windows paths (`C:\…`, `\\server\…`)
 * and relative MSBuild paths have theirs turned into `/`.
 */
export function normalizePath(p: string): string {
  const s = p.startsWith('/') ? p : p.replace(/\\/g, '/');
  return s.length > 1 && s.endsWith('/') ? s.slice(0, -1) : s;
}

/** The folder of a path. */
export function dirOf(p: string): string {
  const i = p.lastIndexOf('/');
  return i <= 0 ? '/' : p.slice(0, i);
}

/** The file name of a path. */
export function baseName(p: string): string {
  return p.slice(p.lastIndexOf('/') + 1);
}

/** A folder's entry by its name, as the file system listed it (no separator or `..` in a name is interpreted). */
export function childPath(dir: string, name: string): string {
  return dir.endsWith('/') ? dir + name : `${dir}/${name}`;
}

/** Joins a folder and a relative path written with either separator, resolving `.` and `..`. */
export function joinPath(dir: string, rel: string): string {
  const r = rel.replace(/\\/g, '/');
  const parts = (r.startsWith('/') ? r : `${dir}/${r}`).split('/');
  const out: string[] = [];
  for (const part of parts) {
    if (part === '..') {
      out.pop();
    } else if (part !== '.' && part !== '') {
      out.push(part);
    }
  }
  return '/' + out.join('/');
}

/** True when `child` is `parent` or lies under it. */
export function isUnder(child: string, parent: string): boolean {
  const c = child.toLowerCase();
  const p = parent.toLowerCase();
  return c === p || c.startsWith(p.endsWith('/') ? p : p + '/');
}

/** A path relative to a base folder, with '/' separators. */
export function relativePath(base: string, p: string): string {
  const b = normalizePath(base).split('/').filter(Boolean);
  const t = normalizePath(p).split('/').filter(Boolean);
  let i = 0;
  while (i < b.length && i < t.length && b[i] === t[i]) {
    i++;
  }
  return [...b.slice(i).map(() => '..'), ...t.slice(i)].join('/');
}

/** The common ancestor folder of paths. */
export function commonAncestor(paths: readonly string[]): string {
  const split = paths.map((p) => normalizePath(p).split('/'));
  const first = split[0] ?? [''];
  let n = first.length;
  for (const parts of split) {
    let i = 0;
    while (i < n && parts[i] === first[i]) {
      i++;
    }
    n = i;
  }
  return first.slice(0, n).join('/') || '/';
}
