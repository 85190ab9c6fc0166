import { Finding } from '../engine/model/finding';
import { TOOL_VERSION } from '../engine/model/docs';
import { createAnalyzer } from '../engine/engine';
import { buildReadinessReport } from '../engine/report/readiness';
import { ScanResult, dedupe, scanWorkspace } from '../engine/scan/workspaceScan';
import { TlsSettings, retargetVersion } from '../engine/settings';
import { createScanBackend } from '../node/backends';
import { cliFileSystem } from '../node/nodeFileSystem';
import { CliArgs } from './args';
import { toMarkdown } from '../engine/report/formats/markdown';
import { SuppressedFinding, sarifLog, sarifResults } from '../engine/report/formats/sarif';
import { toText } from '../engine/report/formats/text';
import { Analyzer } from '../engine/analyzer';
import { RuleFailure, describeRuleFailure } from '../engine/ruleFailure';
import { baselineSentence, loadBaseline, newFindings } from './baseline';
import { countingParser, emptyScanStats, formatScanStats } from '../engine/scan/scanStats';
import { defaultJobs, scanJobs } from '../node/scanPool/scanJobs';
import { ScanCacheFile, defaultCacheLocation, resolveCacheLocation, toolBuildDigest } from '../node/scanCacheFile';

/** Runs a scan with the user's parser and settings; shared by `scan`, `check` and `fix`. */
export async function scanPaths(
  args: CliArgs,
  roots: string[],
  settings: TlsSettings,
  onSuppressed?: (finding: Finding, reason: string | undefined) => void,
): Promise<{ analyzer: Analyzer; result: ScanResult }> {
  const stats = args.stats ? emptyScanStats() : undefined;
  // Grammars on demand (the runtime too, with wasm): the scan prepares each file's grammar before parsing it.
  const backend = await createScanBackend(args.parser);
  const analyzer = createAnalyzer(stats ? countingParser(backend, stats, () => performance.now()) : backend);
  const warn = (message: string): void => void process.stderr.write(`tls-readiness: ${message}\n`);
  const cache = args.cache ? openCache(args, roots, settings, warn) : undefined;
  const jobs = scanJobs(analyzer, { jobs: args.jobs ?? defaultJobs(), useThisThread: true, parser: args.parser, stats });
  const result = await scanWorkspace(cliFileSystem, analyzer, {
    work: jobs.work,
    roots,
    excludes: settings.exclude,
    maxFileSizeKB: settings.maxFileSizeKB,
    followLinks: args.followLinks,
    severityOverrides: settings.rules,
    retargetTo: retargetVersion(settings),
    onSuppressed,
    stats,
    cache,
    // The gate's exactness check: DTLS_SCAN_GATE=off parses and analyses every source file (same findings, slower).
    gate: process.env.DTLS_SCAN_GATE !== 'off',
  }).finally(() => jobs.close());
  if (cache && !result.cancelled) {
    cache.save(warn);
  }
  if (stats) {
    process.stderr.write(`${formatScanStats(stats)}\n`);
  }
  return { analyzer, result };
}

/**
 * The scan cache `--cache` asks for, keyed by this build of the tool (the bundle's own file: the entry point may be the
 * small code-cache loader), the settings and the parser.
 */
function openCache(args: CliArgs, roots: readonly string[], settings: TlsSettings, warn: (message: string) => void): ScanCacheFile {
  const location = args.cacheLocation ? resolveCacheLocation(args.cacheLocation) : defaultCacheLocation(roots);
  return new ScanCacheFile(location, toolBuildDigest(TOOL_VERSION, __filename), JSON.stringify({ settings, parser: args.parser }), warn);
}

/**
 * `scan`: findings rendered in the requested format, and the findings `--fail-on` counts (with `--baseline`, the new
 * ones only). Suppressed findings appear in SARIF only, as in-source suppressions.
 */
export async function runScan(args: CliArgs, roots: string[], settings: TlsSettings): Promise<{ output: string; findings: Finding[]; ruleFailures: RuleFailure[]; incomplete: boolean }> {
  const baseline = args.baseline === undefined ? undefined : loadBaseline(args.baseline);
  const reasons = new Map<Finding, string | undefined>();
  const { analyzer, result } = await scanPaths(args, roots, settings, (finding, reason) => reasons.set(finding, reason));
  const suppressed: SuppressedFinding[] = dedupe([...reasons.keys()]).map((finding) => ({ finding, reason: reasons.get(finding) }));
  // The SARIF results (with their fingerprints) only where they are shown or compared with a baseline.
  const entries = args.format === 'sarif' || baseline ? sarifResults(result.findings, result.baseDir, { textOf: (path) => result.texts.get(path), suppressed, baseline }) : [];
  const note = args.baseline === undefined ? undefined : baselineSentence(entries, args.baseline);
  const report = buildReadinessReport(analyzer.index, result.findings, result.files, result.baseDir, result.skipped);
  let output: string;
  switch (args.format) {
    case 'sarif':
      output = JSON.stringify(sarifLog(entries.map((e) => e.result), result.baseDir, TOOL_VERSION, result.skipped), null, 2) + '\n';
      break;
    case 'json':
      output = JSON.stringify({ baseDir: result.baseDir, findings: result.findings, skipped: result.skipped, report: { units: report.units.map((u) => ({ ...u, findings: u.findings.length })), totals: report.totals, verdict: report.verdict } }, null, 2) + '\n';
      break;
    case 'markdown':
      output = toMarkdown(report, new Set(), note);
      break;
    default:
      output = toText(report, result.findings) + (note ? `${note}\n` : '');
  }
  return { output, findings: baseline ? newFindings(entries) : result.findings, ruleFailures: result.ruleFailures, incomplete: report.verdict === 'Incomplete' };
}

/**
 * Prints each rule that threw on stderr (rule id, file, stack), after the findings were written: the run is then not
 * to be trusted, so the exit code is 2 and CI cannot pass silently. Returns whether there was any.
 */
export function printRuleFailures(failures: readonly RuleFailure[]): boolean {
  for (const f of failures) {
    process.stderr.write(`tls-readiness: error: ${describeRuleFailure(f)}\n`);
  }
  return failures.length > 0;
}
