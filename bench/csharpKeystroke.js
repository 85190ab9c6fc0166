#!/usr/bin/env node
'use strict';
/**
 * Benchmark (not a test): a one-character edit in a 5,000-line C# file → its diagnostics, three ways, each in its own
 * process (bench/keystrokeRun.js), alternating between builds when `--compare <worktree>` names an earlier one:
 *  - server: the server's own path in process — `DocumentStore.change` then `DocumentValidator.validate` (reparse,
 *    facts, rules, diagnostics serialised), with a phase breakdown; no scheduling, no transport;
 *  - typing: over LSP, end to end (`dist/server.js --stdio` started as the extension starts it, didChange → the
 *    publishDiagnostics of that version), keystrokes `--interval` ms apart (150: a fast typist) — what a user sees;
 *  - burst: over LSP, each keystroke sent as soon as the previous one's diagnostics arrived (faster than anyone
 *    types): the server coalesces such bursts, so this is the wait for the diagnostics of a burst's last keystroke.
 * Target (issue 14): typing p95 ≤ 10 ms. Prints one JSON line to stdout and a human table to stderr.
 * Needs the build (`npm run build`, and in the compared worktree).
 * Usage: node bench/csharpKeystroke.js [--lines 5000] [--samples 300] [--rounds 2] [--interval 150]
 *        [--compare /path/to/earlier/worktree] [--parser wasm|native]
 */
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { EDIT_KINDS } = require('./keystrokePlan');

function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function stats(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const r = (x) => Math.round(x * 100) / 100;
  return { p50: r(percentile(s, 50)), p95: r(percentile(s, 95)), max: r(s[s.length - 1]) };
}

/** Runs one measurement in a child process; returns its rows. */
function measure(root, mode, samples, offset, extra) {
  const args = [path.join(__dirname, 'keystrokeRun.js'), '--root', root, '--mode', mode, '--samples', String(samples), '--offset', String(offset), '--lines', arg('lines', '5000'), ...extra];
  const r = spawnSync(process.execPath, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) {
    throw new Error(`${path.basename(root)} ${mode}: exit ${r.status}`);
  }
  return JSON.parse(r.stdout.trim().split('\n').pop());
}

function main() {
  const samples = Number(arg('samples', '300'));
  const rounds = Number(arg('rounds', '2'));
  const interval = arg('interval', '150');
  const parser = arg('parser', 'wasm');
  const here = path.resolve(__dirname, '..');
  const builds = [...(arg('compare') ? [{ name: 'before', root: path.resolve(arg('compare')) }] : []), { name: 'this build', root: here }];
  const modes = [
    { name: 'server', mode: 'inprocess', extra: ['--parser', parser] },
    ...(parser === 'wasm'
      ? [
          { name: 'typing', mode: 'lsp', extra: ['--interval', interval] },
          { name: 'burst', mode: 'lsp', extra: ['--interval', '0'] },
        ]
      : []),
  ];
  const rows = new Map();
  let findings;
  const per = Math.ceil(samples / rounds / 2) * 2;
  for (let round = 0; round < rounds; round++) {
    for (const m of modes) {
      for (const b of round % 2 === 0 ? builds : [...builds].reverse()) {
        const out = measure(b.root, m.mode, per, round * per, m.extra);
        const key = `${b.name}|${m.name}`;
        rows.set(key, [...(rows.get(key) ?? []), ...out.rows]);
        if (b.root === here && m.mode === 'inprocess') {
          findings = out.findings;
        }
      }
    }
  }
  const figure = (b, m, field = 'total') => stats((rows.get(`${b}|${m}`) ?? []).map((r) => r[field]));
  const mine = (m) => figure('this build', m);
  const result = {
    benchmark: 'csharpKeystroke',
    parser,
    lines: Number(arg('lines', '5000')),
    samples: (rows.get('this build|server') ?? []).length,
    findings,
    typingIntervalMs: Number(interval),
    p50Ms: mine('server').p50,
    p95Ms: mine('server').p95,
    maxMs: mine('server').max,
    reparseP95Ms: figure('this build', 'server', 'reparse').p95,
    analyzeP95Ms: figure('this build', 'server', 'analyze').p95,
    cpuP95Ms: figure('this build', 'server', 'cpu').p95,
    ...(parser === 'wasm' ? { lspP50Ms: mine('typing').p50, lspP95Ms: mine('typing').p95, lspMaxMs: mine('typing').max, burstP50Ms: mine('burst').p50, burstP95Ms: mine('burst').p95 } : {}),
    ...(builds.length > 1 ? { before: Object.fromEntries(modes.map((m) => [m.name, figure('before', m.name)])) } : {}),
    loadAverage: +os.loadavg()[0].toFixed(2),
    targetLspP95Ms: 10,
    meetsTarget: parser === 'wasm' ? mine('typing').p95 <= 10 : undefined,
  };
  const row = (name, s) => `${name.padEnd(40)}${s.p50.toFixed(2).padStart(9)}${s.p95.toFixed(2).padStart(9)}${s.max.toFixed(2).padStart(9)}`;
  const lines = [`C# keystroke → diagnostics: ${result.lines} lines, ${result.samples} one-character edits per figure, ${parser} parser, ${findings} findings`];
  for (const b of builds) {
    lines.push(`${`${b.name} (${b.root})`.padEnd(40)}${'p50 ms'.padStart(9)}${'p95 ms'.padStart(9)}${'max ms'.padStart(9)}`);
    lines.push(row('  server: keystroke total, wall', figure(b.name, 'server')));
    lines.push(row('    edit + reparse', figure(b.name, 'server', 'reparse')));
    lines.push(row('    facts + rules', figure(b.name, 'server', 'analyze')));
    lines.push(row('    CPU time', figure(b.name, 'server', 'cpu')));
    if (b.root === here) {
      for (const k of EDIT_KINDS) {
        lines.push(row(`    ${k.name}`, stats((rows.get(`${b.name}|server`) ?? []).filter((r) => r.kind === k.name).map((r) => r.total))));
      }
    }
    if (parser === 'wasm') {
      lines.push(row(`  over LSP, typing (${interval} ms apart)`, figure(b.name, 'typing')));
      lines.push(row('  over LSP, burst (back to back)', figure(b.name, 'burst')));
    }
  }
  lines.push(`target over LSP p95 <= 10 ms: ${result.meetsTarget ? 'met' : 'NOT met'}; 1-min load average ${result.loadAverage} on ${os.cpus().length} cores`, '');
  process.stderr.write(lines.join('\n'));
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

try {
  main();
} catch (e) {
  process.stderr.write(`${e && e.stack ? e.stack : e}\n`);
  process.exit(2);
}
