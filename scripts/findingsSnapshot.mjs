// Scans samples/ and every fixture workspace with the built CLI (`node dist/cli.js scan <ws> --format json`) and writes
// each result, findings sorted and the absolute base directory removed, under an output directory outside the repo.
// A refactor that must not change findings runs it before and after and compares: `diff -r <before> <after>`.
// Usage: node scripts/findingsSnapshot.mjs <outDir> [--jobs N] [--in-process]
// --in-process runs the compiled CLI code from out/ inside this process (with the settings the CLI would read): the same
// findings in a fraction of the time, for iterating; the default runs the CLI itself.
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'dist/cli.js');
const outDir = process.argv[2] ? resolve(process.argv[2]) : undefined;
const jobsAt = process.argv.indexOf('--jobs');
const inProcess = process.argv.includes('--in-process');
const jobs = jobsAt > 0 ? Math.max(1, Number(process.argv[jobsAt + 1]) || 1) : 2;
if (!outDir || relative(root, outDir).split(/[\\/]/)[0] !== '..') {
  process.stderr.write('usage: node scripts/findingsSnapshot.mjs <outDir outside the repository> [--jobs N] [--in-process]\n');
  process.exit(2);
}

/** Every fixture workspace, as the tests walk them (the compiled test/support/fixtureWorkspaces.ts: run `npm run build` first). */
function workspaces() {
  const compiled = join(root, 'out/test/support/fixtureWorkspaces.js');
  if (!existsSync(compiled)) {
    process.stderr.write('findingsSnapshot: out/ is missing; run `npm run build` first\n');
    process.exit(2);
  }
  return createRequire(import.meta.url)(compiled).fixtureWorkspaces(root);
}

/** A stable text for one finding, used as its sort key. */
const key = (f) => JSON.stringify([f.path, f.range?.start?.line, f.range?.start?.character, f.ruleId, f.message]);

let backend;
/** Runs `scan <ws> --format json` in this process through the compiled modules (one parser backend for all, as
 * web-tree-sitter cannot be instantiated hundreds of times); resolves like execFile's callback. The backend's promise
 * is shared, not its result: two workers creating it at once ran web-tree-sitter's init twice concurrently, and the
 * second init replaced the runtime the first one's grammars were loading into ("Incompatible language version 0"). */
async function scanInProcess(ws) {
  const load = createRequire(import.meta.url);
  const out = (rel) => load(join(root, 'out/server/src', rel));
  const { createAnalyzer } = out('engine/engine.js');
  const { scanWorkspace } = out('engine/scan/workspaceScan.js');
  const { buildReadinessReport } = out('engine/report/readiness.js');
  const { fromFlatSettings, parseSettings, retargetVersion } = out('engine/settings.js');
  const { parseJsonc } = out('engine/jsonc.js');
  const { normalizePath } = out('engine/project/paths.js');
  const { nodeFileSystem } = out('node/nodeFileSystem.js');
  backend ??= out('node/backends.js').createBackend('wasm');
  try {
    // The settings the CLI reads for a folder: its own .vscode/settings.json, if any (some conformance cases have one).
    const file = join(ws, '.vscode', 'settings.json');
    const settings = parseSettings(existsSync(file) ? fromFlatSettings(parseJsonc(readFileSync(file, 'utf8'))) : undefined);
    const analyzer = createAnalyzer(await backend);
    const result = await scanWorkspace(nodeFileSystem, analyzer, { roots: [normalizePath(ws)], excludes: settings.exclude, maxFileSizeKB: settings.maxFileSizeKB, severityOverrides: settings.rules, retargetTo: retargetVersion(settings) });
    const report = buildReadinessReport(analyzer.index, result.findings, result.files, result.baseDir);
    const json = { baseDir: result.baseDir, findings: result.findings, skipped: result.skipped, report: { units: report.units.map((u) => ({ ...u, findings: u.findings.length })), totals: report.totals, verdict: report.verdict } };
    return [null, JSON.stringify(json), ''];
  } catch (e) {
    return [{ code: 2 }, '', `tls-readiness: internal error: ${e.stack}`];
  }
}

function scanWithCli(ws) {
  return new Promise((done) => {
    execFile(process.execPath, [cli, 'scan', ws, '--format', 'json', '--fail-on', 'none'], { maxBuffer: 256 << 20 }, (...result) => done(result));
  });
}

async function scan(ws) {
  const [error, stdout, stderr] = inProcess ? await scanInProcess(ws) : await scanWithCli(ws);
  let body;
  try {
    const parsed = JSON.parse(stdout);
    const text = JSON.stringify(parsed).split(parsed.baseDir).join('<base>');
    const result = JSON.parse(text);
    result.findings.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
    body = JSON.stringify(result, null, 1);
  } catch {
    // Not JSON: the snapshot records the exit and stderr so a crash shows up in the comparison.
    body = JSON.stringify({ exit: error?.code ?? 0, stderr: stderr.split(root).join('<root>') }, null, 1);
  }
  const name = relative(root, ws).replace(/[\\/]/g, '__');
  writeFileSync(join(outDir, `${name}.json`), body + '\n');
}

mkdirSync(outDir, { recursive: true });
const queue = workspaces();
const total = queue.length;
await Promise.all(Array.from({ length: jobs }, async () => {
  for (let ws = queue.shift(); ws; ws = queue.shift()) {
    await scan(ws);
  }
}));
process.stdout.write(`${total} workspaces scanned into ${outDir}\n`);
