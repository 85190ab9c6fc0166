// Runs the same in-host mocha suite (out/test/e2e/suite) in desktop VS Code through @vscode/test-electron, for
// machines that can download VS Code (or have one: DTLS_VSCODE_EXECUTABLE=<path to the code binary>). On Linux without
// a display run it under xvfb-run. Not part of `npm test`: here the download has no route and it fails saying so.
// Env: DTLS_VSCODE_VERSION (default "stable"), DTLS_E2E_GREP (mocha grep).
'use strict';
const path = require('node:path');
const h = require('./harness');

async function main() {
  const { log, since } = h.logger('e2e:desktop');
  h.requireBuild();
  let runTests;
  let downloadAndUnzipVSCode;
  try {
    ({ runTests, downloadAndUnzipVSCode } = require('@vscode/test-electron'));
  } catch (e) {
    throw new Error(`@vscode/test-electron cannot be loaded (${e.message}); run npm ci`);
  }
  const run = h.prepareRun('desktop');
  try {
    let executable = process.env.DTLS_VSCODE_EXECUTABLE;
    if (!executable) {
      const version = process.env.DTLS_VSCODE_VERSION || 'stable';
      log(`downloading VS Code ${version} (cached in ${path.join(h.cacheDir(), 'vscode-desktop')})`);
      try {
        executable = await downloadAndUnzipVSCode({ version, cachePath: path.join(h.cacheDir(), 'vscode-desktop'), timeout: 20_000 });
      } catch (e) {
        throw new Error(
          `desktop VS Code could not be downloaded (${e && e.message ? e.message.split('\n')[0] : e}).\n` +
            'This runner needs the VS Code update server (update.code.visualstudio.com), which this machine cannot reach.\n' +
            'Use `npm run test:e2e` (code-server + chromium) here, or set DTLS_VSCODE_EXECUTABLE to an installed VS Code.',
        );
      }
    }
    log(`VS Code: ${executable}`);
    const code = await runTests({
      vscodeExecutablePath: executable,
      extensionDevelopmentPath: h.PROJECT,
      extensionTestsPath: h.SUITE_INDEX,
      extensionTestsEnv: { DTLS_E2E_GREP: process.env.DTLS_E2E_GREP },
      launchArgs: [run.workspace, '--user-data-dir', run.userData, '--extensions-dir', run.extensions,
        '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes', '--disable-gpu'],
    });
    log(`VS Code exited with ${code} after ${since()}`);
    return code;
  } catch (e) {
    if (e && typeof e.code === 'number') {
      log(`the suite failed (exit code ${e.code}) after ${since()}`);
      return e.code || 1;
    }
    throw e;
  } finally {
    run.clean();
  }
}

main().then(
  (code) => {
    console.log(`e2e desktop: ${code === 0 ? 'PASSED' : 'FAILED'}`);
    process.exit(code);
  },
  (e) => {
    console.error(`e2e desktop: ${e && e.message ? e.message : e}`);
    console.log('0 passed, 1 failed');
    process.exit(1);
  },
);
