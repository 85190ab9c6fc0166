import { Finding } from '../../model/finding';
import { relativePath } from '../../project/paths';
import { makesIncomplete } from '../../scan/workspaceScan';
import { escapeForDisplay as shown } from '../../text/displayEscape';
import { ReadinessReport } from '../readiness';
import { reasonText } from '../verdictReasons';

function location(base: string, f: Finding): string {
  return `${shown(relativePath(base, f.path))}:${f.range.start.line + 1}:${f.range.start.character + 1}`;
}

/**
 * Renders the report as plain text: findings by file, skipped files, then (last) per-project verdicts and totals.
 * Every name and value goes through the one display escaping, so that no file name or value can write a control or
 * bidirectional character, or a line of its own (the verdict line is the report's, always exactly one).
 */
export function toText(report: ReadinessReport, findings: readonly Finding[]): string {
  const out: string[] = [];
  for (const f of findings) {
    out.push(`${location(report.baseDir, f)}  ${f.severity.padEnd(11)} ${f.ruleId}  ${shown(f.message)}`);
  }
  if (findings.length) {
    out.push('');
  }
  const unread = report.skipped.filter(makesIncomplete);
  const bySettings = report.skipped.filter((s) => !makesIncomplete(s));
  if (report.skipped.length) {
    out.push(`Skipped (${unread.length} could not be read${unread.length ? ': the check is incomplete' : ''}; ${bySettings.length} left out by settings or not text):`);
    for (const s of [...unread, ...bySettings]) {
      out.push(`skipped  ${shown(relativePath(report.baseDir, s.path))}: ${shown(s.reason)}`);
    }
    out.push('');
  }
  out.push('Readiness by project and script:');
  if (report.units.length === 0) {
    out.push('  (no projects, scripts or registry files found)');
  }
  for (const u of report.units) {
    const c = u.counts;
    out.push(
      `  ${u.verdict.padEnd(9)}  ${shown(relativePath(report.baseDir, u.path))}  [${u.kind}, ${shown(u.target)}]  ` +
        `${c.error} error(s), ${c.warning} warning(s), ${c.information} info` +
        (u.reasons.length ? ` — because ${u.reasons.map(reasonText).join('; ')}` : ''),
    );
  }
  const t = report.totals;
  out.push('');
  out.push(`Total: ${t.error} error(s), ${t.warning} warning(s), ${t.information} information, ${t.hint} hint(s) — ${report.verdict}`);
  return out.join('\n') + '\n';
}
