'use strict';
/**
 * Shared timing for the scan benchmarks: a child process's wall time and CPU time (user + system, read from the
 * kernel's per-process account of waited-for children, so a loaded machine shows in the wall figure, not the CPU one),
 * the ripgrep baseline on the scan's own trigger words, and a spread (min / median / max) over repeated runs.
 */
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const TICK_MS = 10; // USER_HZ is 100 on Linux

/** CPU time (ms) of this process's waited-for children so far; 0 where /proc is absent. */
function childCpuMs() {
  try {
    const stat = fs.readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[13]) + Number(fields[14])) * TICK_MS; // cutime, cstime (fields 16 and 17 of stat)
  } catch {
    return 0;
  }
}

/** Runs a command to completion; returns its wall and CPU milliseconds, exit status, stdout and stderr. */
function time(cmd, args, options = {}) {
  const cpu0 = childCpuMs();
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, ...options });
  return { ms: Number(process.hrtime.bigint() - t0) / 1e6, cpuMs: childCpuMs() - cpu0, status: r.status, out: r.stdout, err: r.stderr };
}

/** The trigger words the scan itself pre-checks (read from the built facts providers, so the baseline follows them). */
function triggerWords() {
  const load = (rel) => require(path.join(root, 'out/server/src/engine', rel));
  const words = [...load('csharp/csharpFacts.js').csharpFactsProvider.triggerTokens, ...load('powershell/scriptFacts.js').powershellFactsProvider.triggerTokens];
  return [...new Set(words)];
}

/** ripgrep listing the files that mention a trigger word, over the kinds the scan reads, with the scan's default excludes. */
function rgArgs(dir) {
  return ['-l', '-i', '-F', '--no-messages', '--no-ignore', '--hidden', ...triggerWords().flatMap((t) => ['-e', t]),
    '-g', '*.{cs,ps1,psm1,csproj,vbproj,config,props,targets,reg}', '-g', '!**/bin/**', '-g', '!**/obj/**', '-g', '!**/packages/**', '-g', '!**/node_modules/**', '-g', '!**/.git/**', dir];
}

/** min / median / max of a list of numbers, rounded to whole milliseconds. */
function spread(values) {
  const s = [...values].sort((a, b) => a - b);
  const pick = (q) => Math.round(s[Math.min(s.length - 1, Math.floor(q * (s.length - 1) + 0.5))]);
  return { min: pick(0), median: pick(0.5), max: pick(1) };
}

/** "median (min–max)" of a spread, for the human table. */
function showSpread(s, unit = 'ms') {
  return `${s.median} ${unit} (${s.min}–${s.max})`;
}

module.exports = { time, rgArgs, triggerWords, spread, showSpread, root };
