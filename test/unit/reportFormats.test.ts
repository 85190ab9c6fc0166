import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { toMarkdown } from '../../server/src/engine/report/formats/markdown';
import { toText } from '../../server/src/engine/report/formats/text';
import { relativePath } from '../../server/src/engine/project/paths';
import { NON_CODE_CHECKLIST } from '../../server/src/engine/report/checklist';
import { buildReadinessReport } from '../../server/src/engine/report/readiness';
import { scanFolder } from '../support/engineHarness';
import { HOSTILE_FOLDER, REPORT_UNITS, makeReportWorkspace } from './reportWorkspace';

async function scanReport(withHostileFolder: boolean): Promise<{ markdown: string; text: string; report: ReturnType<typeof buildReadinessReport> }> {
  const { analyzer, result } = await scanFolder(makeReportWorkspace(withHostileFolder));
  const report = buildReadinessReport(analyzer.index, result.findings, result.files, result.baseDir, result.skipped);
  return { markdown: toMarkdown(report, new Set(['office'])), text: toText(report, result.findings), report };
}

describe('report formats: Markdown (scan --format markdown)', () => {
  it('prints the report: one table row per project/script, the findings under each, then the checklist', async () => {
    const { markdown, report } = await scanReport(false);
    const tableRows = markdown.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| Project'));
    assert.equal(tableRows.length, report.units.length);
    for (const rel of Object.values(REPORT_UNITS).filter((r) => r !== REPORT_UNITS.hostile)) {
      const u = report.units.find((x) => relativePath(report.baseDir, x.path) === rel);
      assert.ok(u, rel);
      assert.ok(tableRows.some((r) => r.startsWith(`| ${rel} | ${u.kind} |`) && r.includes(`| ${u.verdict} |`)), `row of ${rel}`);
      if (u.findings.length) {
        const heading = markdown.indexOf(`## ${rel} — ${u.verdict}`);
        assert.ok(heading > 0, `a section for ${rel}`);
        const section = markdown.slice(heading).split('\n## ')[0] ?? '';
        for (const f of u.findings) {
          assert.ok(section.includes(`[${f.ruleId}](`) && section.includes(`:${f.range.start.line + 1} — `), `${f.ruleId} under ${rel}`);
        }
      }
    }
    const checklist = markdown.slice(markdown.indexOf('## Outside the code'));
    assert.equal(checklist.split('\n').filter((l) => l.startsWith('- [')).length, NON_CODE_CHECKLIST.length);
    assert.match(checklist, /- \[x\] \*\*Microsoft Office 2010–2016 \/ Office 365\*\*/);
    assert.match(checklist, /- \[ \] \*\*Dynamics 365 for Outlook 8\.2\.2\.137 or later\*\*/);
  });

  it('escapes a folder name that is markup', async () => {
    const { markdown } = await scanReport(true);
    assert.ok(!markdown.includes(HOSTILE_FOLDER), 'the raw tag never appears');
    assert.ok(markdown.includes('\\<img src=x onerror=alert(1)\\>/Legacy.csproj'), 'it appears escaped');
  });
});

describe('report formats: text (scan --format text)', () => {
  it('ends with the per-project verdicts and the totals', async () => {
    const { text, report } = await scanReport(false);
    const lines = text.trimEnd().split('\n');
    const last = lines[lines.length - 1] ?? '';
    const t = report.totals;
    assert.equal(last, `Total: ${t.error} error(s), ${t.warning} warning(s), ${t.information} information, ${t.hint} hint(s) — ${report.verdict}`);
    const header = lines.lastIndexOf('Readiness by project and script:');
    assert.ok(header > 0);
    const verdictLines = lines.slice(header + 1, lines.length - 2);
    assert.equal(verdictLines.length, report.units.length);
    for (const [i, u] of report.units.entries()) {
      assert.ok(verdictLines[i]?.startsWith(`  ${u.verdict.padEnd(9)}  ${relativePath(report.baseDir, u.path)}  [${u.kind}, ${u.target}]`), verdictLines[i]);
    }
  });
});
