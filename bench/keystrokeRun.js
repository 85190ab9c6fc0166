#!/usr/bin/env node
'use strict';
/**
 * One measurement of bench/csharpKeystroke.js, run as its own process so that builds and modes do not share a heap:
 *  - `--mode inprocess`: the server's own path for a didChange, in this process, through the build's own classes:
 *    `DocumentStore.change` then `DocumentValidator.validate` (settings from the build's `SettingsCache`, the
 *    publication serialised as the connection would) — what the server does between reading a keystroke and writing
 *    its diagnostics, without scheduling or transport;
 *  - `--mode lsp`: end to end, the build's `dist/server.js --stdio` as a process started as the extension starts it,
 *    `textDocument/didChange` → the `publishDiagnostics` of that version, keystrokes sent `--interval` ms apart (a
 *    typist; 0: each keystroke as soon as the previous one's diagnostics arrived); `--transport ipc` forks it with an
 *    IPC channel instead, as VS Code's client does (stdio is the transport of other editors, `tls-readiness lsp`).
 * `--root` is the worktree whose build (out/ and dist/) is measured. Prints one JSON line: per-keystroke rows.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { fork, spawn } = require('node:child_process');
const { pathToFileURL } = require('node:url');
const { performance } = require('node:perf_hooks');
const { PROJECT, applyKeystroke, generate, keystrokes } = require('./keystrokePlan');
const { setupBuild } = require('./interleavedBuilds');

function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1] : fallback;
}

const root = path.resolve(arg('root', path.join(__dirname, '..')));
const fromRoot = (...p) => require(path.join(root, ...p));

/** Wraps `obj[name]` so that the wall time of its calls adds to `phase.ms`. */
function timed(obj, name, phase) {
  const original = obj[name].bind(obj);
  obj[name] = (...args) => {
    const t0 = performance.now();
    try {
      return original(...args);
    } finally {
      phase.ms += performance.now() - t0;
    }
  };
}

/** The server's path for each keystroke, in process; returns per-keystroke phases in ms. */
async function inProcess(text, plan, parserName) {
  const file = '/bench/Big/Program.cs';
  const build = await setupBuild(root, file, { path: '/bench/Big/Big.csproj', text: PROJECT }, parserName);
  const { parts, validator, uri } = build;
  const reparse = { ms: 0 };
  const analyse = { ms: 0 };
  timed(parts.documents, 'change', reparse);
  timed(parts.documents, 'prepare', reparse);
  timed(parts.analyzer, 'updateFacts', analyse);
  timed(parts.analyzer, 'analyze', analyse);
  parts.documents.open(uri, file, 1, text);
  await validator.validate(uri);
  const rows = [];
  let current = text;
  for (let i = 0; i < plan.length; i++) {
    const { change, next } = applyKeystroke(current, plan[i]);
    reparse.ms = 0;
    analyse.ms = 0;
    build.published = undefined;
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    parts.documents.change(uri, i + 2, [change]);
    await validator.validate(uri);
    const total = performance.now() - t0;
    const cpu = process.cpuUsage(c0);
    const published = build.published;
    if (!published || published.version !== i + 2 || parts.documents.get(uri).text !== next) {
      throw new Error(`keystroke ${i}: version ${i + 2} was not published for the expected text`);
    }
    current = next;
    rows.push({ kind: plan[i].kind, reparse: reparse.ms, analyze: analyse.ms, total, cpu: (cpu.user + cpu.system) / 1000 });
  }
  return { parser: build.parser.name, rows, findings: build.published.count };
}

/** The LSP content changes of `plan` on `text`, made before any is timed (each keystroke's text is then garbage). */
function changesOf(text, plan) {
  const changes = [];
  let current = text;
  for (const k of plan) {
    const { change, next } = applyKeystroke(current, k);
    changes.push(change);
    current = next;
  }
  return changes;
}

/** A scavenge of this process's young generation (V8's `gc`, exposed for a new context), run between keystrokes. */
function ownScavenge() {
  require('node:v8').setFlagsFromString('--expose-gc');
  const gc = require('node:vm').runInNewContext('gc');
  return () => gc({ type: 'minor' });
}

/** The client's own garbage collections while the keystrokes run (start on the shared clock, ms), for `--trace`. */
function observeClientGc() {
  const { PerformanceObserver } = require('node:perf_hooks');
  const gcs = [];
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      gcs.push({ t: performance.timeOrigin + e.startTime, ms: e.duration });
    }
  });
  observer.observe({ entryTypes: ['gc'] });
  return { gcs, stop: () => observer.disconnect() };
}

/**
 * End to end over stdio; returns didChange → publishDiagnostics times in ms, keystrokes `intervalMs` apart. With
 * `traceFile`, the server runs from the compiled sources (out/) with bench/lspTraceHook.js preloaded, which writes its
 * stamps there; each row then also holds the client's stamps on the shared clock (sent, first bytes back, received).
 */
async function overLsp(text, plan, intervalMs, traceFile) {
  const rpc = require('vscode-languageserver-protocol/node');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dtls-keystroke-'));
  fs.writeFileSync(path.join(dir, 'Big.csproj'), PROJECT);
  fs.writeFileSync(path.join(dir, 'Program.cs'), text);
  const uri = pathToFileURL(path.join(dir, 'Program.cs')).toString();
  // The server process as the extension starts it (client/src/serverProcess.ts).
  const { SERVER_ENVIRONMENT, SERVER_EXEC_ARGV } = fromRoot('out/client/src/serverProcess.js');
  const env = { ...process.env, ...SERVER_ENVIRONMENT };
  const entry = traceFile ? ['-r', path.join(__dirname, 'lspTraceHook.js'), path.join(root, 'out', 'server', 'src', 'lsp', 'main.js')] : [path.join(root, 'dist', 'server.js')];
  if (traceFile) {
    Object.assign(env, { DTLS_TRACE_FILE: traceFile, DTLS_TRACE_ROOT: root });
  }
  // `--transport ipc`: forked with an IPC channel, as VS Code's client starts it (TransportKind.ipc); else stdio.
  const ipc = arg('transport', 'stdio') === 'ipc';
  const child = ipc
    ? fork(entry[entry.length - 1], ['--node-ipc'], { execArgv: [...SERVER_EXEC_ARGV, ...entry.slice(0, -1)], stdio: ['ignore', 'ignore', 'inherit', 'ipc'], env })
    : spawn(process.execPath, [...SERVER_EXEC_ARGV, ...entry, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'], env });
  const clock = () => performance.timeOrigin + performance.now();
  let firstBytes;
  if (traceFile && !ipc) {
    child.stdout.on('data', () => (firstBytes ??= clock()));
  }
  const clientGc = traceFile ? observeClientGc() : undefined;
  const conn = ipc
    ? rpc.createProtocolConnection(new rpc.IPCMessageReader(child), new rpc.IPCMessageWriter(child))
    : rpc.createProtocolConnection(new rpc.StreamMessageReader(child.stdout), new rpc.StreamMessageWriter(child.stdin));
  const waiting = new Map();
  conn.onNotification(rpc.PublishDiagnosticsNotification.type, (p) => {
    const done = p.uri === uri && waiting.get(p.version);
    if (done) {
      waiting.delete(p.version);
      done(p.diagnostics.length);
    }
  });
  conn.onRequest(rpc.ConfigurationRequest.type, (p) => p.items.map(() => ({})));
  conn.onRequest(rpc.RegistrationRequest.type, () => undefined);
  conn.listen();
  const published = (version) => new Promise((resolve) => waiting.set(version, resolve));
  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
  try {
    await conn.sendRequest('initialize', { processId: process.pid, rootUri: pathToFileURL(dir).toString(), workspaceFolders: [{ uri: pathToFileURL(dir).toString(), name: 'bench' }], capabilities: { workspace: { configuration: true } } });
    await conn.sendNotification('initialized', {});
    const opened = published(1);
    await conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'csharp', version: 1, text } });
    let diagnostics = await opened;
    const rows = [];
    const changes = changesOf(text, plan);
    const collectOwnGarbage = intervalMs > 0 ? ownScavenge() : () => undefined;
    let lastSent = 0;
    for (let i = 0; i < plan.length; i++) {
      const change = changes[i];
      const version = i + 2;
      // This process's own garbage is collected while it waits, not while it waits for the server.
      collectOwnGarbage();
      const wait = lastSent + intervalMs - performance.now();
      if (wait > 0) {
        await sleep(wait);
      }
      const done = published(version);
      firstBytes = undefined;
      const t0 = performance.now();
      lastSent = t0;
      await conn.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [change] });
      diagnostics = await done;
      const t1 = performance.now();
      rows.push({ kind: plan[i].kind, total: t1 - t0, ...(traceFile ? { version, sent: performance.timeOrigin + t0, firstBytes, received: performance.timeOrigin + t1 } : {}) });
    }
    return { rows, findings: diagnostics, ...(clientGc ? { clientGc: clientGc.gcs } : {}) };
  } finally {
    clientGc?.stop();
    await conn.sendRequest('shutdown').catch(() => undefined);
    await conn.sendNotification('exit').catch(() => undefined);
    const exited = new Promise((resolve) => child.once('exit', resolve));
    setTimeout(() => child.kill('SIGKILL'), 3000).unref();
    if (traceFile) {
      // The server writes its trace as it exits.
      await exited;
    }
    conn.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function main() {
  const text = generate(Number(arg('lines', '5000')));
  const warmup = keystrokes(text, 24, 0);
  const plan = keystrokes(text, Number(arg('samples', '300')), Number(arg('offset', '0')));
  const mode = arg('mode', 'inprocess');
  const result = mode === 'lsp' ? await overLsp(text, [...warmup, ...plan], Number(arg('interval', '150')), arg('trace')) : await inProcess(text, [...warmup, ...plan], arg('parser', 'wasm'));
  process.stdout.write(`${JSON.stringify({ ...result, rows: result.rows.slice(warmup.length) })}\n`);
}

main().catch((e) => {
  process.stderr.write(`${e && e.stack ? e.stack : e}\n`);
  process.exit(2);
});
