#!/usr/bin/env node
'use strict';
/**
 * Where a keystroke's time over LSP goes (benchmark tooling, not a test). Runs bench/keystrokeRun.js --mode lsp --trace
 * (the server from out/ with bench/lspTraceHook.js preloaded) and joins the client's stamps with the server's by
 * version: transport in, the look-ahead's hold, the change, scheduling, parse, facts, rules, diagnostics converted,
 * the writer, transport out, the client's reading — and the garbage collections (server and client) that fall inside
 * each keystroke. Prints p50 / p95 / max per segment, and the slowest keystrokes one by one.
 * Usage: node bench/lspTraceReport.js [--root <worktree>] [--samples 300] [--interval 150] [--slowest 15]
 *        [--keep <prefix>] | node bench/lspTraceReport.js --from <prefix.client.json> <prefix.trace.json>
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1] : fallback;
}

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** Runs the traced measurement; returns the client's result and the server's events. */
function run() {
  const from = arg('from');
  if (from) {
    const i = process.argv.indexOf('--from');
    return { client: JSON.parse(fs.readFileSync(from, 'utf8')), events: JSON.parse(fs.readFileSync(process.argv[i + 2], 'utf8')) };
  }
  const traceFile = path.join(os.tmpdir(), `dtls-trace-${process.pid}.json`);
  const root = path.resolve(arg('root', path.join(__dirname, '..')));
  const args = [path.join(__dirname, 'keystrokeRun.js'), '--root', root, '--mode', 'lsp', '--samples', arg('samples', '300'), '--interval', arg('interval', '150'), '--trace', traceFile];
  const r = spawnSync(process.execPath, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) {
    throw new Error(`keystrokeRun: exit ${r.status}`);
  }
  const events = JSON.parse(fs.readFileSync(traceFile, 'utf8'));
  fs.rmSync(traceFile, { force: true });
  const client = JSON.parse(r.stdout.trim().split('\n').pop());
  const keep = arg('keep');
  if (keep) {
    // For `--from`: the client's result and the server's trace, side by side.
    fs.writeFileSync(`${keep}.client.json`, JSON.stringify(client));
    fs.writeFileSync(`${keep}.trace.json`, JSON.stringify(events));
  }
  return { client, events };
}

/** The server's stamps of one keystroke (version): from its message read to the last write after its publication. */
function serverSpan(events, version) {
  const read = events.findIndex((e) => e.what === 'read:start' && e.version === version);
  if (read < 0) {
    return undefined;
  }
  const at = (what, from = read, pred = () => true) => {
    for (let i = from; i < events.length; i++) {
      if (events[i].what === what && pred(events[i])) {
        return i;
      }
    }
    return -1;
  };
  const handOn = at('handOn:start', read, (e) => e.version === version);
  const changeEnd = at('change:end', handOn);
  const publish = at('publish:start', read, (e) => e.version === version);
  const validate = publish < 0 ? -1 : events.slice(0, publish).map((e) => e.what).lastIndexOf('validate:start');
  const t = (i) => (i >= 0 ? events[i].t : NaN);
  const publishEnd = at('publish:end', publish);
  // The library writes in a later turn; a one-write writer within the publication.
  const firstWrite = at('write', publish);
  // The library writes a header then the body; a one-write writer the whole frame (more than a header's bytes).
  const lastWrite = firstWrite >= 0 && events[firstWrite].bytes > 64 ? firstWrite : at('write', firstWrite + 1);
  const deferred = events.slice(read, publish).find((e) => e.what === 'deferred:start');
  return {
    read: t(read),
    handOn: t(handOn),
    changed: t(changeEnd),
    validate: t(validate),
    parse: t(at('parse:start', validate)),
    parsed: t(at('parse:end', validate)),
    facts: t(at('facts:start', validate)),
    factsEnd: t(at('facts:end', validate)),
    rules: t(at('rules:start', validate)),
    rulesEnd: t(at('rules:end', validate)),
    publish: t(publish),
    published: t(publishEnd),
    firstWrite: t(firstWrite),
    lastWrite: t(lastWrite),
    bytes: lastWrite >= 0 ? events[lastWrite].bytes : NaN,
    deferredMs: deferred?.ms,
  };
}

const SEGMENTS = [
  ['client send → server read', (r, s) => s.read - r.sent],
  ['look-ahead hold', (r, s) => s.handOn - s.read],
  ['change applied', (r, s) => s.changed - s.handOn],
  ['change → analysis starts', (r, s) => s.validate - s.changed],
  ['analysis start → parse', (r, s) => s.parse - s.validate],
  ['parse', (r, s) => s.parsed - s.parse],
  ['facts', (r, s) => s.factsEnd - s.facts],
  ['rules', (r, s) => s.rulesEnd - s.rules],
  ['diagnostics converted', (r, s) => s.published - s.publish],
  ['publish end → first write', (r, s) => Math.max(0, s.firstWrite - s.published)],
  ['writes', (r, s) => s.lastWrite - s.firstWrite],
  ['last write → client bytes', (r, s) => r.firstBytes - s.lastWrite],
  ['client bytes → received', (r, s) => r.received - r.firstBytes],
  ['total (client)', (r) => r.received - r.sent],
];

function main() {
  const { client, events } = run();
  const gcs = events.filter((e) => e.what === 'gc');
  const inside = (list, a, b) => list.filter((g) => g.t < b && g.t + g.ms > a);
  const rows = client.rows.map((r) => {
    const s = serverSpan(events, r.version);
    // Until the server's last write: a collection after it (the idle one) runs while the client reads.
    const serverGc = s ? inside(gcs, r.sent, Number.isFinite(s.lastWrite) ? s.lastWrite : r.received) : [];
    const clientGc = inside(client.clientGc ?? [], r.sent, r.received);
    return { r, s, serverGc, clientGc };
  });
  const usable = rows.filter((x) => x.s);
  const fmt = (x) => (Number.isFinite(x) ? x.toFixed(2) : '–').padStart(8);
  const lines = [`${usable.length} keystrokes traced (${client.rows.length} measured), load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`];
  lines.push(`${'segment'.padEnd(30)}${'p50'.padStart(8)}${'p95'.padStart(8)}${'max'.padStart(8)}${'mean'.padStart(8)}`);
  for (const [name, f] of SEGMENTS) {
    const xs = usable.map((x) => f(x.r, x.s)).filter(Number.isFinite).sort((a, b) => a - b);
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    lines.push(`${name.padEnd(30)}${fmt(percentile(xs, 50))}${fmt(percentile(xs, 95))}${fmt(xs[xs.length - 1])}${fmt(mean)}`);
  }
  const withGc = usable.filter((x) => x.serverGc.length > 0);
  const gcMs = (list) => list.reduce((a, g) => a + g.ms, 0);
  lines.push(`server GC between the change sent and the diagnostics written: ${withGc.length} of ${usable.length} keystrokes (${withGc.filter((x) => x.serverGc.some((g) => g.kind === 'mark-compact')).length} with a mark-compact), ${gcMs(withGc.flatMap((x) => x.serverGc)).toFixed(1)} ms in all`);
  lines.push(`client GC inside a keystroke: ${usable.filter((x) => x.clientGc.length > 0).length} keystrokes, ${gcMs(usable.flatMap((x) => x.clientGc)).toFixed(1)} ms in all`);
  lines.push(`server GC over the run: ${gcs.length} (${['scavenge', 'mark-compact', 'incremental', 'weak'].map((k) => `${k} ${gcs.filter((g) => g.kind === k).length}`).join(', ')}), ${gcMs(gcs).toFixed(1)} ms`);
  const cpu = events.find((e) => e.what === 'cpu');
  if (cpu) {
    lines.push(`server CPU from the first change to exit (user + system): ${cpu.ms.toFixed(0)} ms`);
  }
  const idle = events.filter((e) => e.what === 'idle');
  if (idle.length > 0) {
    lines.push(`idle moments: ${idle.length}, the young generation collected at ${idle.filter((e) => e.collected).length} of them`);
  }
  const bytes = usable.map((x) => x.s.bytes).filter(Number.isFinite);
  lines.push(`publication size: ${Math.min(...bytes)}–${Math.max(...bytes)} bytes; deferred analyses: ${usable.filter((x) => x.s.deferredMs !== undefined).length}`);
  lines.push('', `${'by kind (ms)'.padEnd(30)}${'total p50'.padStart(10)}${'p95'.padStart(8)}${'server p50'.padStart(11)}${'p95'.padStart(8)}${'GC hit'.padStart(8)}`);
  for (const kind of [...new Set(usable.map((x) => x.r.kind))]) {
    const of = usable.filter((x) => x.r.kind === kind);
    const total = of.map((x) => x.r.total).sort((a, b) => a - b);
    const server = of.map((x) => x.s.published - x.s.validate).sort((a, b) => a - b);
    lines.push(`${kind.padEnd(30)}${fmt(percentile(total, 50)).padStart(10)}${fmt(percentile(total, 95))}${fmt(percentile(server, 50)).padStart(11)}${fmt(percentile(server, 95))}${String(of.filter((x) => x.serverGc.length > 0).length).padStart(8)}`);
  }
  const slowest = [...usable].sort((a, b) => b.r.total - a.r.total).slice(0, Number(arg('slowest', '15')));
  lines.push('', 'slowest keystrokes: total | in hold chg sched pre parse facts rules conv →write writes out client | server GC | client GC | kind');
  for (const x of slowest) {
    const parts = SEGMENTS.slice(0, -1).map(([, f]) => f(x.r, x.s));
    lines.push(
      `${x.r.total.toFixed(2).padStart(7)} |${parts.map((p) => (Number.isFinite(p) ? p.toFixed(2) : '–').padStart(6)).join('')} | ${x.serverGc.map((g) => `${g.kind[0]}${g.ms.toFixed(1)}`).join(',') || '-'} | ${x.clientGc.map((g) => g.ms.toFixed(1)).join(',') || '-'} | ${x.r.kind}`,
    );
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

main();
