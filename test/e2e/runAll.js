// `npm run test:e2e`: provisions the tools (setup.sh), then runs the in-host suite and the UI smoke test one after the
// other (each needs ~2.3 GiB; never both at once on a small machine), always both, and ends with one summary line per
// part and an overall verdict. Exit code: 0 only when every part passed. Safe without a terminal (CI=true, no stdin).
// Env: DTLS_E2E_ONLY=suite|ui runs one part; VSIX=<path> makes the UI smoke test use an installed .vsix.
'use strict';
const { spawn } = require('node:child_process');
const path = require('node:path');

const HERE = __dirname;
const PARTS = [
  { name: 'suite', command: process.execPath, args: [path.join(HERE, 'runExtensionTests.js')] },
  { name: 'ui', command: process.execPath, args: [path.join(HERE, 'uiSmoke.js')] },
];
const SUMMARY = /(\d+) passed, (\d+) failed/;

/** Runs a child with inherited output (stdin closed), remembering its last `N passed, N failed` line. */
function runPart(command, args) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'inherit'], cwd: path.join(HERE, '..', '..') });
    let summary = '';
    let pending = '';
    child.stdout.on('data', (chunk) => {
      process.stdout.write(chunk);
      pending += chunk.toString();
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) if (SUMMARY.test(line)) summary = SUMMARY.exec(line)[0];
    });
    const forward = (sig) => child.kill(sig);
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    child.on('close', (code, signal) => {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      if (SUMMARY.test(pending)) summary = SUMMARY.exec(pending)[0];
      resolve({ code: code ?? (signal ? 1 : 0), summary });
    });
    child.on('error', (e) => resolve({ code: 1, summary: `could not start: ${e.message}` }));
  });
}

async function main() {
  const t0 = Date.now();
  const setup = await runPart('bash', [path.join(HERE, 'setup.sh')]);
  if (setup.code !== 0) {
    console.log(`e2e: setup failed (exit code ${setup.code})`);
    console.log('0 passed, 1 failed');
    return 1;
  }
  const only = process.env.DTLS_E2E_ONLY;
  const results = [];
  for (const part of PARTS.filter((p) => !only || p.name === only)) {
    const started = Date.now();
    const r = await runPart(part.command, part.args);
    results.push({ ...part, ...r, seconds: (Date.now() - started) / 1000 });
  }
  console.log('');
  let passed = 0;
  let failed = 0;
  for (const r of results) {
    const m = SUMMARY.exec(r.summary);
    const p = m ? Number(m[1]) : 0;
    // A part that exited non-zero counts at least one failure, even when it printed no summary line.
    const f = m ? Math.max(Number(m[2]), r.code === 0 ? 0 : 1) : r.code === 0 ? 0 : 1;
    passed += p;
    failed += f;
    console.log(`e2e ${r.name}: ${r.code === 0 ? 'PASSED' : `FAILED (exit code ${r.code})`} — ${p} passed, ${f} failed in ${r.seconds.toFixed(1)} s`);
  }
  const ok = results.length > 0 && results.every((r) => r.code === 0);
  console.log(`e2e total: ${passed} passed, ${failed} failed in ${((Date.now() - t0) / 1000).toFixed(1)} s — ${ok ? 'PASSED' : 'FAILED'}`);
  return ok ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(e);
    console.log('0 passed, 1 failed');
    process.exit(1);
  },
);
