import { ruleDocsUrl } from '../../model/docs';
import { relativePath } from '../../project/paths';
import { NON_CODE_CHECKLIST } from '../checklist';
import { ReadinessReport } from '../readiness';
import { reasonText } from '../verdictReasons';
import { makesIncomplete } from '../../scan/workspaceScan';
import { escapeForDisplay } from '../../text/displayEscape';
import { appendAll } from '../../util/arrays';

/**
 * Escapes text for a Markdown table cell or line (file names are user data): first the one display escaping of every
 * output (controls, line breaks and bidirectional characters become visible escapes, so no value starts a new line or
 * block), then every character that can start emphasis, code, a link, HTML, an entity or a heading, or end a cell.
 */
export function escapeMarkdown(text: string): string {
  return escapeForDisplay(text).replace(/[\\`*_[\]|<>&~#]/g, (c) => `\\${c}`);
}

/**
 * Renders the readiness report as Markdown — the same report as the editor's view: one table row per project/script,
 * the findings grouped under each, then the non-code checklist (`checked` ids are ticked). A scan with a baseline
 * passes the sentence saying how many findings are new; it follows the overall verdict.
 */
export function toMarkdown(report: ReadinessReport, checked: ReadonlySet<string> = new Set(), baselineNote?: string): string {
  const out: string[] = ['# Dynamics 365 TLS and connection readiness', ''];
  const t = report.totals;
  const why = report.reasons.length ? ` Because of ${report.reasons.map(reasonText).join('; ')}.` : '';
  out.push(`Overall: **${report.verdict}** — ${t.error} error(s), ${t.warning} warning(s), ${t.information} information.${why}`, '');
  if (baselineNote) {
    out.push(escapeMarkdown(baselineNote), '');
  }
  out.push('| Project / script | Kind | Target | Dynamics evidence | Verdict | Why | Errors | Warnings | Info |', '|---|---|---|---|---|---|---|---|---|');
  for (const u of report.units) {
    const evidence = u.dynamicsEvidence.length ? u.dynamicsEvidence.map((e) => escapeMarkdown(e.description)).join('<br>') : '—';
    const why = u.reasons.length ? u.reasons.map((r) => escapeMarkdown(reasonText(r))).join('<br>') : '—';
    out.push(
      `| ${escapeMarkdown(relativePath(report.baseDir, u.path))} | ${u.kind} | ${escapeMarkdown(u.target)} | ${evidence} | ${u.verdict} | ${why} | ${u.counts.error} | ${u.counts.warning} | ${u.counts.information} |`,
    );
  }
  appendAll(out, skippedSection(report));
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

/** The skipped files: those that could not be read (the run is incomplete), then those left out by settings. */
function skippedSection(report: ReadinessReport): string[] {
  if (report.skipped.length === 0) {
    return [];
  }
  const unread = report.skipped.filter(makesIncomplete);
  const out = ['', '## Skipped files', ''];
  if (unread.length) {
    out.push(`${unread.length} file(s) or folder(s) could not be read: the check is **Incomplete**.`, '');
  }
  for (const s of [...unread, ...report.skipped.filter((x) => !makesIncomplete(x))]) {
    out.push(`- ${escapeMarkdown(relativePath(report.baseDir, s.path))} — ${escapeMarkdown(s.reason)}${makesIncomplete(s) ? '' : ' (left out, not an error)'}`);
  }
  return out;
}
