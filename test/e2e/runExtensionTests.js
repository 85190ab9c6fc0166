// Runs the mocha suite (out/test/e2e/suite) INSIDE the real extension host of code-server, with the real `vscode` API.
// The workbench URL carries a payload with extensionDevelopmentPath (the checkout) and extensionTestsPath; when the
// suite's run() settles, the workbench calls window.codeAutomationExit(code), which becomes this process's exit code.
// Env: DTLS_E2E_TIMEOUT_MS (overall, default 300000), DTLS_E2E_GREP (mocha grep), DTLS_E2E_VERBOSE=1 (all workbench logs),
// DTLS_E2E_SUITE (another compiled index.js), DTLS_E2E_EXTENSION (another extension folder, e.g. a deliberately
// broken copy, to see the suite fail).
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const util = require('node:util');
const h = require('./harness');

const TIMEOUT_MS = Number(process.env.DTLS_E2E_TIMEOUT_MS || 300_000);
const VERBOSE = process.env.DTLS_E2E_VERBOSE === '1';

async function main() {
  const { log, since } = h.logger('e2e:suite');
  h.requireBuild();
  const suiteIndex = path.resolve(process.env.DTLS_E2E_SUITE || h.SUITE_INDEX);
  const extension = path.resolve(process.env.DTLS_E2E_EXTENSION || h.PROJECT);
  if (extension !== h.PROJECT) log(`extension under test: ${extension}`);
  const run = h.prepareRun('suite');
  const transcript = fs.createWriteStream(path.join(run.dir, 'workbench.log'));
  const memory = h.memorySampler();
  let server;
  let browser;
  let finished = false;
  let exitCode = 1;
  let resolveDone;
  const done = new Promise((r) => { resolveDone = r; });
  const finish = (code, why) => {
    if (finished) return;
    finished = true;
    exitCode = code;
    log(`${why}: exit code ${code}`);
    resolveDone();
  };
  const cleanup = async () => {
    if (browser) await h.withTimeout(browser.close(), 15_000, 'closing chromium').catch((e) => log(String(e)));
    if (server) await server.stop();
    transcript.end();
    run.clean();
  };
  h.onSignals(cleanup);
  const timer = setTimeout(() => finish(2, `TIMEOUT after ${TIMEOUT_MS} ms`), TIMEOUT_MS);
  let testsStartedAt = 0;
  const recent = []; // the workbench's last log lines, shown when the suite never started
  let suiteSeconds = 0;
  try {
    server = await h.startCodeServer(run);
    log(`code-server up in ${server.startMs} ms on port ${server.port}`);
    browser = await h.launchBrowser(run);
    log('chromium up');
    const page = browser.pages()[0] || (await browser.newPage());
    page.on('crash', () => finish(3, 'the workbench page crashed'));
    page.on('pageerror', (e) => transcript.write(`[pageerror] ${e.message}\n`));
    // Everything the workbench logs (the extension host's console too) arrives here; after the suite's start marker
    // it is the suite's own output, which is printed; the rest goes to workbench.log (and to stdout when verbose).
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      const line = util.format(...args);
      transcript.write(`[${since()}] ${line}\n`);
      recent.push(line.slice(0, 300));
      if (recent.length > 30) recent.shift();
      if (line.includes(h.START_MARKER)) {
        testsStartedAt = Date.now();
        log('suite started in the extension host');
        return;
      }
      const m = /e2e suite: \d+ file\(s\) in ([\d.]+) s/.exec(line);
      if (m) suiteSeconds = Number(m[1]);
      if (VERBOSE || testsStartedAt) console.log(line);
    });
    await page.exposeFunction('codeAutomationExit', (code) => finish(Number(code) || 0, 'the suite finished'));
    const payload = [
      ['extensionDevelopmentPath', server.remote(extension)],
      ['extensionTestsPath', server.remote(suiteIndex)],
      ['skipWelcome', 'true'],
      ['skipReleaseNotes', 'true'],
    ];
    await page.goto(`${server.url}?folder=${encodeURIComponent(run.workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`, { waitUntil: 'domcontentloaded', timeout: 90_000 });
    log('workbench loaded');
    await done;
    if (exitCode !== 0) {
      await page.screenshot({ path: path.join(run.dir, 'failure.png') }).catch(() => undefined);
    }
  } catch (e) {
    log(`runner error: ${e && e.stack ? e.stack : e}`);
    if (!finished) finish(1, 'runner error');
  } finally {
    clearTimeout(timer);
    const peak = memory.stop();
    await cleanup();
    const startToTests = testsStartedAt && server ? ` code-server start ${server.startMs} ms; suite ran ${suiteSeconds || '?'} s;` : '';
    log(`done:${startToTests} ${peak}; logs in ${path.relative(h.PROJECT, run.dir)}/`);
    if (!testsStartedAt) {
      if (recent.length) console.log(`last workbench log lines:\n  ${recent.join('\n  ')}`);
      console.log('0 passed, 1 failed (the suite did not start)');
    }
    console.log(`e2e suite: ${exitCode === 0 ? 'PASSED' : 'FAILED'} in ${since()}`);
  }
  return exitCode;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(e && e.message ? e.message : e);
    console.log('0 passed, 1 failed');
    process.exit(1);
  },
);
