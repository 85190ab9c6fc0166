#!/usr/bin/env node
'use strict';
/**
 * `npm run bench`: runs every benchmark script (each prints one JSON line on stdout), prints a table and writes
 * bench/results/latest.json. Benchmarks report figures and ratios against baselines measured in the same run; no test
 * asserts a time. Usage: node bench/run.js [--files 30000] [--only name,name] [--corpus <dir of repositories>]
 */
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const here = __dirname;
const arg = (name) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const files = arg('files') || '30000';
const only = arg('only') ? arg('only').split(',') : undefined;
const BENCHES = [
  { name: 'scanVsRg', script: 'scanVsRg.js', args: ['--files', files] },
  { name: 'csharpKeystroke', script: 'csharpKeystroke.js', args: [] },
  { name: 'lspStartup', script: 'lspStartup.js', args: ['--files', files] },
  { name: 'checkProgress', script: 'checkProgress.js', args: [] },
  // The development corpus of real repositories ($DTLS_CORPUS or --corpus; reports "skipped" without one).
  { name: 'realCode', script: 'realCode.js', args: arg('corpus') ? ['--corpus', arg('corpus')] : [] },
  { name: 'projectScale', script: 'projectScale.js', args: [] },
];

const results = [];
for (const b of BENCHES) {
  if ((only && !only.includes(b.name)) || !fs.existsSync(path.join(here, b.script))) {
    continue;
  }
  process.stderr.write(`\n== ${b.name}\n`);
  const r = spawnSync(process.execPath, [path.join(here, b.script), ...b.args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 64 * 1024 * 1024 });
  const line = (r.stdout || '').trim().split('\n').filter(Boolean).pop();
  try {
    results.push({ name: b.name, ...JSON.parse(line) });
  } catch {
    results.push({ name: b.name, error: `exit ${r.status}, no JSON result` });
  }
}
const machine = { node: process.version, cpus: require('node:os').cpus().length, load: require('node:os').loadavg().map((x) => +x.toFixed(2)) };
fs.mkdirSync(path.join(here, 'results'), { recursive: true });
fs.writeFileSync(path.join(here, 'results', 'latest.json'), JSON.stringify({ date: new Date().toISOString(), machine, results }, null, 2) + '\n');
process.stdout.write('\nbenchmark            figures\n');
for (const r of results) {
  const { name, bench, ...figures } = r;
  void bench;
  process.stdout.write(`${name.padEnd(20)} ${Object.entries(figures).filter(([, v]) => typeof v !== 'object' || v === null).map(([k, v]) => `${k}=${v}`).join('  ')}\n`);
}
process.stdout.write(`\nmachine: ${JSON.stringify(machine)}; written to bench/results/latest.json\n`);
