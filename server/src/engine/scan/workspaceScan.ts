import { Analyzer } from '../analyzer';
import { fileKindOf } from '../model/fileKind';
import { Finding } from '../model/finding';
import { commonAncestor, dirOf, isUnder, normalizePath } from '../project/paths';
import { isContextFile } from '../project/workspaceIndex';
import { RuleFailure } from '../ruleFailure';
import { complexityReason } from '../text/complexity';
import { readPlainXml } from '../parsing/plainXml';
import { XmlDocument } from '../parsing/xmlModel';
import { discover } from './discover';
import { FileSystemPort } from './fileSystemPort';
import { GateReason } from './fileGate';
import { ReadAhead } from './readAhead';
import { ProgressPacer } from './progressPacer';
import { IndexFirst, ScanOptions, SkippedFile } from './scanOptions';
import { appendAll } from '../util/arrays';
import { analysisKey } from './cachedAnalysis';
import { CodeFacts } from '../project/codeFacts';
import { FileAnalysis, FileSettings, ScanWork, failureReason, inProcessWork } from './scanWork';
import { OrderedWindow, Settled } from './orderedWindow';
import { DependencyKeys } from './dependencyKeys';
import { countLeft, phaseClock } from './scanStats';

export { ScanProgress } from './progressPacer';
export { IndexFirst, ScanOptions, SkippedFile, makesIncomplete } from './scanOptions';

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

export { ReadRefusal, readTextFile } from './readAhead';
export { commonAncestor } from '../project/paths';

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
  const work = options.work ?? inProcessWork(analyzer, { keptTreeBudget: options.keptTreeBudget, isCancelled: options.isCancelled, indexOnly: options.indexOnly });
  try {
    const state: FirstPassState = { pacer, skipped, texts, work, leftOut: [] };
    await (options.indexOnly && options.indexFirst ? readPickedFirst(fs, analyzer, options, options.indexFirst, candidates, state) : readAll(fs, analyzer, options, candidates, state));
    await readClientTypeUsers(fs, analyzer, options, state);
    clock('index');
    const result = await analyseAll(analyzer, options, { texts, work, pacer, skipped, base }, await reportableFilter(fs, options.roots));
    clock('analyse');
    if (stats) {
      stats.discovered = candidates.length;
      skipped.forEach((s) => countLeft(stats, s.reason));
    }
    return result;
  } finally {
    work.finish();
  }
}

/** What the first pass fills: progress, skipped files, the texts to analyse; and where the parsing runs. */
interface FirstPassState {
  pacer: ProgressPacer;
  skipped: SkippedFile[];
  texts: Map<string, string>;
  work: ScanWork;
  /** The C# files the gate left out for want of a trigger word (read or not): the second look's candidates. */
  leftOut: string[];
}

/**
 * The first pass: reads every candidate, fills the project index and the code facts, keeps what needs analysis. Source
 * files are parsed by `work` (maybe in other threads); every file's outcome is applied in the candidates' order.
 */
async function readAll(fs: FileSystemPort, analyzer: Analyzer, options: ScanOptions, candidates: readonly string[], state: FirstPassState): Promise<void> {
  const { pacer, skipped, texts, work } = state;
  const window = new OrderedWindow<CodeFacts | undefined>(work.window);
  let readCount = 0;
  pacer.report({ phase: 'read', done: 0, total: candidates.length }, true);
  const ahead = new ReadAhead(fs, options, candidates);
  for (const [i, path] of candidates.entries()) {
    if (options.isCancelled?.()) {
      break;
    }
    pacer.report({ phase: 'read', done: readCount++, total: candidates.length });
    await pacer.breathe();
    const read = await ahead.take(i);
    if ('unread' in read) {
      // Unchanged since a scan whose gate left it out: not read again.
      noteLeftOut(state, path, read.unread);
      countLeft(options.stats, read.unread);
      options.stats && options.stats.cached.unread++;
      continue;
    }
    if ('reason' in read) {
      await window.push(NO_FACTS, () => skipped.push({ path, reason: read.reason, ...(read.incomplete ? { incomplete: true } : {}) }));
      continue;
    }
    if (options.stats) {
      options.stats.read++;
    }
    const text = read.text;
    const tooComplex = complexityReason(fileKindOf(path), text);
    if (tooComplex) {
      await window.push(NO_FACTS, () => skipped.push({ path, reason: tooComplex }));
    } else if (isContextFile(path)) {
      const xml = contextXmlOf(options, path, text);
      if (xml.model === undefined && fileKindOf(path) !== 'psManifest') {
        // Neither the cache nor the plain reader has this file's XML: the index parses it (synchronously).
        await analyzer.parser.prepare('xml');
      }
      await window.push(NO_FACTS, () => keepContextFile(analyzer, options, { path, text, xml }, { texts, skipped }));
    } else {
      const gate = passesGate(analyzer, options, path, text);
      if (gate === true) {
        await window.push(sourceFacts(options, work, path, text), (outcome) => keepSourceFile(analyzer, { path, text, outcome }, texts, skipped));
      } else if (gate !== false) {
        noteLeftOut(state, path, gate);
        if (read.identity !== undefined) {
          options.cache?.storeGateVerdict(path, read.identity, gate);
        }
      }
    }
  }
  if (options.isCancelled?.()) {
    window.abandon();
  }
  await window.drain();
}

/** The first pass of an index-only scan in the order `first` asks for: context files, the picked source files, the rest. */
async function readPickedFirst(fs: FileSystemPort, analyzer: Analyzer, options: ScanOptions, first: IndexFirst, candidates: readonly string[], state: FirstPassState): Promise<void> {
  await readAll(fs, analyzer, options, candidates.filter(isContextFile), state);
  // Chosen once, against the index of the context files alone (facts change the models the choice reads).
  const pick = await first.pick(analyzer.index);
  const picked: string[] = [];
  const rest: string[] = [];
  candidates.filter((p) => !isContextFile(p)).forEach((p) => (pick(p) ? picked : rest).push(p));
  await readAll(fs, analyzer, options, picked, state);
  // The picked groups' own files that create the client types those groups declare, before their documents are published.
  await readClientTypeUsers(fs, analyzer, options, state);
  first.picked();
  await readAll(fs, analyzer, options, rest, state);
}

/** Keeps a C# file the gate left out for want of a trigger word for the second look. */
function noteLeftOut(state: FirstPassState, path: string, reason: GateReason): void {
  if (reason === 'no trigger word' && fileKindOf(path) === 'csharp') {
    state.leftOut.push(path);
  }
}

/**
 * The gate's second look (its exactness): a C# file without a trigger word that names one of the workspace's own
 * client types — classes deriving from an SDK client type, known only once the first pass read their declarations —
 * can create one (`new MyClient(…)` is a client creation), so it is read again and parsed; again while the files read
 * bring more such types (a class deriving from a workspace client type). Not counted in the stats a second time.
 */
async function readClientTypeUsers(fs: FileSystemPort, analyzer: Analyzer, options: ScanOptions, state: FirstPassState): Promise<void> {
  let known = analyzer.index.clientTypes().size;
  while (known > 0 && state.leftOut.length > 0 && !options.isCancelled?.()) {
    const again = state.leftOut;
    state.leftOut = [];
    await readAll(fs, analyzer, { ...options, cache: undefined, stats: undefined }, again, state);
    const grown = analyzer.index.clientTypes().size;
    if (grown === known) {
      return;
    }
    known = grown;
  }
}

/** The outcome of a file that needs no parsing in the first pass. */
const NO_FACTS: Promise<undefined> = Promise.resolve(undefined);

/** A context file's element model as far as it is known without a parser: from the cache, else from the plain reader. */
interface ContextXml {
  /** The content's digest, with a cache. */
  digest?: string;
  /** The model, when the cache or the plain reader has it. */
  model?: XmlDocument;
  /** True when the model came from the cache. */
  cached: boolean;
}

/**
 * A context file's parsed XML from the cache when its content is unchanged, else what `readPlainXml` reads (the
 * index's own first choice: handing it over is the same); nothing for a module manifest, which is not XML.
 */
function contextXmlOf(options: ScanOptions, path: string, text: string): ContextXml {
  const cache = options.cache;
  const digest = cache?.contentDigest(path, text);
  const cached = cache && digest !== undefined ? cache.contextXml(path, digest) : undefined;
  if (cached) {
    return { digest, model: cached, cached: true };
  }
  return { digest, model: fileKindOf(path) === 'psManifest' ? undefined : readPlainXml(text), cached: false };
}

/**
 * A context file into the index, kept for the analysis (an XML parser failure skips it, the run goes on); its parsed
 * XML comes from the cache when its content is unchanged, and goes into it otherwise.
 */
function keepContextFile(analyzer: Analyzer, options: ScanOptions, file: { path: string; text: string; xml: ContextXml }, out: { texts: Map<string, string>; skipped: SkippedFile[] }): void {
  const { path, text } = file;
  const cache = options.cache;
  const { digest, model, cached } = file.xml;
  try {
    analyzer.index.upsert({ path, text }, model);
    out.texts.set(path, text);
  } catch (e) {
    out.skipped.push(parserFailure(path, e));
    return;
  }
  const indexed = analyzer.index.file(path);
  if (cached) {
    options.stats && options.stats.cached.xml++;
  } else if (cache && digest !== undefined && indexed && indexed.text === text && indexed.kind !== 'psManifest') {
    cache.storeContextXml(path, digest, indexed.xml);
  }
}

/** A source file's code facts: from the cache when its content is unchanged, else from `work` (parsed). */
function sourceFacts(options: ScanOptions, work: ScanWork, path: string, text: string): Promise<CodeFacts | undefined> {
  const cache = options.cache;
  const cached = cache ? cache.facts(path, cache.contentDigest(path, text)) : undefined;
  if (cached) {
    options.stats && options.stats.cached.facts++;
    return Promise.resolve(cached);
  }
  // The gate has passed the file: its facts are extracted whatever the pre-check says (it may pass by naming a workspace
  // client type, which a worker thread's index does not know yet).
  return work.facts(path, text, true).then((facts) => {
    if (cache && facts) {
      cache.storeFacts(path, cache.contentDigest(path, text), facts);
    }
    return facts;
  });
}

/** A source file's first-pass outcome applied: its facts into the index and its text kept, or its parser failure skipped. */
function keepSourceFile(analyzer: Analyzer, file: { path: string; text: string; outcome: Settled<CodeFacts | undefined> }, texts: Map<string, string>, skipped: SkippedFile[]): void {
  const { path, text, outcome } = file;
  if (!outcome.ok) {
    // A parser failure (the wasm parser out of memory, a parse past its time budget) is this file's skipped reason, never the run's end.
    skipped.push(parserFailure(path, outcome.error));
    return;
  }
  if (outcome.value) {
    analyzer.index.setCodeFacts(path, outcome.value, text);
  }
  texts.set(path, text);
}

/**
 * The gate: true when a source file is parsed and analysed (always, when the caller turned the gate off), else the
 * reason it is left out, or false for a file of no kind the scan reads.
 */
function passesGate(analyzer: Analyzer, options: ScanOptions, path: string, text: string): true | false | GateReason {
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
  return reason ?? true;
}

/** What the second pass works from: the first pass's texts, where the work runs, progress, skipped files, the SARIF base. */
interface SecondPassState {
  texts: Map<string, string>;
  work: ScanWork;
  pacer: ProgressPacer;
  skipped: SkippedFile[];
  base: string;
}

/** What the second pass collects, in the order of the files. */
interface SecondPassResult {
  findings: Finding[];
  ruleFailures: RuleFailure[];
  analysed: string[];
}

/** The second pass: every kept file is analysed against the complete index (by `work`, maybe in other threads), in order. */
async function analyseAll(analyzer: Analyzer, options: ScanOptions, state: SecondPassState, reportable: (path: string) => boolean): Promise<ScanResult> {
  const { texts, work, pacer, skipped, base } = state;
  const out: SecondPassResult = { findings: [], ruleFailures: [], analysed: [] };
  const cancelled = (): boolean => options.isCancelled?.() ?? false;
  if (!options.indexOnly && !cancelled()) {
    await work.share(analyzer.index);
  }
  const dependencies = options.cache && !options.indexOnly ? new DependencyKeys(options.cache, analyzer.index) : undefined;
  const window = new OrderedWindow<FileAnalysis & { cached?: true }>(work.window);
  let done = 0;
  pacer.report({ phase: 'analyse', done, total: texts.size }, true);
  for (const [path, text] of texts) {
    if (cancelled()) {
      break;
    }
    pacer.report({ phase: 'analyse', done: done++, total: texts.size });
    await pacer.breathe();
    if (options.indexOnly || !reportable(path)) {
      continue;
    }
    const settings: FileSettings = { overrides: options.overridesFor?.(path) ?? options.severityOverrides, retargetTo: options.retargetFor?.(path) ?? options.retargetTo };
    const key = options.cache && dependencies ? analysisKey(options.cache, { fingerprint: dependencies.of(path), path, text, settings }) : undefined;
    const hit = key !== undefined ? options.cache?.analysis(path, key) : undefined;
    const job = hit ? Promise.resolve({ ...hit, failures: [], cached: true as const }) : work.analyse(path, text, settings);
    await window.push(job, (outcome) => takeAnalysis(options, { path, key, outcome }, out, skipped));
  }
  if (cancelled()) {
    window.abandon();
  }
  await window.drain();
  options.stats && (options.stats.analysed += out.analysed.length);
  pacer.report({ phase: 'analyse', done, total: texts.size }, true);
  return { findings: dedupe(out.findings), files: out.analysed, skipped, cancelled: cancelled(), baseDir: base, texts, ruleFailures: out.ruleFailures };
}

/** One file's analysis taken back in order: its findings kept (and cached when complete), or its failure skipped. */
function takeAnalysis(options: ScanOptions, file: { path: string; key: string | undefined; outcome: Settled<FileAnalysis & { cached?: true }> }, out: SecondPassResult, skipped: SkippedFile[]): void {
  const { path, key, outcome } = file;
  if (!outcome.ok) {
    // The first pass parsed this file, but a second parse (its tree was not kept) can still fail or run out of time.
    skipped.push(parserFailure(path, outcome.error));
    return;
  }
  const analysis = outcome.value;
  appendAll(out.findings, analysis.findings);
  appendAll(out.ruleFailures, analysis.failures);
  analysis.suppressed.forEach((s) => options.onSuppressed?.(s.finding, s.reason));
  out.analysed.push(path);
  if (analysis.cached) {
    options.stats && options.stats.cached.findings++;
  } else if (key !== undefined && analysis.failures.length === 0 && !options.isCancelled?.()) {
    // An incomplete result (a rule failed, the scan was cancelled) is never kept.
    options.cache?.storeAnalysis(path, key, { findings: analysis.findings, suppressed: analysis.suppressed });
  }
}

/** A file the parser (or its worker) failed on, as a skipped file that makes the run incomplete (it should have been analysed). */
function parserFailure(path: string, e: unknown): SkippedFile {
  return { path, reason: failureReason(e), incomplete: true };
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
