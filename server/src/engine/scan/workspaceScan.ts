import { Analyzer } from '../analyzer';
import { fileKindOf } from '../model/fileKind';
import { Finding } from '../model/finding';
import { ParseBudgetExceeded } from '../parsing/parserPort';
import { dirOf, isUnder, normalizePath } from '../project/paths';
import { isContextFile } from '../project/workspaceIndex';
import { RuleFailure } from '../ruleFailure';
import { complexityReason } from '../text/complexity';
import { decodeText, looksBinary } from '../text/encoding';
import { discover } from './discover';
import { FileRefusal, FileSystemPort } from './fileSystemPort';
import { TreeBudget } from './treeBudget';
import { ProgressPacer } from './progressPacer';
import { ScanOptions, SkippedFile } from './scanOptions';
import { appendAll } from '../util/arrays';
import { analyseThroughCache } from './cachedAnalysis';
import { contextFingerprint } from './scanCache';
import { ScanPhase, ScanStats, countLeft } from './scanStats';

export { ScanProgress } from './progressPacer';
export { ScanOptions, SkippedFile, makesIncomplete } from './scanOptions';

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

/** How many file reads run ahead of the analysis. */
const READ_AHEAD = 32;

/** Why a file was not read: the reason shown, and whether that makes the run incomplete. */
export interface ReadRefusal {
  reason: string;
  incomplete?: true;
}

/** Reads and decodes a file, or says why it is skipped (a special file, an unreadable one, above the cap, binary). */
export async function readTextFile(fs: FileSystemPort, path: string, maxBytes: number): Promise<{ text: string } | ReadRefusal> {
  try {
    const bytes = await fs.readFile(path, maxBytes);
    if (looksBinary(bytes)) {
      return { reason: 'binary file' };
    }
    return { text: decodeText(bytes).text };
  } catch (e) {
    if (e instanceof FileRefusal) {
      return e.incomplete ? { reason: e.reason, incomplete: true } : { reason: e.reason };
    }
    const code = (e as { code?: unknown } | undefined)?.code;
    return { reason: typeof code === 'string' ? `unreadable file (${code})` : 'unreadable file', incomplete: true };
  }
}

/** Scans folders and files: the one workspace check behind the CLI's `scan` and the editor's readiness command. */
export async function scanWorkspace(fs: FileSystemPort, analyzer: Analyzer, options: ScanOptions): Promise<ScanResult> {
  const stats = options.stats;
  const clock = phaseClock(stats);
  const base = options.roots.length === 1 ? await baseOfSingle(fs, options.roots[0] ?? '/') : commonAncestor(options.roots);
  const skipped: SkippedFile[] = [];
  const pacer = new ProgressPacer(options.onProgress, options.progressIntervalMs);
  pacer.report({ phase: 'discover', done: 0, total: 0 }, true);
  const candidates = await discover(fs, options, base, skipped, pacer);
  clock('discover');
  const texts = new Map<string, string>();
  const trees = new TreeBudget(options.keptTreeBudget);
  try {
    await readAll(fs, analyzer, options, candidates, { pacer, skipped, texts, trees });
    clock('index');
    const result = await analyseAll(analyzer, options, { texts, trees, pacer, skipped, base }, await reportableFilter(fs, options.roots));
    clock('analyse');
    if (stats) {
      stats.discovered = candidates.length;
      skipped.forEach((s) => countLeft(stats, s.reason));
    }
    return result;
  } finally {
    trees.clear();
  }
}

/** Adds the time since the last call to a phase of `stats` (nothing without stats). */
function phaseClock(stats: ScanStats | undefined): (phase: ScanPhase) => void {
  let last = Date.now();
  return (phase) => {
    const now = Date.now();
    if (stats) {
      stats.ms[phase] += now - last;
    }
    last = now;
  };
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
  const reads: Promise<{ text: string } | ReadRefusal>[] = [];
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
    const read = await (reads[i] as Promise<{ text: string } | ReadRefusal>);
    delete reads[i];
    if ('reason' in read) {
      skipped.push({ path, reason: read.reason, ...(read.incomplete ? { incomplete: true } : {}) });
      continue;
    }
    if (options.stats) {
      options.stats.read++;
    }
    const tooComplex = complexityReason(fileKindOf(path), read.text);
    if (tooComplex) {
      skipped.push({ path, reason: tooComplex });
      continue;
    }
    try {
      if (isContextFile(path)) {
        analyzer.index.upsert({ path, text: read.text });
        texts.set(path, read.text);
      } else if (passesGate(analyzer, options, path, read.text)) {
        indexSource(analyzer, options, trees, path, read.text);
        texts.set(path, read.text);
      }
    } catch (e) {
      // A parser failure (the wasm parser out of memory, a parse past its time budget) is this file's skipped reason, never the run's end.
      trees.drop(path);
      texts.delete(path);
      skipped.push(parserFailure(path, e));
    }
  }
}

/** The gate: whether a source file is parsed and analysed at all (always, when the caller turned the gate off). */
function passesGate(analyzer: Analyzer, options: ScanOptions, path: string, text: string): boolean {
  const kind = fileKindOf(path);
  if (kind === 'other') {
    return false;
  }
  if (kind === 'csharp' || kind === 'powershell') {
    options.stats && options.stats.preChecked++;
  }
  if (options.gate === false) {
    return true;
  }
  const reason = analyzer.gateReason(path, text);
  if (reason) {
    countLeft(options.stats, reason);
  }
  return reason === undefined;
}

/** A source file's code facts into the index: from the cache when its content is unchanged, else parsed. */
function indexSource(analyzer: Analyzer, options: ScanOptions, trees: TreeBudget, path: string, text: string): void {
  const cache = options.cache;
  const digest = cache?.contentDigest(path, text);
  const cached = cache && digest !== undefined ? cache.facts(path, digest) : undefined;
  if (cached) {
    analyzer.index.setCodeFacts(path, cached, text);
    options.stats && options.stats.cached.facts++;
    return;
  }
  const tree = options.indexOnly ? undefined : trees.parse(analyzer, path, text);
  analyzer.updateFacts(path, text, tree, options.gate === false);
  trees.settle(path, text);
  const facts = analyzer.index.factsOf(path);
  if (cache && digest !== undefined && facts) {
    cache.storeFacts(path, digest, facts);
  }
}

/** What the second pass works from: the first pass's texts and trees, progress, skipped files, the SARIF base. */
interface SecondPassState {
  texts: Map<string, string>;
  trees: TreeBudget;
  pacer: ProgressPacer;
  skipped: SkippedFile[];
  base: string;
}

/** The second pass: every kept file is analysed against the complete index, reusing the first pass's tree if kept. */
async function analyseAll(analyzer: Analyzer, options: ScanOptions, state: SecondPassState, reportable: (path: string) => boolean): Promise<ScanResult> {
  const { texts, trees, pacer, skipped, base } = state;
  const findings: Finding[] = [];
  const ruleFailures: RuleFailure[] = [];
  const analysed: string[] = [];
  const fingerprint = options.cache && !options.indexOnly ? contextFingerprint(options.cache, analyzer.index) : undefined;
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
    const retargetTo = options.retargetFor?.(path) ?? options.retargetTo;
    const analyse = (onSuppressed: ScanOptions['onSuppressed'], onRuleError: (f: RuleFailure) => void): Finding[] =>
      analyzer.analyze(path, text, { severityOverrides: overrides, retargetTo, isCancelled: options.isCancelled, tree: trees.get(path), csharp: trees.csharp(path), onRuleError, onSuppressed });
    const cache = options.cache;
    try {
      appendAll(findings, cache && fingerprint !== undefined ? analyseThroughCache(options, { cache, fingerprint, path, text, overrides, retargetTo }, analyse, ruleFailures) : analyse(options.onSuppressed, (f) => ruleFailures.push(f)));
      analysed.push(path);
    } catch (e) {
      // The first pass parsed this file, but a second parse (its tree was not kept) can still fail or run out of time.
      skipped.push(parserFailure(path, e));
    } finally {
      trees.drop(path);
    }
  }
  options.stats && (options.stats.analysed += analysed.length);
  pacer.report({ phase: 'analyse', done, total: texts.size }, true);
  return { findings: dedupe(findings), files: analysed, skipped, cancelled: options.isCancelled?.() ?? false, baseDir: base, texts, ruleFailures };
}

/**
 * A file the parser failed on, as a skipped file that makes the run incomplete (it should have been analysed): a parse
 * past its time budget says the file is too complex to analyse, any other failure quotes the parser's message.
 */
function parserFailure(path: string, e: unknown): SkippedFile {
  if (e instanceof ParseBudgetExceeded) {
    return { path, reason: e.reason, incomplete: true };
  }
  return { path, reason: `the parser failed on this file (${e instanceof Error ? e.message : String(e)})`, incomplete: true };
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
