// UI smoke test: drives the real workbench (code-server + headless chromium) like a user. Opens the 4.5.2 console
// project through Quick Open, waits for the TLS001 squiggle, opens the quick fix menu (F8, Ctrl+.), applies
// "Retarget to .NET Framework 4.8" (the preferred retarget), saves, then runs "Check Dynamics TLS readiness" from the command palette and
// reads its notification. Screenshots go to test-results/e2e/ui/.
// The extension is the checkout (extensionDevelopmentPath), or with VSIX=<path> a .vsix installed by code-server's
// --install-extension into the run's extensions folder, or with DTLS_E2E_EXTENSION=<folder> another extension folder.
// Env: DTLS_E2E_UI_TIMEOUT_MS (overall, default 240000).
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const h = require('./harness');

const TIMEOUT_MS = Number(process.env.DTLS_E2E_UI_TIMEOUT_MS || 240_000);
const PROJECT_FILE = 'Contoso.CrmSync/Contoso.CrmSync.csproj';
const FIX_TITLE = 'Retarget to .NET Framework 4.8';
const COMMAND_TITLE = 'Dynamics TLS: Check Dynamics TLS readiness';
// The check shows its result in the readiness report view (a webview) or, in earlier builds, a notification.
const RESULT_TEXT = /Dynamics TLS readiness: (Ready|At risk|Will fail) — \d+ error\(s\), \d+ warning\(s\) in \d+ project/;
const REPORT_TEXT = /Overall:\s*(Ready|At risk|Will fail)\b[^\n]*/;
const REPORT_TAB = 'Dynamics TLS readiness';

/** Presses `key` until `target` shows (a key press can be swallowed while the workbench is still busy starting). */
async function pressUntil(page, key, target, { tries = 6, each = 3000, before } = {}) {
  for (let i = 1; ; i++) {
    if (before) await before();
    await page.keyboard.press(key);
    try {
      await target.first().waitFor({ timeout: each });
      return;
    } catch (e) {
      if (i >= tries) throw new Error(`${key} did not show ${target}: ${e.message.split('\n')[0]}`);
      console.log(`  (${key}: nothing after ${each} ms, pressing again)`);
      await page.keyboard.press('Escape');
    }
  }
}

/** Polls a condition on disk (the workbench saves through the server, a moment after the key press). */
async function waitForFile(file, accept, timeoutMs = 15_000) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const bytes = fs.existsSync(file) ? fs.readFileSync(file) : undefined;
    if (bytes && accept(bytes)) return bytes;
    if (Date.now() > end) throw new Error(`${path.basename(file)} did not reach the expected content within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Waits for the check's result: the readiness report view (its text lives in the webview's nested frames) or a
 * notification with the verdict (a toast, or the notification center, opened after a while: an Extension
 * Development Host may keep notifications out of toasts). Returns what was seen.
 */
async function waitForCheckResult(page, timeoutMs = 60_000) {
  const end = Date.now() + timeoutMs;
  let centerOpened = false;
  for (;;) {
    if (await page.locator('.tab', { hasText: REPORT_TAB }).count()) {
      for (const frame of page.frames()) {
        const text = await frame.evaluate(() => (document.body ? document.body.innerText : '')).catch(() => '');
        const m = REPORT_TEXT.exec(text);
        if (m) return `report view: ${JSON.stringify(m[0].replace(/\s+/g, ' ').trim())}`;
      }
    }
    const note = page.locator('.notification-list-item', { hasText: RESULT_TEXT });
    if (await note.count()) return `notification: ${JSON.stringify(RESULT_TEXT.exec(await note.first().innerText())[0])}`;
    if (Date.now() > end) throw new Error(`neither the report view ("${REPORT_TEXT}") nor a notification ("${RESULT_TEXT}") appeared within ${timeoutMs} ms`);
    if (!centerOpened && Date.now() > end - timeoutMs / 2) {
      centerOpened = true;
      await page.locator('[id="status.notifications"]').first().click().catch(() => undefined);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function main() {
  const { log, since } = h.logger('e2e:ui');
  const vsix = process.env.VSIX;
  if (!vsix) h.requireBuild();
  const run = h.prepareRun('ui');
  const shots = run.dir;
  const memory = h.memorySampler();
  const results = [];
  let server;
  let browser;
  let page;
  const cleanup = async () => {
    if (browser) await h.withTimeout(browser.close(), 15_000, 'closing chromium').catch((e) => log(String(e)));
    browser = undefined;
    if (server) await server.stop();
    server = undefined;
    run.clean();
  };
  h.onSignals(cleanup);
  let timedOut = false;
  const overall = setTimeout(() => {
    timedOut = true;
    log(`TIMEOUT after ${TIMEOUT_MS} ms`);
    // Closing the browser makes the pending step fail at once; the finally block then cleans up.
    if (browser) void browser.close().catch(() => undefined);
  }, TIMEOUT_MS);
  const step = async (name, fn) => {
    const t0 = Date.now();
    try {
      const note = await fn();
      results.push({ name, ok: true });
      log(`✔ ${name} (${Date.now() - t0} ms)${note ? ` — ${note}` : ''}`);
    } catch (e) {
      results.push({ name, ok: false });
      log(`✘ ${name}: ${e && e.message ? e.message.split('\n').slice(0, 3).join(' ') : e}`);
      throw e;
    }
  };
  let codeServerMs = 0;
  try {
    if (vsix) {
      await step(`install ${path.basename(vsix)} with code-server --install-extension`, async () => {
        if (!fs.existsSync(vsix)) throw new Error(`VSIX=${vsix} does not exist`);
        const out = h.installVsix(run, vsix);
        const installed = fs.readdirSync(run.extensions).filter((d) => d.startsWith('dynamics-tls.dynamics-tls-readiness'));
        if (installed.length !== 1) throw new Error(`not installed: ${out}`);
        return installed[0];
      });
    }
    server = await h.startCodeServer(run);
    codeServerMs = server.startMs;
    log(`code-server up in ${server.startMs} ms`);
    browser = await h.launchBrowser(run);
    page = browser.pages()[0] || (await browser.newPage());
    const extension = path.resolve(process.env.DTLS_E2E_EXTENSION || h.PROJECT);
    const payload = vsix ? '' : `&payload=${encodeURIComponent(JSON.stringify([['extensionDevelopmentPath', server.remote(extension)], ['skipWelcome', 'true']]))}`;
    await page.goto(`${server.url}?folder=${encodeURIComponent(run.workspace)}${payload}`, { waitUntil: 'domcontentloaded', timeout: 90_000 });

    await step('the workbench starts', async () => {
      await page.locator('.monaco-workbench .part.statusbar').waitFor({ timeout: 60_000 });
      // The explorer lists the folder once the workbench has restored; key presses before that are often lost.
      await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'Contoso.CrmSync' }).first().waitFor({ timeout: 60_000 });
    });
    await step(`Quick Open opens ${path.basename(PROJECT_FILE)}`, async () => {
      const input = page.locator('.quick-input-widget input');
      await pressUntil(page, 'Control+p', input);
      const t0 = Date.now();
      await page.keyboard.type(path.basename(PROJECT_FILE));
      await page.locator('.quick-input-list .monaco-list-row', { hasText: path.basename(PROJECT_FILE) }).first().waitFor();
      const listed = Date.now() - t0;
      await page.keyboard.press('Enter');
      await page.locator('.tab.active', { hasText: path.basename(PROJECT_FILE) }).waitFor();
      await page.locator('.monaco-editor .view-lines', { hasText: 'TargetFrameworkVersion' }).first().waitFor();
      return `file search listed it ${listed} ms after typing`;
    });
    await step('the TLS001 squiggle appears', async () => {
      await page.locator('.monaco-editor .squiggly-error').first().waitFor({ timeout: 60_000 });
      return `status bar: ${JSON.stringify((await page.locator('[id="status.problems"]').innerText()).replace(/\s+/g, ' '))}`;
    });
    const fixRow = page.locator('.action-widget .monaco-list-row', { hasText: FIX_TITLE });
    await step(`F8 then Ctrl+. offers "${FIX_TITLE}"`, async () => {
      await page.locator('.monaco-editor textarea').first().focus();
      await pressUntil(page, 'Control+.', fixRow, {
        before: async () => {
          await page.keyboard.press('F8'); // go to the problem (opens the marker peek)
          await page.keyboard.press('Escape'); // close the peek, the cursor stays on the problem
        },
      }).catch(async (e) => {
        const offered = await page.locator('.action-widget .monaco-list-row').allInnerTexts().catch(() => []);
        throw offered.length ? new Error(`"${FIX_TITLE}" is not offered; the menu has ${JSON.stringify(offered)}`) : e;
      });
      await page.screenshot({ path: path.join(shots, '1-quick-fix.png') });
    });
    await step('applying the fix rewrites the version, the squiggle goes, and save keeps BOM and CRLF', async () => {
      await fixRow.first().click();
      await page.locator('.monaco-editor .view-lines', { hasText: '<TargetFrameworkVersion>v4.8</TargetFrameworkVersion>' }).first().waitFor();
      await page.locator('.monaco-editor .squiggly-error').first().waitFor({ state: 'detached', timeout: 30_000 });
      await page.keyboard.press('Control+s');
      const file = path.join(run.workspace, PROJECT_FILE);
      const before = fs.readFileSync(path.join(h.FIXTURE_WORKSPACE, PROJECT_FILE));
      const expected = Buffer.from(before.toString('utf8').replace('>v4.5.2<', '>v4.8<'), 'utf8');
      await waitForFile(file, (b) => b.equals(expected));
      await page.screenshot({ path: path.join(shots, '2-fixed.png') });
    });
    await step(`F1 runs "${COMMAND_TITLE}" and shows its result`, async () => {
      const input = page.locator('.quick-input-widget input');
      await pressUntil(page, 'F1', input);
      await page.keyboard.type('Check Dynamics TLS readiness');
      await page.locator('.quick-input-list .monaco-list-row', { hasText: COMMAND_TITLE }).first().waitFor();
      await page.keyboard.press('Enter');
      const shown = await waitForCheckResult(page);
      await page.screenshot({ path: path.join(shots, '3-check-result.png') });
      return shown;
    });
    await step('the Problems panel (Ctrl+Shift+M) lists the extension\'s findings', async () => {
      await pressUntil(page, 'Control+Shift+M', page.locator('.markers-panel-container, .markers-panel'), { tries: 3 });
      await page.locator('.markers-panel .monaco-list-row', { hasText: 'Dynamics TLS' }).first().waitFor({ timeout: 20_000 });
      await page.screenshot({ path: path.join(shots, '4-problems.png') });
    });
  } catch (e) {
    if (!results.length || results[results.length - 1].ok) {
      results.push({ name: 'runner', ok: false });
      log(`✘ ${timedOut ? 'timed out' : e && e.stack ? e.stack : e}`);
    }
    if (page) await page.screenshot({ path: path.join(shots, 'failure.png') }).catch(() => undefined);
  } finally {
    clearTimeout(overall);
    const peak = memory.stop();
    await cleanup();
    const passed = results.filter((r) => r.ok).length;
    const failed = results.length - passed;
    log(`done: code-server start ${codeServerMs} ms; UI smoke ${since()}; ${peak}; screenshots in ${path.relative(h.PROJECT, run.dir)}/`);
    console.log(`e2e ui (${vsix ? 'installed .vsix' : 'extension development path'}): ${passed} passed, ${failed} failed`);
    process.exitCode = failed === 0 && passed > 0 ? 0 : 1;
  }
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  (e) => {
    console.error(e && e.message ? e.message : e);
    console.log('0 passed, 1 failed');
    process.exit(1);
  },
);
