#!/usr/bin/env node
'use strict';
/**
 * Benchmark (not a test): `tls-readiness scan` of a large generated tree against ripgrep searching the same trigger
 * tokens in the same files (same excludes), both timed in this script. Goal: within 2× of rg.
 * Prints one JSON line to stdout and a human table to stderr. Usage: node bench/scanVsRg.js [--files 30000]
 */
const { spawnSync } = require('node:child_process');
const path = require('node:path');
const { benchTreeFromArgs } = require('./generateTree');

const root = path.resolve(__dirname, '..');
const { dir, figures } = benchTreeFromArgs(process.argv);

const TOKENS = ['SecurityProtocol', 'SslProtocols', 'SetSwitch', 'CrmServiceClient', 'ServiceClient', 'OrganizationServiceProxy', 'IPlugin', 'CodeActivity', 'Get-CrmConnection'];
function time(cmd, args) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  return { ms: Number(process.hrtime.bigint() - t0) / 1e6, status: r.status, out: r.stdout };
}
const rgArgs = ['-l', '--no-messages', ...TOKENS.flatMap((t) => ['-e', t]), '-g', '*.{cs,ps1,psm1,csproj,vbproj,config,props,reg}', '-g', '!**/bin/**', '-g', '!**/obj/**', '-g', '!**/packages/**', '-g', '!**/node_modules/**', dir];
const runs = [];
time('rg', rgArgs); // warm the page cache for both
for (let k = 0; k < 3; k++) {
  const rg = time('rg', rgArgs);
  const scan = time(process.execPath, [path.join(root, 'dist', 'cli.js'), 'scan', dir, '--format', 'json', '--fail-on', 'none']);
  if (scan.status !== 0) {
    throw new Error(`scan failed with ${scan.status}`);
  }
  runs.push({ rg: rg.ms, scan: scan.ms });
}
const best = (key) => Math.min(...runs.map((r) => r[key]));
const result = { bench: 'scanVsRg', files: figures.files, megabytes: +(figures.bytes / 1048576).toFixed(1), rgMs: +best('rg').toFixed(0), scanMs: +best('scan').toFixed(0) };
result.ratio = +(result.scanMs / result.rgMs).toFixed(2);
result.goal = 'ratio <= 2';
process.stderr.write(`scan vs rg on ${result.files} files / ${result.megabytes} MB: rg ${result.rgMs} ms, tls-readiness ${result.scanMs} ms, ratio ${result.ratio} (goal ≤ 2)\n`);
process.stdout.write(JSON.stringify(result) + '\n');
