import { fileKindOf } from '../model/fileKind';
import { Finding, SEVERITY_RANK, Severity } from '../model/finding';
import { Evidence } from '../project/dynamicsEvidence';
import { baseName, relativePath } from '../project/paths';
import { ProjectKind } from '../project/projectModel';
import { WorkspaceIndex } from '../project/workspaceIndex';
import { SkippedFile, makesIncomplete } from '../scan/workspaceScan';
import { VerdictReason, verdictReasons } from './verdictReasons';

/**
 * The verdicts (docs/facts.md#verdicts): Will fail with any error, At risk with any warning, Ready otherwise — and, for a
 * whole run that skipped a file it should have read (docs/facts.md#verdicts), Incomplete: never Ready on a partial
 * reading.
 */
export type Verdict = 'Ready' | 'At risk' | 'Will fail' | 'Incomplete';

/** One row of the readiness report: a project or a script, with its findings. */
export interface ReadinessUnit {
  name: string;
  path: string;
  kind: ProjectKind | 'script' | 'registry' | 'loose';
  /** The effective target(s), or "unknown" / "none (4.0 behaviour)". */
  target: string;
  dynamicsEvidence: Evidence[];
  verdict: Verdict;
  /** Why the row is not Ready: per rule family (TLS, connection), its errors and warnings; empty when Ready. */
  reasons: VerdictReason[];
  counts: Record<Severity, number>;
  findings: Finding[];
}

/** The whole report: rows, totals, the files skipped, and the base folder paths are shown relative to. */
export interface ReadinessReport {
  baseDir: string;
  units: ReadinessUnit[];
  totals: Record<Severity, number>;
  verdict: Verdict;
  /** Why the whole run is not Ready, per rule family; empty when Ready (or Incomplete with no finding to blame). */
  reasons: VerdictReason[];
  /** Every file the run did not analyse, with its reason (docs/facts.md#verdicts). */
  skipped: readonly SkippedFile[];
}

/** The run's verdict: Incomplete when it skipped a file it should have read, else the findings' verdict. */
export function runVerdict(findings: readonly Finding[], skipped: readonly SkippedFile[]): Verdict {
  return skipped.some(makesIncomplete) ? 'Incomplete' : verdictOf(findings);
}

/** The verdict of a set of findings. */
export function verdictOf(findings: readonly Finding[]): Verdict {
  if (findings.some((f) => f.severity === 'error')) {
    return 'Will fail';
  }
  return findings.some((f) => f.severity === 'warning') ? 'At risk' : 'Ready';
}

function countBySeverity(findings: readonly Finding[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { error: 0, warning: 0, information: 0, hint: 0 };
  for (const f of findings) {
    counts[f.severity]++;
  }
  return counts;
}

/** Groups findings into one row per project and per script/registry file, in path order. */
export function buildReadinessReport(
  index: WorkspaceIndex,
  findings: readonly Finding[],
  analysedFiles: readonly string[],
  baseDir: string,
  skipped: readonly SkippedFile[] = [],
): ReadinessReport {
  const units = new Map<string, ReadinessUnit>();
  const unitFor = (path: string): ReadinessUnit => {
    const owner = index.ownerOf(path);
    const key = owner ? owner.path : path;
    let unit = units.get(key);
    if (!unit) {
      const kind = fileKindOf(path);
      unit = owner
        ? {
            name: baseName(owner.path),
            path: owner.path,
            kind: owner.kind,
            target: owner.targets.length === 0 ? 'none (4.0 behaviour)' : owner.targets.map((t) => t.target?.display ?? `${t.raw} (unresolved)`).join(', '),
            dynamicsEvidence: owner.dynamicsEvidence,
            verdict: 'Ready',
            reasons: [],
            counts: countBySeverity([]),
            findings: [],
          }
        : {
            name: relativePath(baseDir, path),
            path,
            kind: kind === 'powershell' ? 'script' : kind === 'registry' ? 'registry' : 'loose',
            target: kind === 'powershell' ? 'Windows PowerShell 5.1' : kind === 'registry' ? 'machine registry' : 'unknown',
            dynamicsEvidence: [],
            verdict: 'Ready',
            reasons: [],
            counts: countBySeverity([]),
            findings: [],
          };
      units.set(key, unit);
    }
    return unit;
  };
  const analysed = new Set(analysedFiles);
  for (const project of index.projects()) {
    if (analysed.has(project.path)) {
      unitFor(project.path);
    }
  }
  for (const path of analysedFiles) {
    const kind = fileKindOf(path);
    if (kind === 'powershell' || kind === 'registry') {
      unitFor(path);
    }
  }
  for (const f of findings) {
    unitFor(f.path).findings.push(f);
  }
  const rows = [...units.values()].sort((a, b) => a.path.localeCompare(b.path));
  for (const u of rows) {
    u.findings.sort((a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || a.path.localeCompare(b.path) || a.range.start.line - b.range.start.line);
    u.counts = countBySeverity(u.findings);
    u.verdict = verdictOf(u.findings);
    u.reasons = verdictReasons(u.findings);
  }
  return { baseDir, units: rows, totals: countBySeverity(findings), verdict: runVerdict(findings, skipped), reasons: verdictReasons(findings), skipped };
}
