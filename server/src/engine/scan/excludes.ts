import { Minimatch } from 'minimatch';

/** Folders a workspace check never enters unless the user's exclude list says otherwise. */
export const DEFAULT_EXCLUDES: readonly string[] = ['**/bin/**', '**/obj/**', '**/packages/**', '**/node_modules/**', '**/.git/**', '**/.vs/**'];

/** Default size cap per file in KiB: bigger files are skipped with a reason. */
export const DEFAULT_MAX_FILE_SIZE_KB = 2048;

/**
 * The largest `dynamicsTls.maxFileSizeKB` accepted, in KiB: the wasm parser aborts (out of WebAssembly memory) from
 * about 37.5 MiB of C#, and a 16 MiB file parses with the headroom measured in README's settings table.
 */
export const MAX_FILE_SIZE_KB_LIMIT = 16384;

/** A folder glob `**\/<name>/**` whose name is plain (no glob character): every default exclude is one. */
const FOLDER_GLOB = /^\*\*\/([A-Za-z0-9_-][A-Za-z0-9._-]*|\.[A-Za-z0-9_-][A-Za-z0-9._-]*)\/\*\*$/;

/**
 * Matches workspace-relative paths against exclude globs (a folder glob `**\/bin/**` also matches the folder itself),
 * as minimatch matches them (`dot`, `nocase`). The folder globs `**\/<name>/**` are matched without minimatch when a
 * path's segments are all plain (none `.`, `..` or empty, where minimatch's globstar rules are subtle): then a path
 * matches when a segment other than its last is one of the names, case-insensitively by the very regular expression
 * minimatch compiles for a name (`/^name$/i`); any other path is left to minimatch. The walk asks for every file and
 * folder it meets, and minimatch's general match was most of the walk's time (test/unit/excludeMatcher.test.ts
 * compares the two on generated paths).
 */
export class ExcludeMatcher {
  /** Compiled once: compiling a glob per path dominated large scans. */
  private readonly patterns: Minimatch[];
  /** The folder globs' names as one `/^(?:name|…)$/i`, or undefined when there is none. */
  private readonly folderNames: RegExp | undefined;
  /** The folder globs themselves, for the paths the names are not enough for. */
  private readonly folderPatterns: Minimatch[];

  constructor(globs: readonly string[]) {
    const compiled = globs.map((g) => g.replace(/\\/g, '/')).map((glob) => ({ glob, m: new Minimatch(glob, { dot: true, nocase: true }), folder: FOLDER_GLOB.exec(glob)?.[1] }));
    const folders = compiled.filter((c) => c.folder !== undefined);
    this.patterns = compiled.filter((c) => c.folder === undefined).map((c) => c.m);
    this.folderPatterns = folders.map((c) => c.m);
    this.folderNames = folders.length > 0 ? new RegExp(`^(?:${folders.map((c) => (c.folder as string).replace(/\./g, '\\.')).join('|')})$`, 'i') : undefined;
  }

  /** True when a relative path (file or folder) is excluded. */
  excludes(relativePath: string, isDirectory = false): boolean {
    const p = relativePath.replace(/\\/g, '/');
    return this.inExcludedFolder(p, isDirectory) || this.patterns.some((m) => m.match(p) || (isDirectory && (m.match(`${p}/`) || m.match(`${p}/x`))));
  }

  /** The folder globs' part: the path (a folder: or anything inside it) lies in a folder of an excluded name. */
  private inExcludedFolder(p: string, isDirectory: boolean): boolean {
    const names = this.folderNames;
    if (!names) {
      return false;
    }
    const segments = p.split('/');
    if (segments.some((s) => s === '' || s === '.' || s === '..')) {
      return this.folderPatterns.some((m) => m.match(p) || (isDirectory && (m.match(`${p}/`) || m.match(`${p}/x`))));
    }
    // A folder's own last segment counts too: `${p}/` and `${p}/x` put it before a last segment.
    const last = isDirectory ? segments.length : segments.length - 1;
    for (let i = 0; i < last; i++) {
      if (names.test(segments[i] as string)) {
        return true;
      }
    }
    return false;
  }
}
