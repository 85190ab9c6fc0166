import { Analyzer, SeverityOverrides } from '../analyzer';
import { fileKindOf } from '../model/fileKind';
import { Finding } from '../model/finding';
import { dirOf, isUnder, joinPath, normalizePath, relativePath } from '../project/paths';
import { isContextFile } from '../project/workspaceIndex';
import { RuleFailure } from '../ruleFailure';
import { complexityReason } from '../text/complexity';
import { decodeText, looksBinary } from '../text/encoding';
import { ExcludeMatcher } from './excludes';
import { FileRefusal, FileSystemPort } from './fileSystemPort';
import { TreeBudget } from './treeBudget';
import { ProgressPacer, ScanProgress } from './progressPacer';

/** A file the scan did not analyse, and why (shown in the report and the output channel). */
export interface SkippedFile {
  path: string;
  reason: string;
}

export { ScanProgress } from './progressPacer';

/** What a scan is asked to do. */
export interface ScanOptions {
  /** Folders (or single files) to scan; a single file also loads the context files above it. */
  roots: string[];
  excludes: readonly string[];
  maxFileSizeKB: number;
  severityOverrides?: SeverityOverrides;
  /** Per-path overrides (resource-scoped settings): when given, used instead of `severityOverrides`. */
  overridesFor?: (path: string) => SeverityOverrides | undefined;
  isCancelled?: () => boolean;
  /** Called at most every `progressIntervalMs` (and when a phase starts or ends). */
  onProgress?: (p: ScanProgress) => void;
  /** Time between progress reports (default 100 ms). */
  progressIntervalMs?: number;
  /** Text whose parse trees are kept between the passes (see TreeBudget); 0 parses twice and keeps memory flat. */
  keptTreeBudget?: number;
  /** Only fill the project index (context files and code facts); analyse nothing. */
  indexOnly?: boolean;
  /** Follow symbolic links whose target lies outside the roots (otherwise they are listed as skipped). */
  followLinks?: boolean;
  /** Texts that win over the disk (open editors with unsaved changes). */
  overlay?: (path: string) => string | undefined;
  /** Told of each finding a suppression comment silences, with the comment's reason (the CLI's SARIF lists them). */
  onSuppressed?: (finding: Finding, reason: string | undefined) => void;
}

/** The result of a scan: findings, the files analysed, what was skipped, and whether it was cancelled. */
export interface ScanResult {
  findings: Finding[];
  files: string[];
  skipped: SkippedFile[];
  cancelled: boolean;
  /** The folder SARIF URIs are relative to (the root, or the common ancestor of several roots). */
  baseDir: string;
  /** The decoded text of every analysed file, as analysed (fixes are refused if the file changed since). */
  texts: Map<string, string>;
  /** Rules that threw on a file: their findings for it are missing, the other rules' are in `findings`. */
  ruleFailures: RuleFailure[];
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

/** Walks the roots, skipping excluded folders, symlink loops, binaries and files above the size cap. */
async function discover(fs: FileSystemPort, options: ScanOptions, base: string, skipped: SkippedFile[], pacer: ProgressPacer): Promise<string[]> {
  const matcher = new ExcludeMatcher(options.excludes);
  const seen = new Set<string>();
  const realRoots = await Promise.all(options.roots.map((r) => fs.realPath(normalizePath(r)).catch(() => normalizePath(r))));
  // A link whose target lies outside every root is not followed unless asked: a cloned repository can point anywhere.
  const leavesRoots = async (link: string): Promise<string | undefined> => {
    const real = await fs.realPath(link);
    return realRoots.some((r) => real === r || real.startsWith(r.endsWith('/') ? r : `${r}/`)) ? undefined : `a symbolic link to ${real}, outside the scanned folders (not followed; --follow-links reads it)`;
  };
  const out: string[] = [];
  const walk = async (dir: string, relBase: string = base): Promise<void> => {
    if (options.isCancelled?.()) {
      return;
    }
    let real: string;
    try {
      real = await fs.realPath(dir);
    } catch {
      skipped.push({ path: dir, reason: 'unreadable folder' });
      return;
    }
    if (seen.has(real)) {
      return;
    }
    seen.add(real);
    let entries;
    try {
      entries = await fs.readDir(dir);
    } catch {
      skipped.push({ path: dir, reason: 'unreadable folder' });
      return;
    }
    entries.sort((a, b) => a.name.localeCompare(b.name));
    for (const e of entries) {
      if (options.isCancelled?.()) {
        return;
      }
      await pacer.breathe();
      const full = joinPath(dir, e.name);
      const rel = relativePath(relBase, full);
      let isDir = e.isDirectory;
      let isFile = e.isFile;
      if (e.isSymbolicLink) {
        try {
          const st = await fs.stat(full);
          isDir = st.isDirectory;
          isFile = st.isFile;
          const leaves = (isDir || (isFile && fileKindOf(full) !== 'other')) && !options.followLinks ? await leavesRoots(full) : undefined;
          if (leaves !== undefined) {
            skipped.push({ path: full, reason: leaves });
            continue;
          }
        } catch {
          // A dangling link points at nothing to scan; the walk goes on with the folder's other entries.
          continue;
        }
      }
      if (isDir) {
        if (!matcher.excludes(rel, true)) {
          await walk(full, relBase);
        }
      } else if (!isFile && fileKindOf(full) !== 'other' && !matcher.excludes(rel)) {
        skipped.push({ path: full, reason: 'not a regular file (a FIFO, socket or device; never read)' });
      } else if (isFile && fileKindOf(full) !== 'other' && !matcher.excludes(rel)) {
        out.push(full);
        pacer.report({ phase: 'discover', done: out.length, total: 0 });
      }
    }
  };
  for (const root of options.roots) {
    const r = normalizePath(root);
    try {
      const st = await fs.stat(r);
      if (st.isDirectory) {
        await walk(r);
      } else {
        out.push(r);
        const { contextFiles, projectDir } = await contextAbove(fs, r);
        out.push(...contextFiles);
        // The rest of the file's project (its code facts: Dynamics clients, TLS 1.2 enablement) is read too, so that
        // scanning one file gives the same answer as scanning its folder; only the file itself is reported.
        if (projectDir) {
          await walk(projectDir, projectDir);
        }
      }
    } catch {
      skipped.push({ path: r, reason: 'does not exist or cannot be read' });
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
  for (let dir = dirOf(normalizePath(file)); ; dir = dirOf(dir)) {
    try {
      for (const e of await fs.readDir(dir)) {
        const full = joinPath(dir, e.name);
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

/** How many file reads run ahead of the analysis. */
const READ_AHEAD = 32;

/** Reads and decodes a file, or says why it is skipped (a special file, an unreadable one, above the cap, binary). */
export async function readTextFile(fs: FileSystemPort, path: string, maxBytes: number): Promise<{ text: string } | { reason: string }> {
  try {
    const bytes = await fs.readFile(path, maxBytes);
    if (looksBinary(bytes)) {
      return { reason: 'binary file' };
    }
    return { text: decodeText(bytes).text };
  } catch (e) {
    return { reason: e instanceof FileRefusal ? e.reason : 'unreadable file' };
  }
}

/** Scans folders and files: the one workspace check behind the CLI's `scan` and the editor's readiness command. */
export async function scanWorkspace(fs: FileSystemPort, analyzer: Analyzer, options: ScanOptions): Promise<ScanResult> {
  const base = options.roots.length === 1 ? await baseOfSingle(fs, options.roots[0] ?? '/') : commonAncestor(options.roots);
  const skipped: SkippedFile[] = [];
  const pacer = new ProgressPacer(options.onProgress, options.progressIntervalMs);
  pacer.report({ phase: 'discover', done: 0, total: 0 }, true);
  const candidates = await discover(fs, options, base, skipped, pacer);
  const texts = new Map<string, string>();
  const trees = new TreeBudget(options.keptTreeBudget);
  try {
    await readAll(fs, analyzer, options, candidates, { pacer, skipped, texts, trees });
    return await analyseAll(analyzer, options, texts, trees, pacer, skipped, base, await reportableFilter(fs, options.roots));
  } finally {
    trees.clear();
  }
}

/** What the first pass fills: progress, skipped files, the texts to analyse and the trees kept for the second pass. */
interface FirstPassState {
  pacer: ProgressPacer;
  skipped: SkippedFile[];
  texts: Map<string, string>;
  trees: TreeBudget;
}

/** The first pass: reads every candidate, fills the project index and the code facts, keeps what needs analysis. */
async function readAll(fs: FileSystemPort, analyzer: Analyzer, options: ScanOptions, candidates: readonly string[], state: FirstPassState): Promise<void> {
  const { pacer, skipped, texts, trees } = state;
  const maxBytes = options.maxFileSizeKB * 1024;
  let readCount = 0;
  pacer.report({ phase: 'read', done: 0, total: candidates.length }, true);
  // Reads run ahead of the (synchronous) analysis in a bounded window, so file I/O overlaps parsing.
  const reads: Promise<{ text: string } | { reason: string }>[] = [];
  const startRead = (i: number): void => {
    const p = candidates[i];
    if (p !== undefined && reads[i] === undefined) {
      const overlay = options.overlay?.(p);
      reads[i] = overlay !== undefined ? Promise.resolve({ text: overlay }) : readTextFile(fs, p, maxBytes);
    }
  };
  for (let i = 0; i < READ_AHEAD; i++) {
    startRead(i);
  }
  for (const [i, path] of candidates.entries()) {
    if (options.isCancelled?.()) {
      break;
    }
    pacer.report({ phase: 'read', done: readCount++, total: candidates.length });
    await pacer.breathe();
    startRead(i + READ_AHEAD);
    startRead(i);
    const read = await (reads[i] as Promise<{ text: string } | { reason: string }>);
    delete reads[i];
    if ('reason' in read) {
      skipped.push({ path, reason: read.reason });
      continue;
    }
    const tooComplex = complexityReason(fileKindOf(path), read.text);
    if (tooComplex) {
      skipped.push({ path, reason: tooComplex });
      continue;
    }
    if (isContextFile(path)) {
      analyzer.index.upsert({ path, text: read.text });
      texts.set(path, read.text);
    } else if (analyzer.needsAnalysis(path, read.text)) {
      const tree = options.indexOnly ? undefined : trees.parse(analyzer, path, read.text);
      analyzer.updateFacts(path, read.text, tree);
      trees.settle(path, read.text);
      texts.set(path, read.text);
    }
  }
}

/** The second pass: every kept file is analysed against the complete index, reusing the first pass's tree if kept. */
async function analyseAll(
  analyzer: Analyzer,
  options: ScanOptions,
  texts: Map<string, string>,
  trees: TreeBudget,
  pacer: ProgressPacer,
  skipped: SkippedFile[],
  base: string,
  reportable: (path: string) => boolean,
): Promise<ScanResult> {
  const findings: Finding[] = [];
  const ruleFailures: RuleFailure[] = [];
  const analysed: string[] = [];
  let done = 0;
  pacer.report({ phase: 'analyse', done, total: texts.size }, true);
  for (const [path, text] of texts) {
    if (options.isCancelled?.()) {
      break;
    }
    pacer.report({ phase: 'analyse', done: done++, total: texts.size });
    await pacer.breathe();
    if (options.indexOnly || !reportable(path)) {
      continue;
    }
    const overrides = options.overridesFor?.(path) ?? options.severityOverrides;
    findings.push(...analyzer.analyze(path, text, { severityOverrides: overrides, isCancelled: options.isCancelled, tree: trees.get(path), csharp: trees.csharp(path), onRuleError: (f) => ruleFailures.push(f), onSuppressed: options.onSuppressed }));
    trees.drop(path);
    analysed.push(path);
  }
  pacer.report({ phase: 'analyse', done, total: texts.size }, true);
  return { findings: dedupe(findings), files: analysed, skipped, cancelled: options.isCancelled?.() ?? false, baseDir: base, texts, ruleFailures };
}

/** Files under a scanned folder, or scanned by name, are reported; context loaded from above a file is not. */
async function reportableFilter(fs: FileSystemPort, roots: readonly string[]): Promise<(path: string) => boolean> {
  const dirs: string[] = [];
  const files = new Set<string>();
  for (const root of roots.map(normalizePath)) {
    try {
      if ((await fs.stat(root)).isDirectory) {
        dirs.push(root);
      } else {
        files.add(root);
      }
    } catch {
      // a missing root was already reported as skipped
    }
  }
  return (path: string) => files.has(path) || dirs.some((d) => isUnder(path, d));
}

async function baseOfSingle(fs: FileSystemPort, root: string): Promise<string> {
  const r = normalizePath(root);
  try {
    return (await fs.stat(r)).isDirectory ? r : dirOf(r);
  } catch {
    // A root that cannot be stat'ed is reported as skipped by the walk; its own path still serves as the base.
    return r;
  }
}

/** Findings reported twice (a props file judged from two projects) collapse into one. */
/** Drops findings reported twice (a project finding seen while analysing two of its files). */
export function dedupe(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = `${f.ruleId}|${f.path}|${f.range.start.line}:${f.range.start.character}|${f.message}`;
    if (seen.has(key)) {
      return false;
    }
    seen.add(key);
    return true;
  });
}
