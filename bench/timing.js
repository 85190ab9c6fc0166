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

/** The facts providers of the built engine: the trigger words the scan pre-checks, so the baseline follows them. */
function providers() {
  const load = (rel) => require(path.join(root, 'out/server/src/engine', rel));
  return [
    { globs: ['*.cs'], provider: load('csharp/csharpFacts.js').csharpFactsProvider },
    { globs: ['*.ps1', '*.psm1'], provider: load('powershell/scriptFacts.js').powershellFactsProvider },
  ];
}

/** A literal as a ripgrep regular expression (its meta characters escaped; ripgrep refuses `\\/`). */
const literal = (t) => t.replace(/[.*+?^${}()|[\]\\-]/g, (c) => `\\${c}`);

/**
 * The ripgrep runs that do the scan's pre-check: per language, the files of its kinds that mention one of its trigger
 * tokens (case-insensitive where the provider is, as for PowerShell), whole trigger words, or any-case tokens in any
 * case, with the scan's default excludes.
 */
function rgRuns(dir) {
  const excludes = ['!**/bin/**', '!**/obj/**', '!**/packages/**', '!**/node_modules/**', '!**/.git/**'];
  return providers().map(({ globs, provider }) => {
    const patterns = [
      ...provider.triggerTokens.map(literal),
      // ASCII word boundaries, as the scan's JavaScript \b (ripgrep's Unicode ones are much slower).
      ...(provider.triggerWords ?? []).map((w) => `(?-u:\\b)${literal(w)}(?-u:\\b)`),
      ...(provider.anyCaseTokens ?? []).map((t) => `(?i:${literal(t)})`),
    ];
    return [
      '-l', '--no-messages', '--no-ignore', '--hidden', ...(provider.ignoreCase ? ['-i'] : []),
      ...patterns.flatMap((p) => ['-e', p]), ...[...globs, ...excludes].flatMap((g) => ['-g', g]), dir,
    ];
  });
}

/** Times the ripgrep baseline of a folder: its runs one after the other, as one figure. */
function timeRg(dir) {
  const runs = rgRuns(dir).map((args) => time('rg', args));
  const bad = runs.find((r) => r.status !== 0 && r.status !== 1);
  if (bad) {
    throw new Error(`rg failed with ${bad.status}: ${bad.err}`);
  }
  return { ms: runs.reduce((sum, r) => sum + r.ms, 0), cpuMs: runs.reduce((sum, r) => sum + r.cpuMs, 0), out: runs.map((r) => r.out).join('') };
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

module.exports = { time, timeRg, spread, showSpread, root };
