import { ruleDocsUrl } from '../../model/docs';
import { relativePath } from '../../project/paths';
import { NON_CODE_CHECKLIST } from '../checklist';
import { ReadinessReport } from '../readiness';

/**
 * Escapes text for a Markdown table cell or line (file names are user data): every character that can start emphasis,
 * code, a link, HTML or an entity, or end a table cell. Text never starts a line, so block markers need no escape.
 */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]|<>&~]/g, (c) => `\\${c}`).replace(/\r?\n/g, ' ');
}

/**
 * Renders the readiness report as Markdown — the same report as the editor's view: one table row per project/script,
 * the findings grouped under each, then the non-code checklist (`checked` ids are ticked). A scan with a baseline
 * passes the sentence saying how many findings are new; it follows the overall verdict.
 */
export function toMarkdown(report: ReadinessReport, checked: ReadonlySet<string> = new Set(), baselineNote?: string): string {
  const out: string[] = ['# Dynamics 365 TLS 1.2 readiness', ''];
  const t = report.totals;
  out.push(`Overall: **${report.verdict}** — ${t.error} error(s), ${t.warning} warning(s), ${t.information} information.`, '');
  if (baselineNote) {
    out.push(escapeMarkdown(baselineNote), '');
  }
  out.push('| Project / script | Kind | Target | Dynamics evidence | Verdict | Errors | Warnings | Info |', '|---|---|---|---|---|---|---|---|');
  for (const u of report.units) {
    const evidence = u.dynamicsEvidence.length ? u.dynamicsEvidence.map((e) => escapeMarkdown(e.description)).join('<br>') : '—';
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
  out.push('', '## Outside the code', '');
  for (const item of NON_CODE_CHECKLIST) {
    out.push(`- [${checked.has(item.id) ? 'x' : ' '}] **${escapeMarkdown(item.title)}** — ${escapeMarkdown(item.detail)}`);
  }
  return out.join('\n') + '\n';
}
