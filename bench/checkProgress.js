#!/usr/bin/env node
'use strict';
/**
 * Benchmark (not a test): how often "Check Dynamics TLS readiness" reports progress and how fast a cancel stops it, on a
 * generated 20,000-file tree. Measured twice: in the engine (scanWorkspace's onProgress / isCancelled) and over the
 * real language server (dist/cli.js lsp --stdio: dynamicsTls/checkProgress notifications, $/cancelRequest → response).
 * Goals: ≤ 500 ms between progress updates, ≤ 500 ms from cancel to stop.
 * Prints one JSON line to stdout and a human table to stderr. Usage: node bench/checkProgress.js [--files 20000]
 */
const { spawn } = require('node:child_process');
const os = require('node:os');
const path = require('node:path');
const { pathToFileURL } = require('node:url');
const rpc = require('vscode-languageserver-protocol/node');
const { generateTree } = require('./generateTree');

const root = path.resolve(__dirname, '..');
const out = (rel) => path.join(root, 'out', 'server', 'src', ...rel.split('/'));
const argIndex = process.argv.indexOf('--files');
const files = argIndex >= 0 ? Number(process.argv[argIndex + 1]) : 20000;
const dir = path.join(process.env.DTLS_BENCH_DIR || path.join(os.tmpdir(), 'dtls-bench'), `tree-${files}`);
const GOAL_MS = 500;
/** How long into the scan the cancel comes (a share of the full scan's time). */
const CANCEL_AT = 0.5;

function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : 0;
}

function gaps(times) {
  const g = [];
  for (let i = 1; i < times.length; i++) {
    g.push(times[i] - times[i - 1]);
  }
  return g;
}

function summary(times) {
  const g = gaps(times);
  return { updates: times.length, maxGapMs: Math.round(Math.max(0, ...g)), p95GapMs: Math.round(percentile(g, 95)), meanGapMs: Math.round(g.reduce((a, b) => a + b, 0) / (g.length || 1)) };
}

/** The engine: a full scan (progress gaps), then one cancelled halfway (cancel → scanWorkspace resolves). */
async function engineFigures() {
  const { createAnalyzer } = require(out('engine/engine'));
  const { createBackend } = require(out('node/backends'));
  const { nodeFileSystem } = require(out('node/nodeFileSystem'));
  const { scanWorkspace } = require(out('engine/scan/workspaceScan'));
  const { DEFAULT_EXCLUDES } = require(out('engine/scan/excludes'));
  const parser = await createBackend('wasm');
  const run = async (cancelAfterMs) => {
    const times = [];
    let cancelledAt;
    const t0 = performance.now();
    const result = await scanWorkspace(nodeFileSystem, createAnalyzer(parser), {
      roots: [dir],
      excludes: DEFAULT_EXCLUDES,
      maxFileSizeKB: 2048,
      isCancelled: () => {
        if (cancelAfterMs !== undefined && cancelledAt === undefined && performance.now() - t0 >= cancelAfterMs) {
          cancelledAt = performance.now();
        }
        return cancelledAt !== undefined;
      },
      onProgress: () => times.push(performance.now()),
    });
    const end = performance.now();
    return { times, totalMs: end - t0, stopMs: cancelledAt === undefined ? undefined : end - cancelledAt, result };
  };
  const full = await run(undefined);
  const cancelled = await run(full.totalMs * CANCEL_AT);
  return {
    scanMs: Math.round(full.totalMs),
    findings: full.result.findings.length,
    progress: summary(full.times),
    cancelToStopMs: cancelled.stopMs === undefined ? null : Math.round(cancelled.stopMs),
    keptFindingsAfterCancel: cancelled.result.findings.length,
  };
}

/** Starts the real server over stdio and initialises it with the tree as the workspace folder. */
async function startServer() {
  const child = spawn(process.execPath, [path.join(root, 'dist', 'cli.js'), 'lsp', '--stdio'], { stdio: ['pipe', 'pipe', 'ignore'] });
  const connection = rpc.createMessageConnection(new rpc.StreamMessageReader(child.stdout), new rpc.StreamMessageWriter(child.stdin));
  const logs = [];
  let onLog = () => undefined;
  connection.onNotification('window/logMessage', (p) => {
    logs.push(p.message);
    onLog(p.message);
  });
  connection.onRequest('workspace/configuration', (p) => p.items.map(() => ({})));
  connection.onRequest('client/registerCapability', () => null);
  connection.onRequest('window/workDoneProgress/create', () => null);
  connection.listen();
  const indexed = new Promise((resolve) => {
    onLog = (m) => /^indexed /.test(m) && resolve(m);
  });
  const uri = pathToFileURL(dir).toString();
  await connection.sendRequest('initialize', { processId: process.pid, rootUri: uri, workspaceFolders: [{ uri, name: 'bench' }], capabilities: { workspace: { configuration: true } } });
  connection.sendNotification('initialized', {});
  await indexed;
  return { child, connection };
}

/** Over the server: a full check (gaps between progress notifications as they arrive), then one cancelled halfway. */
async function lspFigures() {
  const { child, connection } = await startServer();
  try {
    const run = async (cancelAfterMs) => {
      const times = [];
      const sub = connection.onNotification('dynamicsTls/checkProgress', () => times.push(performance.now()));
      const source = new rpc.CancellationTokenSource();
      let cancelledAt;
      const timer = cancelAfterMs === undefined ? undefined : setTimeout(() => {
        cancelledAt = performance.now();
        source.cancel();
      }, cancelAfterMs);
      const t0 = performance.now();
      const result = await connection.sendRequest('dynamicsTls/checkWorkspace', { folders: [pathToFileURL(dir).toString()] }, source.token);
      const end = performance.now();
      clearTimeout(timer);
      sub.dispose();
      return { times, totalMs: end - t0, stopMs: cancelledAt === undefined ? undefined : end - cancelledAt, result };
    };
    const full = await run(undefined);
    const cancelled = await run(full.totalMs * CANCEL_AT);
    return {
      checkMs: Math.round(full.totalMs),
      progress: summary(full.times),
      cancelToResponseMs: cancelled.stopMs === undefined ? null : Math.round(cancelled.stopMs),
      cancelledFlag: Boolean(cancelled.result && cancelled.result.cancelled),
      keptRowsAfterCancel: cancelled.result ? cancelled.result.units.length : 0,
    };
  } finally {
    connection.dispose();
    child.kill();
  }
}

async function main() {
  const figures = generateTree(dir, files);
  const engine = await engineFigures();
  const lsp = await lspFigures();
  const worstGap = Math.max(engine.progress.maxGapMs, lsp.progress.maxGapMs);
  const worstStop = Math.max(engine.cancelToStopMs ?? Infinity, lsp.cancelToResponseMs ?? Infinity);
  // Flat figures, so bench/run.js can print them as key=value.
  const result = {
    bench: 'checkProgress',
    files: figures.files,
    megabytes: +(figures.bytes / 1048576).toFixed(1),
    cpus: os.cpus().length,
    loadAverage: +os.loadavg()[0].toFixed(2),
    engineScanMs: engine.scanMs,
    engineUpdates: engine.progress.updates,
    engineMaxGapMs: engine.progress.maxGapMs,
    engineP95GapMs: engine.progress.p95GapMs,
    engineCancelToStopMs: engine.cancelToStopMs,
    engineFindingsKeptAfterCancel: engine.keptFindingsAfterCancel,
    lspCheckMs: lsp.checkMs,
    lspUpdates: lsp.progress.updates,
    lspMaxGapMs: lsp.progress.maxGapMs,
    lspP95GapMs: lsp.progress.p95GapMs,
    lspCancelToResponseMs: lsp.cancelToResponseMs,
    lspCancelledFlag: lsp.cancelledFlag,
    lspRowsKeptAfterCancel: lsp.keptRowsAfterCancel,
    goalMs: GOAL_MS,
    progressGoalMet: worstGap <= GOAL_MS,
    cancelGoalMet: worstStop <= GOAL_MS,
  };
  const rows = [
    ['', 'engine (scanWorkspace)', 'LSP (real server, stdio)'],
    ['full check', `${engine.scanMs} ms`, `${lsp.checkMs} ms`],
    ['progress updates', String(engine.progress.updates), String(lsp.progress.updates)],
    ['max gap between updates', `${engine.progress.maxGapMs} ms`, `${lsp.progress.maxGapMs} ms`],
    ['p95 gap', `${engine.progress.p95GapMs} ms`, `${lsp.progress.p95GapMs} ms`],
    ['mean gap', `${engine.progress.meanGapMs} ms`, `${lsp.progress.meanGapMs} ms`],
    ['cancel → stop', `${engine.cancelToStopMs} ms`, `${lsp.cancelToResponseMs} ms (response received)`],
  ];
  const width = [26, 24, 30];
  process.stderr.write(`check progress on ${figures.files} files / ${result.megabytes} MB (${result.cpus} CPUs, load ${result.loadAverage}); goals ≤ ${GOAL_MS} ms\n`);
  for (const r of rows) {
    process.stderr.write(r.map((c, i) => c.padEnd(width[i])).join(' ') + '\n');
  }
  process.stderr.write(`progress goal ${result.progressGoalMet ? 'met' : 'MISSED'}, cancel goal ${result.cancelGoalMet ? 'met' : 'MISSED'}\n`);
  process.stdout.write(JSON.stringify(result) + '\n');
}

main().catch((e) => {
  process.stderr.write(`checkProgress failed: ${e && e.stack ? e.stack : e}\n`);
  process.exit(2);
});
