import { Finding } from '../../model/finding';
import { relativePath } from '../../project/paths';
import { ReadinessReport } from '../readiness';

function location(base: string, f: Finding): string {
  return `${relativePath(base, f.path)}:${f.range.start.line + 1}:${f.range.start.character + 1}`;
}

/** Renders the report as plain text: findings by file, skipped files, then (last) per-project verdicts and totals. */
export function toText(report: ReadinessReport, findings: readonly Finding[], skipped: readonly { path: string; reason: string }[]): string {
  const out: string[] = [];
  for (const f of findings) {
    out.push(`${location(report.baseDir, f)}  ${f.severity.padEnd(11)} ${f.ruleId}  ${f.message}`);
  }
  if (findings.length) {
    out.push('');
  }
  for (const s of skipped) {
    out.push(`skipped  ${relativePath(report.baseDir, s.path)}: ${s.reason}`);
  }
  if (skipped.length) {
    out.push('');
  }
  out.push('Readiness by project and script:');
  if (report.units.length === 0) {
    out.push('  (no projects, scripts or registry files found)');
  }
  for (const u of report.units) {
    const c = u.counts;
    out.push(
      `  ${u.verdict.padEnd(9)}  ${relativePath(report.baseDir, u.path)}  [${u.kind}, ${u.target}]  ` +
        `${c.error} error(s), ${c.warning} warning(s), ${c.information} info`,
    );
  }
  const t = report.totals;
  out.push('');
  out.push(`Total: ${t.error} error(s), ${t.warning} warning(s), ${t.information} information, ${t.hint} hint(s) — ${report.verdict}`);
  return out.join('\n') + '\n';
}
