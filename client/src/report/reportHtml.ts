import { relativePath } from '../../../server/src/engine/project/paths';
import { ChecklistItem, NON_CODE_CHECKLIST } from '../../../server/src/engine/report/checklist';
import { ReportData, ReportFinding, ReportUnit } from '../../../server/src/engine/report/reportData';
import { escapeForDisplay } from '../../../server/src/engine/text/displayEscape';
import { REPORT_CSS } from './reportStyles';

/** A message the report view posts to the extension (the only way the page acts: it runs nothing itself). */
export type ReportMessage =
  | { type: 'open'; unit: number; finding: number }
  | { type: 'toggle'; id: string; checked: boolean }
  | { type: 'fixAll' }
  | { type: 'exportMarkdown' }
  | { type: 'exportSarif' }
  | { type: 'recheck' };

/** What the page needs besides the report: the CSP nonce and the checklist ticks remembered for the workspace. */
export interface ReportPageOptions {
  /** A fresh random value per render: the only script and style allowed to run carry it. */
  nonce: string;
  checked: ReadonlySet<string>;
  checklist?: readonly ChecklistItem[];
  /** Extra checklist lines, already HTML (the probe's result line). */
  checklistExtra?: string;
  /** Sections shown beside "Outside the code", already HTML (the probe's endpoints). */
  besideChecklist?: string;
}

/**
 * Escapes text for HTML element content and quoted attribute values (file names and messages are user data): first
 * the one display escaping of every output (controls and bidirectional characters shown, not obeyed), then HTML's.
 */
export function escapeHtml(text: string): string {
  return escapeForDisplay(text).replace(/[&<>"'`]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The CSS class of a verdict badge (`Will fail` → `verdict-will-fail`). */
function verdictClass(verdict: string): string {
  return `verdict verdict-${verdict.toLowerCase().replace(/[^a-z]+/g, '-')}`;
}

/** Singular or plural count, e.g. "1 error", "2 errors". */
function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** The page's script: forwards clicks and ticks to the extension with postMessage; it reads nothing from the page's data. */
const REPORT_SCRIPT = `(function () {
  const vscode = acquireVsCodeApi();
  document.addEventListener('click', function (event) {
    const target = event.target instanceof Element ? event.target.closest('[data-finding], [data-action]') : null;
    if (!target) { return; }
    event.preventDefault();
    if (target.hasAttribute('data-finding')) {
      vscode.postMessage({ type: 'open', unit: Number(target.getAttribute('data-unit')), finding: Number(target.getAttribute('data-finding')) });
    } else {
      vscode.postMessage({ type: target.getAttribute('data-action') });
    }
  });
  document.addEventListener('change', function (event) {
    const box = event.target;
    if (box instanceof HTMLInputElement && box.hasAttribute('data-check')) {
      vscode.postMessage({ type: 'toggle', id: box.getAttribute('data-check'), checked: box.checked });
    }
  });
})();`;

function findingItem(report: ReportData, f: ReportFinding, unitIndex: number, findingIndex: number): string {
  const where = `${relativePath(report.baseDir, f.path)}:${f.line + 1}:${f.character + 1}`;
  return (
    `<li><span class="sev sev-${escapeHtml(f.severity)}">${escapeHtml(f.severity)}</span> ` +
    `<a href="#" class="location" data-unit="${unitIndex}" data-finding="${findingIndex}" title="Open ${escapeHtml(where)}">` +
    `<span class="rule">${escapeHtml(f.ruleId)}</span> ${escapeHtml(where)}</a> — <span class="message">${escapeHtml(f.message)}</span></li>`
  );
}

function unitRows(report: ReportData, u: ReportUnit, index: number): string {
  const rel = relativePath(report.baseDir, u.path);
  const evidence = u.evidence.length ? u.evidence.map(escapeHtml).join('<br>') : '—';
  const count = (s: string): number => u.counts[s] ?? 0;
  const row =
    `<tr class="unit" data-unit-row="${index}">` +
    `<td><span class="unit-name">${escapeHtml(u.name)}</span><br><span class="unit-path">${escapeHtml(rel)}</span></td>` +
    `<td>${escapeHtml(u.kind)}</td><td>${escapeHtml(u.target)}</td><td>${evidence}</td>` +
    `<td><span class="${verdictClass(u.verdict)}">${escapeHtml(u.verdict)}</span></td>` +
    `<td>${u.why.length ? `<ul class="reasons">${u.why.map((w) => `<li>${escapeHtml(w)}</li>`).join('')}</ul>` : '—'}</td>` +
    `<td class="num">${count('error')}</td><td class="num">${count('warning')}</td><td class="num">${count('information')}</td></tr>`;
  const findings = u.findings.length
    ? `<ul class="findings">${u.findings.map((f, j) => findingItem(report, f, index, j)).join('')}</ul>`
    : '<span class="empty">No findings.</span>';
  return `${row}<tr class="unit-findings"><td colspan="9">${findings}</td></tr>`;
}

function unitsTable(report: ReportData): string {
  if (report.units.length === 0) {
    return '<p class="empty">No projects, scripts or registry files were found.</p>';
  }
  return (
    '<table class="units"><thead><tr><th>Project / script</th><th>Kind</th><th>Effective target</th><th>Dynamics evidence</th>' +
    '<th>Verdict</th><th>Why</th><th class="num">Errors</th><th class="num">Warnings</th><th class="num">Info</th></tr></thead><tbody>' +
    report.units.map((u, i) => unitRows(report, u, i)).join('') +
    '</tbody></table>'
  );
}

/** The machines section: a row per registry export of a machine, with its verdict and reasons per kind of client. */
function machinesSection(report: ReportData): string {
  const machines = report.machines ?? [];
  if (machines.length === 0) {
    return '';
  }
  const rows = machines
    .map(
      (m) =>
        `<tr class="machine"><td><span class="unit-path">${escapeHtml(relativePath(report.baseDir, m.path))}</span></td>` +
        `<td>${escapeHtml(m.windows)}</td><td>${escapeHtml(m.netFramework)}</td>` +
        `<td><span class="${verdictClass(m.verdict)}">${escapeHtml(m.verdict)}</span></td>` +
        `<td><ul class="reasons">${m.reasons.map((r) => `<li>${escapeHtml(r)}</li>`).join('')}</ul></td></tr>`,
    )
    .join('');
  return (
    `<h2>Machines (${plural(machines.length, 'registry export')})</h2>` +
    '<table class="machines"><thead><tr><th>Export</th><th>Windows</th><th>.NET Framework</th><th>Verdict</th><th>Why</th></tr></thead>' +
    `<tbody>${rows}</tbody></table>`
  );
}

function checklistSection(items: readonly ChecklistItem[], checked: ReadonlySet<string>, extra = ''): string {
  const done = items.filter((i) => checked.has(i.id)).length;
  const lis = items
    .map(
      (i) =>
        `<li><label><input type="checkbox" data-check="${escapeHtml(i.id)}"${checked.has(i.id) ? ' checked' : ''}>` +
        `<span><strong>${escapeHtml(i.title)}</strong><span class="detail">${escapeHtml(i.detail)}</span></span></label></li>`,
    )
    .join('');
  return `<h2>Outside the code (${done} of ${items.length} checked)</h2><ul class="checklist">${lis}${extra}</ul>`;
}

function skippedSection(report: ReportData): string {
  if (report.skipped.length === 0) {
    return '';
  }
  const lis = report.skipped.map((s) => `<li>${escapeHtml(relativePath(report.baseDir, s.path))}: ${escapeHtml(s.reason)}</li>`).join('');
  return `<details><summary>${plural(report.skipped.length, 'file')} skipped</summary><ul>${lis}</ul></details>`;
}

/**
 * Builds the report view's whole HTML page from the check's result: escaped user data, a strict Content-Security-Policy
 * (`default-src 'none'`, only the nonce-carrying script and style run), VS Code theme variables. Pure, so it is tested
 * as text and rendered in a browser.
 */
export function renderReportHtml(report: ReportData, options: ReportPageOptions): string {
  const nonce = escapeHtml(options.nonce);
  const t = (s: string): number => report.totals[s] ?? 0;
  const csp = `default-src 'none'; style-src 'nonce-${nonce}'; script-src 'nonce-${nonce}'; img-src data:;`;
  const fixLabel = report.safeFixCount > 0 ? `Fix all safe issues (${report.safeFixCount})` : 'Fix all safe issues';
  const notes = [
    report.cancelled ? '<p class="note">The check was cancelled: the results below cover the files checked before it stopped.</p>' : '',
    report.safeFixCount === 0 ? '<p class="note">No safe fixes are available for these findings.</p>' : '',
  ].join('');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Dynamics TLS and connection readiness</title>
<style nonce="${nonce}">${REPORT_CSS}</style>
</head>
<body>
<h1>Dynamics 365 TLS and connection readiness</h1>
<p class="summary">Overall: <span class="${verdictClass(report.verdict)}" id="overall-verdict">${escapeHtml(report.verdict)}</span> —
${plural(t('error'), 'error')}, ${plural(t('warning'), 'warning')}, ${t('information')} information${report.why.length ? ` (${escapeHtml(report.why.join('; '))})` : ''} in ${plural(report.units.length, 'project/script')}
(${plural(report.files, 'file')} checked in ${report.elapsedMs} ms).</p>
${notes}
<div class="actions">
<button type="button" data-action="fixAll"${report.safeFixCount === 0 ? ' disabled' : ''}>${fixLabel}</button>
<button type="button" class="secondary" data-action="exportMarkdown">Export Markdown</button>
<button type="button" class="secondary" data-action="exportSarif">Export SARIF</button>
<button type="button" class="secondary" data-action="recheck">Check again</button>
</div>
<h2>Projects and scripts</h2>
${unitsTable(report)}
${machinesSection(report)}
${checklistSection(options.checklist ?? NON_CODE_CHECKLIST, options.checked, options.checklistExtra)}
${options.besideChecklist ?? ''}
${skippedSection(report)}
<script nonce="${nonce}">${REPORT_SCRIPT}</script>
</body>
</html>
`;
}
