import { Analyzer } from '../../server/src/engine/analyzer';
import { createAnalyzer } from '../../server/src/engine/engine';
import { ScanWork } from '../../server/src/engine/scan/scanWork';
import { Finding } from '../../server/src/engine/model/finding';
import { normalizePath } from '../../server/src/engine/project/paths';
import { DEFAULT_EXCLUDES } from '../../server/src/engine/scan/excludes';
import { ScanCache } from '../../server/src/engine/scan/scanCache';
import { ScanStats, countingParser } from '../../server/src/engine/scan/scanStats';
import { scanWorkspace } from '../../server/src/engine/scan/workspaceScan';
import { nodeFileSystem } from '../../server/src/node/nodeFileSystem';
import { REPO_ROOT, backend } from './engineHarness';
import { fixtureWorkspaces } from './fixtureWorkspaces';

/** Every fixture workspace of this checkout (test/support/fixtureWorkspaces.ts). */
export function allFixtureWorkspaces(): string[] {
  return fixtureWorkspaces(REPO_ROOT);
}

/** How a scan is run for a comparison: the gate on or off, a cache, statistics. */
export interface ComparedScanOptions {
  gate?: boolean;
  cache?: ScanCache;
  stats?: ScanStats;
  /** Where the scan's parsing and analysis run, given the scan's analyzer (in process when absent). */
  work?: (analyzer: Analyzer) => ScanWork;
}

/**
 * Scans a folder in process (default settings, a fresh analyzer) and returns everything a user sees as one stable
 * text: the findings sorted, the skipped files, the suppressed findings with their reasons, the rule failures.
 */
export async function scanAsText(dir: string, options: ComparedScanOptions = {}): Promise<string> {
  const parser = await backend();
  const analyzer = createAnalyzer(options.stats ? countingParser(parser, options.stats, () => performance.now()) : parser);
  const suppressed: { finding: Finding; reason: string | undefined }[] = [];
  const result = await scanWorkspace(nodeFileSystem, analyzer, {
    roots: [normalizePath(dir)],
    excludes: DEFAULT_EXCLUDES,
    maxFileSizeKB: 2048,
    onSuppressed: (finding, reason) => suppressed.push({ finding, reason }),
    gate: options.gate,
    cache: options.cache,
    stats: options.stats,
    work: options.work?.(analyzer),
  });
  const sorted = <T>(xs: T[]): string[] => xs.map((x) => JSON.stringify(x)).sort();
  return JSON.stringify(
    {
      findings: sorted(result.findings),
      skipped: sorted(result.skipped),
      suppressed: sorted(suppressed),
      ruleFailures: result.ruleFailures.map((f) => `${f.ruleId} ${f.path}`).sort(),
    },
    null,
    1,
  );
}
