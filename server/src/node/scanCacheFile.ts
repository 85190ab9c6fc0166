import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { CodeFacts } from '../engine/project/codeFacts';
import { CachedAnalysis, ScanCache } from '../engine/scan/scanCache';
import { XmlDocument } from '../engine/parsing/xmlModel';
import { GateReason } from '../engine/scan/fileGate';
import { relinkXml, withoutParents } from './cachedXml';
import { bundleDigest, toolCacheFolder } from './codeCache';
import { loadedBundleDigest } from './bundleLoader';

/** What marks a file as this tool's scan cache (a file without it is foreign and never read further). */
const FORMAT = 'dynamics-tls-readiness scan cache';
/** The layout of the file; a cache of another layout is dropped without a message, like one of another tool version. */
const LAYOUT = 2;
/** The file name used when `--cache-location` names a folder. */
export const CACHE_FILE_NAME = '.dynamics-tls-cache.json';

/** A stored entry: the key it was computed under and the value. */
interface Entry<T> {
  key: string;
  value: T;
}

/** The file's JSON. */
interface CacheFileJson {
  format: string;
  layout: number;
  /** The tool's version and the digest of its code: another build's entries are not used. */
  tool: string;
  /** The digest of the settings and parser the entries were computed with. */
  settings: string;
  facts: Record<string, Entry<CodeFacts>>;
  analyses: Record<string, Entry<CachedAnalysis>>;
  /** Context files' parsed XML (stored without parent links). */
  xml: Record<string, Entry<XmlDocument>>;
  /** Why the gate left out a source file, under the file's identity when read. */
  gate: Record<string, Entry<GateReason>>;
}

/**
 * The default cache file: under the OS cache folder (`$XDG_CACHE_HOME`, `~/.cache`, or `%LOCALAPPDATA%`), one file per set
 * of scanned roots, so that scanning never writes into the scanned folders.
 */
export function defaultCacheLocation(roots: readonly string[], env: NodeJS.ProcessEnv = process.env): string {
  const id = createHash('sha256').update(roots.join('\0')).digest('hex').slice(0, 16);
  return join(toolCacheFolder(env), `scan-${id}.json`);
}

/** `--cache-location`: a folder (existing, or written with a trailing separator) holds the cache file; anything else is the file. */
export function resolveCacheLocation(location: string): string {
  let isDir = /[\\/]$/.test(location);
  try {
    isDir ||= statSync(location).isDirectory();
  } catch {
    // a path that does not exist yet names the file
  }
  return isDir ? join(location, CACHE_FILE_NAME) : location;
}

/**
 * The scan cache kept in one JSON file. Loaded whole at the start, written whole (to a temporary file, then renamed)
 * at the end with the entries this run used or made, so entries of deleted files do not pile up. A file that is not
 * valid JSON of this format is reported through `warn` and ignored (then replaced); entries of another tool build or
 * other settings are dropped silently; an entry is used only when its key matches, and its value is checked for shape.
 */
export class ScanCacheFile implements ScanCache {
  private readonly old: CacheFileJson;
  private readonly next: CacheFileJson;
  private readonly digests = new Map<string, { text: string; digest: string }>();
  /** True when `old` is the file's own content (this tool's cache of this build and settings, read whole). */
  private loaded = false;
  /** True once this run stored an entry (a new one or a replacement): the file must be written. */
  private stored = false;

  constructor(
    readonly location: string,
    tool: string,
    settings: string,
    warn: (message: string) => void,
  ) {
    const fresh = (): CacheFileJson => ({ format: FORMAT, layout: LAYOUT, tool, settings, facts: {}, analyses: {}, xml: {}, gate: {} });
    this.next = fresh();
    this.old = fresh();
    let text: string;
    try {
      text = readFileSync(location, 'utf8');
    } catch {
      return; // no cache yet
    }
    const problem = shapeProblem(text);
    if (typeof problem === 'string') {
      warn(`ignoring the cache file ${location}: ${problem}; it will be replaced`);
      return;
    }
    if (problem.layout === LAYOUT && problem.tool === tool && problem.settings === settings && isRecord(problem.xml) && isRecord(problem.gate)) {
      this.old = problem;
      this.loaded = true;
    }
  }

  digest(parts: readonly string[]): string {
    const h = createHash('sha256');
    for (const p of parts) {
      h.update(String(p.length)).update('\0').update(p);
    }
    return h.digest('base64url');
  }

  contentDigest(path: string, text: string): string {
    const known = this.digests.get(path);
    if (known && known.text === text) {
      return known.digest;
    }
    const digest = createHash('sha256').update(text).digest('base64url');
    this.digests.set(path, { text, digest });
    return digest;
  }

  facts(path: string, contentDigest: string): CodeFacts | undefined {
    return this.take('facts', path, contentDigest, isFacts);
  }

  storeFacts(path: string, contentDigest: string, facts: CodeFacts): void {
    this.stored = true;
    this.next.facts[path] = { key: contentDigest, value: facts };
  }

  analysis(path: string, key: string): CachedAnalysis | undefined {
    return this.take('analyses', path, key, isAnalysis);
  }

  /** A loaded entry whose key matches and whose value has the expected shape, kept for the next save; else undefined. */
  private take<T extends 'facts' | 'analyses' | 'gate'>(table: T, path: string, key: string, valid: (v: unknown) => v is CacheFileJson[T][string]['value']): CacheFileJson[T][string]['value'] | undefined {
    const e = this.old[table][path];
    if (!e || e.key !== key || !valid(e.value)) {
      return undefined;
    }
    this.next[table][path] = e;
    return e.value;
  }

  storeAnalysis(path: string, key: string, analysis: CachedAnalysis): void {
    this.stored = true;
    this.next.analyses[path] = { key, value: analysis };
  }

  contextXml(path: string, contentDigest: string): XmlDocument | undefined {
    const e = this.old.xml[path];
    const xml = e && e.key === contentDigest ? relinkXml(e.value) : undefined;
    if (xml) {
      this.next.xml[path] = e as Entry<XmlDocument>;
    }
    return xml;
  }

  storeContextXml(path: string, contentDigest: string, xml: XmlDocument): void {
    this.stored = true;
    this.next.xml[path] = { key: contentDigest, value: xml };
  }

  gateVerdict(path: string, identity: string): GateReason | undefined {
    return this.take('gate', path, identity, isGateReason);
  }

  storeGateVerdict(path: string, identity: string, reason: GateReason): void {
    this.stored = true;
    this.next.gate[path] = { key: identity, value: reason };
  }

  /**
   * Writes the entries this run used or made; a write that fails is reported through `warn`, the scan's result stands.
   * Nothing is written when the file already holds exactly those entries: it was read whole, this run stored nothing,
   * and it used every entry the file had (the entries used are the file's own objects, so the same number is the same set).
   */
  save(warn: (message: string) => void): void {
    if (this.unchanged()) {
      return;
    }
    const temp = `${this.location}.${process.pid}.tmp`;
    try {
      mkdirSync(dirname(this.location), { recursive: true });
      writeFileSync(temp, JSON.stringify(this.next, withoutParents));
      renameSync(temp, this.location);
    } catch (e) {
      warn(`could not write the cache file ${this.location} (${(e as { code?: string }).code ?? (e as Error).message})`);
    }
  }

  /** True when the file on disk already holds what `save` would write (see there). */
  private unchanged(): boolean {
    return this.loaded && !this.stored && TABLES.every((t) => Object.keys(this.next[t]).length === Object.keys(this.old[t]).length);
  }
}

/** The tables of entries a cache file holds. */
const TABLES = ['facts', 'analyses', 'xml', 'gate'] as const;

/** The parsed cache file, or what is wrong with it (not JSON, not this tool's format, a part of the wrong type). */
function shapeProblem(text: string): CacheFileJson | string {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return 'it is not valid JSON';
  }
  const o = json as Partial<CacheFileJson> | null;
  if (!o || typeof o !== 'object' || o.format !== FORMAT) {
    return 'it is not a dynamics-tls-readiness scan cache';
  }
  if (typeof o.layout !== 'number' || typeof o.tool !== 'string' || typeof o.settings !== 'string' || !isRecord(o.facts) || !isRecord(o.analyses)) {
    return 'it is damaged';
  }
  return o as CacheFileJson;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** True when a stored value is one of the gate's reasons. */
function isGateReason(v: unknown): v is GateReason {
  return v === 'no trigger word' || v === 'generated code without a protocol write or switch';
}

/** True when a stored value has the shape of code facts (lists of evidence). */
function isFacts(v: unknown): v is CodeFacts {
  return isRecord(v) && ['dynamicsClients', 'tlsEnablement', 'pluginClasses', 'cmdletClasses'].every((k) => Array.isArray(v[k]));
}

/** True when a stored value has the shape of an analysis (findings with a rule id, path and range). */
function isAnalysis(v: unknown): v is CachedAnalysis {
  const isFinding = (f: unknown): boolean => isRecord(f) && typeof f.ruleId === 'string' && typeof f.path === 'string' && isRecord(f.range) && Array.isArray(f.fixes);
  return isRecord(v) && Array.isArray(v.findings) && v.findings.every(isFinding) && Array.isArray(v.suppressed) && v.suppressed.every((s) => isRecord(s) && isFinding(s.finding));
}

/**
 * The digest of the running tool's own code (the bundle or module file), so that any rebuild invalidates the cache: the
 * one the code-cache loader took of the bundle it ran, else the file's bytes hashed here (the same {@link bundleDigest}).
 */
export function toolBuildDigest(version: string, file: string | undefined): string {
  let code = '';
  try {
    code = file ? (loadedBundleDigest(file) ?? bundleDigest(readFileSync(file))) : '';
  } catch {
    // an unreadable entry file leaves the version alone as the key
  }
  return `${version}+${code}`;
}
