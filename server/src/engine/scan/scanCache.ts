import { Finding } from '../model/finding';
import { XmlDocument } from '../parsing/xmlModel';
import { GateReason } from './fileGate';
import { CodeFacts } from '../project/codeFacts';
import { WorkspaceIndex } from '../project/workspaceIndex';

/** A finding a suppression comment silenced, with the comment's reason (what `ScanOptions.onSuppressed` is told). */
export interface SuppressedEntry {
  finding: Finding;
  reason?: string;
}

/** One file's analysis as the cache keeps it: its findings and the findings its suppression comments silenced. */
export interface CachedAnalysis {
  findings: Finding[];
  suppressed: SuppressedEntry[];
}

/**
 * Earlier scans' work (`scan --cache`), as the engine sees it: the adapter hashes, loads and persists; the engine says
 * what each entry depends on. Facts are keyed by a file's content; an analysis by its content, its settings and the
 * context it depends on (dependencyKeys.ts), so an entry is used only where recomputing it would give the same result.
 */
export interface ScanCache {
  /** A digest of strings (a key's parts); equal digests mean equal parts. */
  digest(parts: readonly string[]): string;
  /** The digest of a file's content (remembered per path for the same text, as both passes ask). */
  contentDigest(path: string, text: string): string;
  /** The code facts stored for a source file whose content has this digest. */
  facts(path: string, contentDigest: string): CodeFacts | undefined;
  storeFacts(path: string, contentDigest: string, facts: CodeFacts): void;
  /** The analysis stored for a file under this key. */
  analysis(path: string, key: string): CachedAnalysis | undefined;
  storeAnalysis(path: string, key: string, analysis: CachedAnalysis): void;
  /** The parsed XML stored for a context file whose content has this digest (project, props, config files). */
  contextXml(path: string, contentDigest: string): XmlDocument | undefined;
  storeContextXml(path: string, contentDigest: string, xml: XmlDocument): void;
  /** Why the gate left out a source file, noted under its identity (fileSystemPort.ts) when it was read. */
  gateVerdict(path: string, identity: string): GateReason | undefined;
  storeGateVerdict(path: string, identity: string, reason: GateReason): void;
}

/**
 * The digest of everything in the index any file's findings can depend on besides its own text: each context file's
 * content (project files, props, configs) and each source file's code facts (evidence, enablement, a script's top-level
 * state for the scripts that dot-source or call it). The key of the files whose dependencies are not narrowed to a
 * project group (dependencyKeys.ts): a change to any of these re-analyses them.
 */
export function contextFingerprint(cache: ScanCache, index: WorkspaceIndex): string {
  const parts: string[] = [];
  for (const f of [...index.allFiles()].sort((a, b) => (a.path < b.path ? -1 : 1))) {
    parts.push(`file\0${f.path}\0${cache.contentDigest(f.path, f.text)}`);
  }
  for (const path of index.codeFactPaths().sort()) {
    parts.push(`facts\0${path}\0${JSON.stringify(index.factsOf(path))}`);
  }
  return cache.digest(parts);
}
