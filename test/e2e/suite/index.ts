// The mocha entry point VS Code's extension host calls (extensionTestsPath): runs every compiled *.test.js beside it.
// Works the same under code-server (test/e2e/runExtensionTests.js) and desktop VS Code (test/e2e/runDesktop.js).
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

/** Printed first, so the runner can tell the suite's own output from the workbench's start-up log. */
export const START_MARKER = '##DTLS-E2E-START##';

/** Runs the suite; rejects when a test fails (the workbench then reports a non-zero exit code to the runner). */
export function run(): Promise<void> {
  console.log(START_MARKER);
  const t0 = Date.now();
  const mocha = new Mocha({
    ui: 'bdd',
    color: false,
    reporter: 'spec',
    timeout: Number(process.env.DTLS_E2E_TEST_TIMEOUT_MS ?? 60_000),
    ...(process.env.DTLS_E2E_GREP ? { grep: process.env.DTLS_E2E_GREP } : {}),
  });
  const files = fs
    .readdirSync(__dirname)
    .filter((f) => f.endsWith('.test.js'))
    .sort();
  for (const f of files) {
    mocha.addFile(path.join(__dirname, f));
  }
  return new Promise((resolve, reject) => {
    try {
      const runner = mocha.run((failures) => {
        const passed = runner.stats?.passes ?? 0;
        const failed = runner.stats?.failures ?? failures;
        console.log(`e2e suite: ${files.length} file(s) in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
        console.log(`${passed} passed, ${failed} failed`);
        if (failed > 0 || passed === 0) {
          reject(new Error(failed > 0 ? `${failed} test(s) failed` : 'no test ran'));
        } else {
          resolve();
        }
      });
    } catch (e) {
      console.error(e);
      console.log('0 passed, 1 failed');
      reject(e instanceof Error ? e : new Error(String(e)));
    }
  });
}
