// The Azure Pipelines task's entry (Node 20 handler): runs the CLI shipped inside the task, publishes the SARIF log as
// the CodeAnalysisLogs artifact, the readiness report as a build summary and each finding as an issue on the build,
// and fails the task per `failOn` (only new findings count when a baseline is given).
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tl from 'azure-pipelines-task-lib/task';

/** The part of a SARIF result this task reads. */
interface SarifResult {
  ruleId: string;
  level?: string;
  message: { text: string };
  baselineState?: string;
  suppressions?: unknown[];
  locations?: { physicalLocation?: { artifactLocation?: { uri?: string; uriBaseId?: string }; region?: { startLine?: number; startColumn?: number } } }[];
}

/** The part of the SARIF log this task reads. */
interface SarifLog {
  runs: { results?: SarifResult[]; originalUriBaseIds?: Record<string, { uri: string }> }[];
}

/** SARIF levels in order, to compare a result with the `failOn` input (`failOn: none` fails on nothing). */
const LEVEL_RANK: Record<string, number> = { error: 3, warning: 2, note: 1, none: 0 };

/** Words of a space-separated input; double or single quotes keep spaces together. */
function words(text: string): string[] {
  return [...text.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3] ?? '');
}

/** Runs the bundled CLI's `scan` on the agent's Node; its stderr goes to the task log. */
function runScan(workDir: string, args: readonly string[]): { status: number; stdout: string } {
  const cli = join(__dirname, 'cli', 'dist', 'cli.js');
  const r = spawnSync(process.execPath, [cli, 'scan', ...args], { cwd: workDir, encoding: 'utf8', maxBuffer: 1024 ** 3, stdio: ['ignore', 'pipe', 'inherit'] });
  return { status: r.status ?? 2, stdout: r.stdout ?? '' };
}

/** The file of a result as the build shows it: relative to the sources folder when inside it, absolute otherwise. */
function sourcePathOf(result: SarifResult, bases: Record<string, { uri: string }>, sourcesDir: string): string | undefined {
  const artifact = result.locations?.[0]?.physicalLocation?.artifactLocation;
  const base = artifact?.uriBaseId ? bases[artifact.uriBaseId]?.uri : undefined;
  if (!artifact?.uri || !base) {
    return undefined;
  }
  const file = fileURLToPath(new URL(artifact.uri, base));
  const inside = relative(sourcesDir, file);
  return inside && !inside.startsWith('..') && !isAbsolute(inside) ? inside.split('\\').join('/') : file;
}

function run(): void {
  const workDir = tl.getVariable('System.DefaultWorkingDirectory') || process.cwd();
  const sourcesDir = tl.getVariable('Build.SourcesDirectory') || workDir;
  const tempDir = tl.getVariable('Agent.TempDirectory') || tmpdir();
  const failOn = tl.getInput('failOn') || 'error';
  const baseline = tl.getInput('baseline');
  const sarifFile = resolve(workDir, tl.getInput('sarifFile') || join(tempDir, 'tls-readiness.sarif'));
  const shared = [...words(tl.getInput('path') || '.'), ...(baseline ? ['--baseline', resolve(workDir, baseline)] : []), ...words(tl.getInput('args') ?? '')];

  const sarif = runScan(workDir, [...shared, '--fail-on', failOn, '--format', 'sarif']);
  if (sarif.status !== 0 && sarif.status !== 1) {
    tl.setResult(tl.TaskResult.Failed, `tls-readiness scan failed (exit ${sarif.status}); see the log above`);
    process.exitCode = 2;
    return;
  }
  mkdirSync(dirname(sarifFile), { recursive: true });
  writeFileSync(sarifFile, sarif.stdout);
  tl.uploadArtifact('CodeAnalysisLogs', sarifFile, 'CodeAnalysisLogs');

  const markdown = runScan(workDir, [...shared, '--fail-on', 'none', '--format', 'markdown']);
  if (markdown.status === 0) {
    const summaryFile = join(tempDir, 'tls-readiness.md');
    writeFileSync(summaryFile, markdown.stdout);
    tl.uploadSummary(summaryFile);
  }

  const log = JSON.parse(sarif.stdout) as SarifLog;
  const bases = log.runs[0]?.originalUriBaseIds ?? {};
  const current = (log.runs[0]?.results ?? []).filter((r) => r.baselineState !== 'absent' && !r.suppressions?.length);
  for (const r of current) {
    const region = r.locations?.[0]?.physicalLocation?.region;
    const state = r.baselineState && r.baselineState !== 'unchanged' ? ` (${r.baselineState})` : '';
    const type = r.level === 'error' ? tl.IssueType.Error : tl.IssueType.Warning;
    tl.logIssue(type, `${r.ruleId}${state}: ${r.message.text}`, sourcePathOf(r, bases, sourcesDir), region?.startLine, region?.startColumn, r.ruleId);
  }
  const threshold = failOn === 'none' ? Infinity : (LEVEL_RANK[failOn] ?? LEVEL_RANK.error ?? 3);
  const counted = (baseline ? current.filter((r) => r.baselineState === 'new') : current).filter((r) => (LEVEL_RANK[r.level ?? 'warning'] ?? 0) >= threshold);
  const which = `${baseline ? 'new ' : ''}finding(s) at or above "${failOn}"`;
  if (sarif.status === 1) {
    tl.setResult(tl.TaskResult.Failed, `${counted.length} ${which}; see the summary and the CodeAnalysisLogs artifact`);
    process.exitCode = 1;
  } else {
    tl.setResult(tl.TaskResult.Succeeded, `no ${which}`);
  }
}

try {
  run();
} catch (e) {
  tl.setResult(tl.TaskResult.Failed, `Dynamics TLS readiness: ${e instanceof Error ? e.message : String(e)}`);
  process.exitCode = 2;
}
