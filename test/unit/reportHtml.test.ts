import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { NON_CODE_CHECKLIST } from '../../server/src/engine/report/checklist';
import { ReportData } from '../../server/src/engine/report/reportData';
import { escapeHtml, renderReportHtml } from '../../client/src/report/reportHtml';

const HOSTILE = `<img src=x onerror=alert(1)>`;

/** A report whose every user-supplied string is markup. */
function hostileReport(): ReportData {
  const path = `/ws/${HOSTILE}/"quoted' & <b>bold</b>.csproj`;
  return {
    baseDir: '/ws',
    units: [
      {
        name: `${HOSTILE}.csproj`,
        path,
        kind: 'client',
        target: '<script>alert(2)</script>',
        evidence: [`reference to <svg onload=alert(3)>`],
        verdict: 'Will fail',
        why: [`TLS: 1 error (${HOSTILE})`],
        counts: { error: 1, warning: 0, information: 0, hint: 0 },
        findings: [{ ruleId: 'TLS001', severity: 'error', message: `targets "4.5.2" </td><img src=y onerror=alert(4)>`, path, line: 11, character: 28, endLine: 11, endCharacter: 34 }],
      },
      {
        name: 'Deploy.ps1',
        path: '/ws/scripts/Deploy.ps1',
        kind: 'script',
        target: 'Windows PowerShell 5.1',
        evidence: [],
        verdict: 'Ready',
        why: [],
        counts: { error: 0, warning: 0, information: 0, hint: 0 },
        findings: [],
      },
    ],
    totals: { error: 1, warning: 0, information: 0, hint: 0 },
    verdict: 'Will fail',
    why: [`TLS: 1 error (${HOSTILE})`],
    files: 2,
    skipped: [{ path: `/ws/${HOSTILE}.cs`, reason: 'binary file' }],
    cancelled: false,
    elapsedMs: 42,
    safeFixCount: 1,
  };
}

/** The opening tags of a page (attribute text included). */
function tags(html: string): string[] {
  return html.match(/<[a-zA-Z][^>]*>/g) ?? [];
}

describe('report view HTML', () => {
  it('escapes every user string: no markup from file names, targets, evidence or messages reaches the page', () => {
    const html = renderReportHtml(hostileReport(), { nonce: 'abc123', checked: new Set() });
    const names = tags(html).map((t) => t.match(/^<([a-zA-Z0-9]+)/)?.[1]?.toLowerCase());
    assert.ok(!names.includes('img'), 'no img element');
    assert.ok(!names.includes('svg'), 'no svg element');
    assert.ok(!names.includes('b'), 'no b element');
    assert.equal(names.filter((n) => n === 'script').length, 1, 'only the page script');
    assert.ok(html.includes('&#60;img src=x onerror=alert(1)&#62;'), 'the folder name is shown as text');
    const attributeNames = tags(html).map((t) => t.replace(/"[^"]*"/g, '""'));
    assert.ok(!attributeNames.some((t) => /\son[a-z]+\s*=/i.test(t)), 'no inline event handler attribute');
  });

  it('serves a strict Content-Security-Policy: default-src none, script and style only with the nonce', () => {
    const html = renderReportHtml(hostileReport(), { nonce: 'n0nce', checked: new Set() });
    const csp = html.match(/<meta http-equiv="Content-Security-Policy" content="([^"]*)">/)?.[1];
    assert.ok(csp, 'a CSP meta tag');
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /script-src 'nonce-n0nce'/);
    assert.match(csp, /style-src 'nonce-n0nce'/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|\*/);
    for (const t of tags(html).filter((x) => /^<(script|style)\b/i.test(x))) {
      assert.match(t, /nonce="n0nce"/, `${t} carries the nonce`);
    }
    assert.ok(!/\sstyle="/.test(html), 'no inline style attribute (CSP would block it)');
  });

  it('shows one row per project/script with kind, target, evidence, verdict and counts, findings linked under it', () => {
    const html = renderReportHtml(hostileReport(), { nonce: 'x', checked: new Set() });
    assert.equal((html.match(/<tr class="unit"/g) ?? []).length, 2);
    assert.match(html, /<span class="verdict verdict-will-fail">Will fail<\/span>/);
    assert.match(html, /<span class="verdict verdict-ready">Ready<\/span>/);
    assert.match(html, /<a href="#" class="location" data-unit="0" data-finding="0"/);
    assert.match(html, /TLS001<\/span> &#60;img src=x onerror=alert\(1\)&#62;\/&#34;quoted&#39; &#38; &#60;b&#62;bold&#60;\/b&#62;\.csproj:12:29<\/a>/);
    assert.match(html, /Windows PowerShell 5\.1/);
    assert.match(html, /No findings\./);
    assert.match(html, /Fix all safe issues \(1\)/);
    assert.match(html, /data-action="exportMarkdown"/);
    assert.match(html, /data-action="exportSarif"/);
    assert.match(html, /1 file skipped/);
  });

  it('lists the non-code checklist with the remembered ticks', () => {
    const ticked = new Set(['outlook', 'operatingSystems']);
    const html = renderReportHtml(hostileReport(), { nonce: 'x', checked: ticked });
    for (const item of NON_CODE_CHECKLIST) {
      const box = html.match(new RegExp(`<input type="checkbox" data-check="${item.id}"( checked)?>`));
      assert.ok(box, `a box for ${item.id}`);
      assert.equal(Boolean(box[1]), ticked.has(item.id), `${item.id} ticked as remembered`);
      assert.ok(html.includes(escapeHtml(item.title)), item.title);
    }
    assert.match(html, /Outside the code \(2 of 8 checked\)/);
    for (const must of ['browsers', 'Office 2010', 'Office 365', '8.2.2.137', 'Unified Service Desk 3.1', 'Email Router', 'Report Authoring', 'Plugin Registration Tool', 'Configuration Migration Tool', 'NuGet', 'Windows 8 / Server 2012', 'Windows 7 / Server 2008 R2', 'SCHANNEL']) {
      assert.ok(html.includes(must), `the checklist mentions ${must}`);
    }
  });

  it('disables "Fix all safe issues" when there is nothing safe to fix, and says so when the check was cancelled', () => {
    const html = renderReportHtml({ ...hostileReport(), safeFixCount: 0, cancelled: true }, { nonce: 'x', checked: new Set() });
    assert.match(html, /<button type="button" data-action="fixAll" disabled>/);
    assert.match(html, /The check was cancelled/);
  });
});
