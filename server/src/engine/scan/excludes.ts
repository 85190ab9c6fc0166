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

/** Matches workspace-relative paths against exclude globs (a folder glob `**\/bin/**` also matches the folder itself). */
export class ExcludeMatcher {
  /** Compiled once: compiling a glob per path dominated large scans. */
  private readonly patterns: Minimatch[];

  constructor(globs: readonly string[]) {
    this.patterns = globs.map((g) => new Minimatch(g.replace(/\\/g, '/'), { dot: true, nocase: true }));
  }

  /** True when a relative path (file or folder) is excluded. */
  excludes(relativePath: string, isDirectory = false): boolean {
    const p = relativePath.replace(/\\/g, '/');
    return this.patterns.some((m) => m.match(p) || (isDirectory && (m.match(`${p}/`) || m.match(`${p}/x`))));
  }
}
