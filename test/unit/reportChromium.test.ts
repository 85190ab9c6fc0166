import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Browser, Page, chromium } from 'playwright-core';
import { buildReadinessReport } from '../../server/src/engine/report/readiness';
import { toReportData } from '../../server/src/engine/report/reportData';
import { renderReportHtml } from '../../client/src/report/reportHtml';
import { REPO_ROOT, scanFolder } from '../support/engineHarness';
import { HOSTILE_FOLDER, makeReportWorkspace } from './reportWorkspace';

/** Debian's chromium (the e2e set-up installs it with apt). */
const CHROMIUM = process.env.DTLS_CHROMIUM ?? '/usr/bin/chromium';
/** Where the screenshots go: a test artifact, not checked in. */
const ARTIFACTS = join(REPO_ROOT, 'test-results', 'report');

/** The address the page is served from (intercepted: nothing leaves the machine). */
const REPORT_URL = 'https://report.invalid/index.html';

/** The theme variables VS Code sets on a webview's root for a dark and a high-contrast theme (a subset). */
const THEMES: Record<string, Record<string, string>> = {
  dark: {
    '--vscode-editor-background': '#1e1e1e',
    '--vscode-foreground': '#cccccc',
    '--vscode-descriptionForeground': '#9d9d9d',
    '--vscode-button-background': '#0e639c',
    '--vscode-button-foreground': '#ffffff',
    '--vscode-button-secondaryBackground': '#3a3d41',
    '--vscode-button-secondaryForeground': '#ffffff',
    '--vscode-textLink-foreground': '#3794ff',
    '--vscode-errorForeground': '#f48771',
    '--vscode-editorWarning-foreground': '#cca700',
    '--vscode-testing-iconPassed': '#73c991',
    '--vscode-panel-border': '#2b2b2b',
  },
  'high-contrast': {
    '--vscode-editor-background': '#000000',
    '--vscode-foreground': '#ffffff',
    '--vscode-descriptionForeground': '#ffffff',
    '--vscode-button-background': '#000000',
    '--vscode-button-foreground': '#ffffff',
    '--vscode-button-secondaryBackground': '#000000',
    '--vscode-button-secondaryForeground': '#ffffff',
    '--vscode-contrastBorder': '#6fc3df',
    '--vscode-textLink-foreground': '#21a6ff',
    '--vscode-errorForeground': '#f48771',
    '--vscode-editorWarning-foreground': '#ffd700',
    '--vscode-testing-iconPassed': '#73c991',
    '--vscode-panel-border': '#6fc3df',
  },
};

/** Stands in for the webview host: `acquireVsCodeApi()` records what the page posts. Installed before the page's script. */
const HOST_STUB = `window.__posted = []; window.acquireVsCodeApi = () => ({ postMessage: (m) => window.__posted.push(m), getState: () => undefined, setState: () => undefined });`;

async function renderedHostileReport(): Promise<string> {
  const { analyzer, result } = await scanFolder(makeReportWorkspace(true));
  const report = buildReadinessReport(analyzer.index, result.findings, result.files, result.baseDir, result.skipped);
  const data = toReportData(report, { files: result.files.length, skipped: result.skipped, cancelled: false, elapsedMs: 1234, safeFixCount: 3 });
  return renderReportHtml(data, { nonce: 'dGVzdG5vbmNlMTIzNDU2', checked: new Set(['browsers', 'office']) });
}

describe('report view in headless Chromium', { skip: existsSync(CHROMIUM) ? false : `no Chromium at ${CHROMIUM} (test/e2e/setup.sh installs it)` }, () => {
  let browser: Browser;
  let page: Page;
  const dialogs: string[] = [];
  const cspViolations: string[] = [];

  before(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) {
        cspViolations.push(m.text());
      }
    });
    await page.addInitScript(HOST_STUB);
    // Served from a URL rather than written into about:blank, so the page loads as a new document (as a webview does).
    const html = await renderedHostileReport();
    await page.route(REPORT_URL, (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }));
    await page.goto(REPORT_URL, { waitUntil: 'load' });
  });
  after(async () => {
    await browser?.close();
  });

  it('shows a project folder named <img src=x onerror=alert(1)> as text: no img element, no dialog', async () => {
    assert.equal(await page.locator('img').count(), 0, 'no img element');
    assert.deepEqual(dialogs, [], 'no dialog fired');
    const text = await page.locator('body').innerText();
    assert.ok(text.includes(`${HOSTILE_FOLDER}/Legacy.csproj`), 'the folder name is visible as text');
    await page.screenshot({ path: join(ARTIFACTS, 'report-light.png'), fullPage: true });
  });

  it('renders the rows and verdicts, and its own script runs under the CSP (clicks become messages)', async () => {
    const verdicts = await page.locator('tr.unit .verdict').allInnerTexts();
    assert.ok(verdicts.includes('Will fail') && verdicts.includes('Ready'), verdicts.join(', '));
    await page.locator('a.location').first().click();
    await page.locator('input[data-check="outlook"]').check();
    await page.locator('button[data-action="exportMarkdown"]').click();
    await page.locator('button[data-action="fixAll"]').click();
    const posted = await page.evaluate('window.__posted');
    assert.deepEqual(posted, [{ type: 'open', unit: 0, finding: 0 }, { type: 'toggle', id: 'outlook', checked: true }, { type: 'exportMarkdown' }, { type: 'fixAll' }]);
    assert.equal(await page.locator('input[data-check="browsers"]').isChecked(), true, 'remembered ticks are shown');
    assert.deepEqual(cspViolations, [], 'nothing of the page itself is blocked');
  });

  it('the CSP blocks markup that would run script (an inline handler added to the page does not fire)', async () => {
    await page.evaluate(`(() => {
      const div = document.createElement('div');
      div.id = 'injected';
      div.innerHTML = '<img src="data:," onerror="window.__xss = 1">';
      document.body.appendChild(div);
    })()`);
    await page.waitForFunction("document.querySelector('#injected img').complete === true");
    assert.equal(await page.evaluate('window.__xss'), undefined);
    assert.ok(cspViolations.length > 0, 'the browser reports the blocked handler');
    await page.evaluate("document.getElementById('injected').remove()");
  });

  it('follows the light, dark and high-contrast themes through VS Code\'s CSS variables', async () => {
    const background = "getComputedStyle(document.body).backgroundColor";
    const light = await page.evaluate(background);
    for (const [name, vars] of Object.entries(THEMES)) {
      await page.evaluate(`(() => {
        for (const [k, v] of Object.entries(${JSON.stringify(vars)})) { document.documentElement.style.setProperty(k, v); }
      })()`);
      const bg = await page.evaluate(background);
      assert.notEqual(bg, light, `${name}: the background follows --vscode-editor-background`);
      await page.screenshot({ path: join(ARTIFACTS, `report-${name}.png`), fullPage: true });
    }
  });
});
