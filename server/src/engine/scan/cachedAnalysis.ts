import { ScanCache } from './scanCache';
import { FileSettings } from './scanWork';

/** The file being analysed and what its cache key is made of besides the cache itself. */
export interface CacheEntryKey {
  /** The digest of the context the file's findings depend on (dependencyKeys.ts). */
  fingerprint: string;
  path: string;
  text: string;
  /** The severity overrides and the preferred retarget version (it changes TLS001/TLS013/TLS027 messages and fixes). */
  settings: FileSettings;
}

/**
 * The key one file's analysis is cached under: its content, the context fingerprint and its settings. A stored analysis
 * is used only under the same key, i.e. where analysing the file again would give the same findings.
 */
export function analysisKey(cache: ScanCache, entry: CacheEntryKey): string {
  const { path, text, settings } = entry;
  return cache.digest([cache.contentDigest(path, text), entry.fingerprint, JSON.stringify(settings.overrides ?? {}), String(settings.retargetTo ?? '')]);
}
