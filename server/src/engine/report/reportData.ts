import type { ReportMachine } from '../machine/machineRows';
import { ReadinessReport } from './readiness';
import { reasonText } from './verdictReasons';

/** A finding as the report view shows it: plain JSON, 0-based LSP positions (it crosses the LSP connection). */
export interface ReportFinding {
  ruleId: string;
  severity: string;
  message: string;
  path: string;
  line: number;
  character: number;
  endLine: number;
  endCharacter: number;
}

/** A project/script row of the report in plain JSON. */
export interface ReportUnit {
  name: string;
  path: string;
  kind: string;
  target: string;
  evidence: string[];
  verdict: string;
  /** Why the row is not Ready, one line per rule family (`connection: 1 warning (DYN101)`); empty when Ready. */
  why: string[];
  counts: Record<string, number>;
  findings: ReportFinding[];
}

/** The whole report in plain JSON: what the server sends the client and what the report view renders. */
export interface ReportData {
  baseDir: string;
  units: ReportUnit[];
  totals: Record<string, number>;
  verdict: string;
  /** Why the whole check is not Ready, one line per rule family; empty when Ready. */
  why: string[];
  files: number;
  skipped: { path: string; reason: string; incomplete?: true }[];
  cancelled: boolean;
  elapsedMs: number;
  safeFixCount: number;
  /** One row per registry export found in the workspace that describes a machine (absent: none were looked for). */
  machines?: ReportMachine[];
}

/** What a scan adds to the readiness rows: file count, skipped files, cancellation, time, safe fixes available. */
export interface ReportScanFacts {
  files: number;
  skipped: { path: string; reason: string; incomplete?: true }[];
  cancelled: boolean;
  elapsedMs: number;
  safeFixCount: number;
}

/** Flattens a readiness report into plain JSON for the LSP connection and the report view. */
export function toReportData(report: ReadinessReport, facts: ReportScanFacts): ReportData {
  return {
    baseDir: report.baseDir,
    units: report.units.map((u) => ({
      name: u.name,
      path: u.path,
      kind: u.kind,
      target: u.target,
      evidence: u.dynamicsEvidence.map((e) => e.description),
      verdict: u.verdict,
      why: u.reasons.map(reasonText),
      counts: { ...u.counts },
      findings: u.findings.map((f) => ({
        ruleId: f.ruleId,
        severity: f.severity,
        message: f.message,
        path: f.path,
        line: f.range.start.line,
        character: f.range.start.character,
        endLine: f.range.end.line,
        endCharacter: f.range.end.character,
      })),
    })),
    totals: { ...report.totals },
    verdict: report.verdict,
    why: report.reasons.map(reasonText),
    ...facts,
  };
}
