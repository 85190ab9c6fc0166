import { ruleDocsUrl } from '../../engine/model/docs';
import { relativePath } from '../../engine/project/paths';
import { ReadinessReport } from '../../engine/report/readiness';

/** Escapes text for a Markdown table cell or line (file names are user data). */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+!|<>&]/g, (c) => `\\${c}`).replace(/\r?\n/g, ' ');
}

/** Renders the readiness report as Markdown: one table row per project/script, then findings grouped under each. */
export function toMarkdown(report: ReadinessReport): string {
  const out: string[] = ['# Dynamics 365 TLS 1.2 readiness', ''];
  const t = report.totals;
  out.push(`Overall: **${report.verdict}** — ${t.error} error(s), ${t.warning} warning(s), ${t.information} information.`, '');
  out.push('| Project / script | Kind | Target | Dynamics evidence | Verdict | Errors | Warnings | Info |', '|---|---|---|---|---|---|---|---|');
  for (const u of report.units) {
    const evidence = u.dynamicsEvidence.length ? escapeMarkdown(u.dynamicsEvidence[0]?.description ?? '') : '—';
    out.push(
      `| ${escapeMarkdown(relativePath(report.baseDir, u.path))} | ${u.kind} | ${escapeMarkdown(u.target)} | ${evidence} | ${u.verdict} | ${u.counts.error} | ${u.counts.warning} | ${u.counts.information} |`,
    );
  }
  for (const u of report.units.filter((x) => x.findings.length)) {
    out.push('', `## ${escapeMarkdown(relativePath(report.baseDir, u.path))} — ${u.verdict}`, '');
    for (const f of u.findings) {
      const where = `${escapeMarkdown(relativePath(report.baseDir, f.path))}:${f.range.start.line + 1}`;
      out.push(`- **${f.severity}** [${f.ruleId}](${ruleDocsUrl(f.ruleId)}) ${where} — ${escapeMarkdown(f.message)}`);
    }
  }
  return out.join('\n') + '\n';
}
