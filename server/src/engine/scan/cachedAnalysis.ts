import { SeverityOverrides } from '../analyzer';
import { Finding } from '../model/finding';
import { RuleFailure } from '../ruleFailure';
import { appendAll } from '../util/arrays';
import { ScanCache, SuppressedEntry } from './scanCache';
import { ScanOptions } from './scanOptions';

/** The file being analysed and what its cache key is made of. */
export interface CacheEntryKey {
  cache: ScanCache;
  /** The context fingerprint of this scan's index (scanCache.ts). */
  fingerprint: string;
  path: string;
  text: string;
  overrides: SeverityOverrides | undefined;
  /** The preferred retarget version (it changes TLS001/TLS013/TLS027 messages and fixes). */
  retargetTo: number | undefined;
}

/** Runs the rules on the file, telling suppressed findings and rule failures to the given callbacks. */
export type AnalyseFile = (onSuppressed: ScanOptions['onSuppressed'], onRuleError: (f: RuleFailure) => void) => Finding[];

/**
 * One file's findings through the cache: the stored ones when the file's content, settings and context fingerprint are
 * those they were computed from (its suppressed findings are told again, as a fresh analysis tells them), else a fresh
 * analysis, stored unless a rule failed or the scan was cancelled (an incomplete result is never kept).
 */
export function analyseThroughCache(options: ScanOptions, entry: CacheEntryKey, analyse: AnalyseFile, ruleFailures: RuleFailure[]): Finding[] {
  const { cache, path, text } = entry;
  const key = cache.digest([cache.contentDigest(path, text), entry.fingerprint, JSON.stringify(entry.overrides ?? {}), String(entry.retargetTo ?? '')]);
  const hit = cache.analysis(path, key);
  if (hit) {
    hit.suppressed.forEach((s) => options.onSuppressed?.(s.finding, s.reason));
    if (options.stats) {
      options.stats.cached.findings++;
    }
    return hit.findings;
  }
  const suppressed: SuppressedEntry[] = [];
  const failures: RuleFailure[] = [];
  const onSuppressed = (finding: Finding, reason: string | undefined): void => {
    suppressed.push(reason === undefined ? { finding } : { finding, reason });
    options.onSuppressed?.(finding, reason);
  };
  const findings = analyse(onSuppressed, (f) => failures.push(f));
  appendAll(ruleFailures, failures);
  if (failures.length === 0 && !options.isCancelled?.()) {
    cache.storeAnalysis(path, key, { findings, suppressed });
  }
  return findings;
}
