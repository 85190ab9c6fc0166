#!/usr/bin/env node
'use strict';
/**
 * Benchmark (not a test): `tls-readiness scan` of the development corpus (real public repositories, materialised
 * outside the repository, one folder per repository) against ripgrep searching the scan's trigger words in the same
 * files, in the same run. Each round runs, per repository and alternating: rg, a cold scan (no cache, default --jobs:
 * the machine's cores), a warm scan from a cache primed once, a cold scan with `--jobs 1`, and — with
 * `--compare <cli.js>` — an earlier build of the CLI, cold and warm (from its own cache, primed once). CPU medians (user + system) are kept beside the wall figures. Figures are wall
 * milliseconds with their spread (min–max over the rounds); ratios compare medians. Each repository's findings are
 * checked identical (sorted JSON) cold, warm, with the gate off (`DTLS_SCAN_GATE=off`, once) and with the earlier build.
 * The corpus comes from `--corpus <dir>` or $DTLS_CORPUS; without one the benchmark says so and reports nothing.
 * Usage: node bench/realCode.js [--corpus /work/corpus/src] [--rounds 3] [--compare <old dist/cli.js>] [--no-gate-check]
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { time, timeRg, spread, showSpread, root } = require('./timing');

const arg = (name) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const corpus = arg('corpus') || process.env.DTLS_CORPUS;
if (!corpus || !fs.existsSync(corpus)) {
  process.stderr.write(`realCode: no corpus (${corpus ? `${corpus} does not exist` : 'pass --corpus <dir> or set DTLS_CORPUS'}); skipped\n`);
  process.stdout.write(JSON.stringify({ bench: 'realCode', skipped: 'no corpus' }) + '\n');
  process.exit(0);
}
const rounds = Number(arg('rounds') || 3);
const compare = arg('compare');
const gateCheck = !process.argv.includes('--no-gate-check');
const cli = path.join(root, 'dist', 'cli.js');
const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dtls-bench-cache-'));
const repos = fs.readdirSync(corpus).filter((n) => fs.statSync(path.join(corpus, n)).isDirectory()).sort();

/** A scan of one repository by a CLI build; its findings as sorted JSON lines (what "identical" compares). */
function scan(cliFile, dir, extra = [], env = process.env) {
  const r = time(process.execPath, [cliFile, 'scan', dir, '--format', 'json', '--fail-on', 'none', ...extra], { env });
  if (r.status !== 0) {
    throw new Error(`scan of ${dir} failed with ${r.status}: ${r.err}`);
  }
  return { ...r, findings: JSON.parse(r.out).findings.map((f) => JSON.stringify(f)).sort().join('\n') };
}

// The floor every scan stands on, measured in the same run: Node starting and exiting, and the CLI printing its version
// (Node plus loading the bundle through its code cache); ripgrep's whole run over a small repository is below either.
const floorRuns = Array.from({ length: rounds }, () => ({
  node: time(process.execPath, ['-e', '0']),
  version: time(process.execPath, [cli, '--version']),
  oldVersion: compare ? time(process.execPath, [compare, '--version']) : undefined,
}));
const floor = { nodeCpuMs: spread(floorRuns.map((r) => r.node.cpuMs)), versionCpuMs: spread(floorRuns.map((r) => r.version.cpuMs)), nodeMs: spread(floorRuns.map((r) => r.node.ms)), versionMs: spread(floorRuns.map((r) => r.version.ms)) };
if (compare) {
  floor.oldVersionCpuMs = spread(floorRuns.map((r) => r.oldVersion.cpuMs));
}
process.stderr.write(
  `floor: node -e 0 CPU ${showSpread(floor.nodeCpuMs)} (wall ${showSpread(floor.nodeMs)}); tls-readiness --version CPU ${showSpread(floor.versionCpuMs)} (wall ${showSpread(floor.versionMs)})` +
    (compare ? `; earlier build --version CPU ${showSpread(floor.oldVersionCpuMs)}` : '') +
    '\n',
);

const rows = [];
for (const name of repos) {
  const dir = path.join(corpus, name);
  const cache = ['--cache', '--cache-location', path.join(cacheDir, `${name}.json`)];
  const oldCache = ['--cache', '--cache-location', path.join(cacheDir, `${name}.earlier.json`)];
    timeRg(dir); // page cache warmed for every contender
  const files = time('rg', ['--files', '--no-ignore', '--hidden', dir]).out.split('\n').filter(Boolean).length;
  const reference = scan(cli, dir, cache); // primes the cache
  if (compare) {
    scan(compare, dir, oldCache); // primes the earlier build's cache
  }
  const differs = [];
  // Without the code cache: a gate-off scan runs for many seconds and would leave a cache file that the code-cache
  // loader's rule (rewrite after a run of twice the writer's CPU) keeps, though V8 flushed the bytecode of most of the
  // start-up code during such a run.
  if (gateCheck && scan(cli, dir, [], { ...process.env, DTLS_SCAN_GATE: 'off', DTLS_CODE_CACHE: 'off' }).findings !== reference.findings) {
    differs.push('gate off');
  }
  const runs = [];
  for (let k = 0; k < rounds; k++) {
    const run = {
      rg: timeRg(dir),
      cold: scan(cli, dir),
      warm: scan(cli, dir, cache),
      oldWarm: compare ? scan(compare, dir, oldCache) : undefined,
      jobs1: scan(cli, dir, ['--jobs', '1']),
      old: compare ? scan(compare, dir) : undefined,
    };
    for (const which of ['cold', 'warm', 'jobs1', 'old', 'oldWarm']) {
      if (run[which] && run[which].findings !== reference.findings && !differs.includes(which)) {
        differs.push(which);
      }
    }
    runs.push(run);
  }
  const of = (pick) => spread(runs.map(pick));
  const row = { repo: name, files, findings: JSON.parse(reference.out).findings.length, rgMs: of((r) => r.rg.ms), coldMs: of((r) => r.cold.ms), warmMs: of((r) => r.warm.ms), jobs1Ms: of((r) => r.jobs1.ms) };
  row.cpuMs = { rg: of((r) => r.rg.cpuMs).median, cold: of((r) => r.cold.cpuMs).median, warm: of((r) => r.warm.cpuMs).median, jobs1: of((r) => r.jobs1.cpuMs).median };
  if (compare) {
    row.cpuMs.old = of((r) => r.old.cpuMs).median;
    row.cpuMs.oldWarm = of((r) => r.oldWarm.cpuMs).median;
    row.oldMs = of((r) => r.old.ms);
    row.oldWarmMs = of((r) => r.oldWarm.ms);
    row.oldOverNew = +(row.oldMs.median / row.coldMs.median).toFixed(2);
  }
  row.coldRatio = +(row.coldMs.median / row.rgMs.median).toFixed(1);
  row.warmRatio = +(row.warmMs.median / row.rgMs.median).toFixed(1);
  row.jobs1Ratio = +(row.jobs1Ms.median / row.rgMs.median).toFixed(1);
  row.identical = differs.length === 0 ? true : `differ: ${differs.join(', ')}`;
  rows.push(row);
  process.stderr.write(
    `${name}: ${files} files, ${row.findings} findings, findings ${row.identical === true ? 'identical' : row.identical}\n` +
      `  rg ${showSpread(row.rgMs)}  cold ${showSpread(row.coldMs)} (${row.coldRatio}x)  warm ${showSpread(row.warmMs)} (${row.warmRatio}x)  --jobs 1 ${showSpread(row.jobs1Ms)} (${row.jobs1Ratio}x)` +
      `  CPU ms rg ${row.cpuMs.rg} cold ${row.cpuMs.cold} warm ${row.cpuMs.warm} --jobs 1 ${row.cpuMs.jobs1}${compare ? ` earlier build ${row.cpuMs.old}, warm ${row.cpuMs.oldWarm}` : ''}` +
      (compare ? `  earlier build ${showSpread(row.oldMs)} (${row.oldOverNew}x the cold scan), warm ${showSpread(row.oldWarmMs)}` : '') +
      '\n',
  );
}
fs.rmSync(cacheDir, { recursive: true, force: true });
const total = (key) => rows.reduce((sum, r) => sum + r[key].median, 0);
const result = {
  bench: 'realCode',
  corpus,
  repos: rows.length,
  rounds,
  floor,
  load: os.loadavg().map((x) => +x.toFixed(2)),
  rgMs: total('rgMs'),
  coldMs: total('coldMs'),
  warmMs: total('warmMs'),
  jobs1Ms: total('jobs1Ms'),
  ...(compare ? { oldMs: total('oldMs'), oldWarmMs: total('oldWarmMs') } : {}),
  identical: rows.every((r) => r.identical === true),
  rows,
};
result.coldRatio = +(result.coldMs / result.rgMs).toFixed(1);
result.warmRatio = +(result.warmMs / result.rgMs).toFixed(1);
result.jobs1Ratio = +(result.jobs1Ms / result.rgMs).toFixed(1);
result.cpuMs = Object.fromEntries(['rg', 'cold', 'warm', 'jobs1', ...(compare ? ['old', 'oldWarm'] : [])].map((k) => [k, rows.reduce((sum, r) => sum + r.cpuMs[k], 0)]));
result.goal = 'cold <= 10x rg, warm <= 3x rg';
process.stderr.write(`all ${rows.length} repositories (sum of medians, load ${result.load.join(' ')}): rg ${result.rgMs} ms, cold ${result.coldMs} ms (${result.coldRatio}x), warm ${result.warmMs} ms (${result.warmRatio}x), --jobs 1 ${result.jobs1Ms} ms (${result.jobs1Ratio}x); CPU ms ${JSON.stringify(result.cpuMs)}${compare ? `, earlier build ${result.oldMs} ms, warm ${result.oldWarmMs} ms` : ''}\n`);
process.stdout.write(JSON.stringify(result) + '\n');
