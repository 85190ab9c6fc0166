#!/usr/bin/env node
'use strict';
/**
 * Benchmark (not a test): `tls-readiness scan` of a large generated tree against ripgrep searching the scan's trigger
 * words in the same files (same excludes), all timed in this script, alternating: rg, a cold scan (default --jobs: the
 * machine's cores), a warm scan from a cache primed once (`--cache`), a cold scan with `--jobs 1`. Goals (issue 14):
 * cold ≤ 10× rg, warm ≤ 3× rg; figures are wall medians with min–max, and CPU medians (user + system).
 * Prints one JSON line to stdout and a human table to stderr. Usage: node bench/scanVsRg.js [--files 30000] [--rounds 3]
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { benchTreeFromArgs } = require('./generateTree');
const { time, timeRg, spread, showSpread, root } = require('./timing');

const { dir, figures } = benchTreeFromArgs(process.argv);
const i = process.argv.indexOf('--rounds');
const rounds = i >= 0 ? Number(process.argv[i + 1]) : 3;
const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dtls-bench-cache-'));
const scanArgs = (extra) => [path.join(root, 'dist', 'cli.js'), 'scan', dir, '--format', 'json', '--fail-on', 'none', ...extra];
const cache = ['--cache', '--cache-location', path.join(cacheDir, 'scan-cache.json')];

timeRg(dir); // warm the page cache for both
const primed = time(process.execPath, scanArgs(cache));
const runs = [];
for (let k = 0; k < rounds; k++) {
  const run = { rg: timeRg(dir), cold: time(process.execPath, scanArgs([])), warm: time(process.execPath, scanArgs(cache)), jobs1: time(process.execPath, scanArgs(['--jobs', '1'])) };
  for (const which of ['cold', 'warm', 'jobs1']) {
    if (run[which].status !== 0) {
      throw new Error(`scan (${which}) failed with ${run[which].status}: ${run[which].err}`);
    }
  }
  if (run.cold.out !== primed.out || run.warm.out !== primed.out || run.jobs1.out !== primed.out) {
    throw new Error('findings differ between the cold, the warm and the --jobs 1 scan');
  }
  runs.push(run);
}
fs.rmSync(cacheDir, { recursive: true, force: true });
const of = (key) => spread(runs.map((r) => r[key].ms));
const cpu = (key) => spread(runs.map((r) => r[key].cpuMs)).median;
const result = { bench: 'scanVsRg', files: figures.files, megabytes: +(figures.bytes / 1048576).toFixed(1), rounds, load: os.loadavg().map((x) => +x.toFixed(2)), rgMs: of('rg'), coldMs: of('cold'), warmMs: of('warm'), jobs1Ms: of('jobs1') };
result.cpuMs = { rg: cpu('rg'), cold: cpu('cold'), warm: cpu('warm'), jobs1: cpu('jobs1') };
result.coldRatio = +(result.coldMs.median / result.rgMs.median).toFixed(1);
result.warmRatio = +(result.warmMs.median / result.rgMs.median).toFixed(1);
result.jobs1Ratio = +(result.jobs1Ms.median / result.rgMs.median).toFixed(1);
result.goal = 'cold <= 10x rg, warm <= 3x rg';
process.stderr.write(
  `scan vs rg on ${result.files} files / ${result.megabytes} MB: rg ${showSpread(result.rgMs)}, cold ${showSpread(result.coldMs)} (${result.coldRatio}x), warm ${showSpread(result.warmMs)} (${result.warmRatio}x), --jobs 1 ${showSpread(result.jobs1Ms)} (${result.jobs1Ratio}x); CPU ms rg ${result.cpuMs.rg}, cold ${result.cpuMs.cold}, warm ${result.cpuMs.warm}, --jobs 1 ${result.cpuMs.jobs1}; load ${result.load.join(' ')}; goal cold ≤ 10x, warm ≤ 3x\n`,
);
process.stdout.write(JSON.stringify(result) + '\n');
