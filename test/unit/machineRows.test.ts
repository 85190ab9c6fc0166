import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { renderReportHtml } from '../../client/src/report/reportHtml';
import { machineRows } from '../../server/src/engine/machine/machineRows';
import { ReportData } from '../../server/src/engine/report/reportData';
import { decodeText } from '../../server/src/engine/text/encoding';
import { REPO_ROOT } from '../support/engineHarness';

const exportText = (name: string): string => decodeText(readFileSync(join(REPO_ROOT, 'test', 'fixtures', 'machine', name))).text;

/** The Advisory 2960358 body: a settings file, not a description of a machine. */
const ADVISORY = 'Windows Registry Editor Version 5.00\r\n\r\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\.NETFramework\\v4.0.30319]\r\n"SchUseStrongCrypto"=dword:00000001\r\n';

describe('report: a row per machine export in the workspace', () => {
  it('judges the .reg files that describe a machine, ordered by path; settings .reg files and other files are not machines', () => {
    const rows = machineRows(
      new Map([
        ['/ws/servers/web02.reg', exportText('server2019-net48.reg')],
        ['/ws/servers/app01.reg', exportText('server2012r2-net452.reg')],
        ['/ws/fix/tls12.reg', ADVISORY],
        ['/ws/servers/schannel-only.reg', exportText('partial-schannel-only.reg')],
        ['/ws/App/Program.cs', 'class P {}'],
      ]),
    );
    assert.deepEqual(
      rows.map((r) => [r.path, r.windows, r.netFramework, r.verdict]),
      [
        ['/ws/servers/app01.reg', 'Windows Server 2012 R2 Standard (build 9600)', '4.5.2', 'Will fail'],
        ['/ws/servers/web02.reg', 'Windows Server 2019 Datacenter (build 17763)', '4.8', 'Ready'],
      ],
    );
    assert.ok(rows[0]?.reasons.some((r) => r.startsWith('.NET Framework apps built for 4.5.2 or earlier: Will fail')));
  });

  it('the report view shows a Machines section with escaped values, and none when there are no machine exports', () => {
    const base: ReportData = { baseDir: '/ws', units: [], totals: {}, verdict: 'Ready', why: [], files: 1, skipped: [], cancelled: false, elapsedMs: 1, safeFixCount: 0 };
    const html = renderReportHtml(
      { ...base, machines: [{ path: '/ws/servers/<b>app01</b>.reg', windows: 'Windows <script>', netFramework: '4.5.2', verdict: 'Will fail', reasons: ['x & <y>'] }] },
      { nonce: 'n', checked: new Set() },
    );
    assert.match(html, /<h2>Machines \(1 registry export\)<\/h2>/);
    assert.match(html, /servers\/&#60;b&#62;app01&#60;\/b&#62;\.reg/);
    assert.match(html, /<span class="verdict verdict-will-fail">Will fail<\/span>/);
    assert.match(html, /<li>x &#38; &#60;y&#62;<\/li>/);
    assert.doesNotMatch(html, /<script>|<b>app01/);
    assert.doesNotMatch(renderReportHtml(base, { nonce: 'n', checked: new Set() }), /Machines \(/);
  });
});
