#!/usr/bin/env node
'use strict';
/**
 * Benchmark (not a test): the language server as a process over stdio — time from `initialize` to the first
 * diagnostics of an opened project file (goal ≤ 300 ms), and its memory after a full workspace check of a large
 * generated tree (goal ≤ 150 MB RSS). Prints one JSON line to stdout and a human table to stderr.
 * Also: the server's CPU time when `initialize` is answered and at the first diagnostics, when its start-up index was
 * complete (the `indexed …` log line), and its anonymous and file-backed memory after the check.
 * Usage: node bench/lspStartup.js [--files 30000] [--no-check] (stops after the first diagnostics and the index)
 *        [--cpu-prof <dir>] (the server's CPU profiles, one per thread, written to <dir> when it exits)
 */
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { pathToFileURL } = require('node:url');
const rpc = require('vscode-languageserver-protocol/node');
const { benchTreeFromArgs } = require('./generateTree');

const root = path.resolve(__dirname, '..');
const { dir } = benchTreeFromArgs(process.argv);

function rssMiB(pid) {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const get = (key) => Number((new RegExp(`${key}:\\s+(\\d+)`).exec(status) || [])[1] || 0) / 1024;
  return { rss: +get('VmRSS').toFixed(1), peak: +get('VmHWM').toFixed(1) };
}

/** The process's CPU time (user + system) in ms, from /proc (10 ms ticks). */
function cpuMs(pid) {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** Anonymous and file-backed resident memory (MiB), from /proc/<pid>/smaps_rollup. */
function rssParts(pid) {
  const text = fs.readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
  const get = (key) => +(Number((new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(text) || [])[1] || 0) / 1024).toFixed(1);
  return { anonymous: get('Anonymous'), file: +(get('Rss') - get('Anonymous')).toFixed(1) };
}

(async () => {
  // The server process as the extension starts it (client/src/serverProcess.ts).
  const { SERVER_ENVIRONMENT, SERVER_EXEC_ARGV } = require(path.join(root, 'out', 'client', 'src', 'serverProcess.js'));
  const env = { ...process.env, ...SERVER_ENVIRONMENT };
  const profIndex = process.argv.indexOf('--cpu-prof');
  const prof = profIndex >= 0 ? ['--cpu-prof', '--cpu-prof-dir', path.resolve(process.argv[profIndex + 1])] : [];
  const child = spawn(process.execPath, [...SERVER_EXEC_ARGV, ...prof, path.join(root, 'dist', 'server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'], env });
  const conn = rpc.createProtocolConnection(new rpc.StreamMessageReader(child.stdout), new rpc.StreamMessageWriter(child.stdin));
  let firstDiagnostics;
  let cpuAtDiagnostics;
  const gotDiagnostics = new Promise((resolve) => {
    conn.onNotification(rpc.PublishDiagnosticsNotification.type, (p) => {
      if (p.diagnostics.length && !firstDiagnostics) {
        firstDiagnostics = process.hrtime.bigint();
        cpuAtDiagnostics = cpuMs(child.pid);
        resolve();
      }
    });
  });
  let indexedAt;
  const indexed = new Promise((resolve) => {
    conn.onNotification(rpc.LogMessageNotification.type, (p) => {
      if (/^indexed \d+ project/.test(p.message) && !indexedAt) {
        indexedAt = process.hrtime.bigint();
        resolve();
      }
    });
  });
  conn.onRequest(rpc.ConfigurationRequest.type, (p) => p.items.map(() => ({})));
  conn.onRequest(rpc.RegistrationRequest.type, () => undefined);
  conn.listen();
  const projPath = path.join(dir, 'src', 'Project0', 'Project0.csproj');
  const t0 = process.hrtime.bigint();
  await conn.sendRequest('initialize', {
    processId: process.pid,
    rootUri: pathToFileURL(dir).toString(),
    workspaceFolders: [{ uri: pathToFileURL(dir).toString(), name: 'bench' }],
    capabilities: { workspace: { configuration: true } },
  });
  const cpuAtInitialize = cpuMs(child.pid);
  await conn.sendNotification('initialized', {});
  await conn.sendNotification('textDocument/didOpen', {
    textDocument: { uri: pathToFileURL(projPath).toString(), languageId: 'xml', version: 1, text: fs.readFileSync(projPath, 'utf8') },
  });
  await gotDiagnostics;
  const startupMs = Number(firstDiagnostics - t0) / 1e6;
  const noCheck = process.argv.includes('--no-check');
  if (noCheck) {
    await indexed;
  }
  const t1 = process.hrtime.bigint();
  const check = noCheck ? { files: undefined } : await conn.sendRequest('dynamicsTls/checkWorkspace', { folders: [pathToFileURL(dir).toString()] });
  const checkMs = Number(process.hrtime.bigint() - t1) / 1e6;
  const mem = rssMiB(child.pid);
  const parts = rssParts(child.pid);
  await conn.sendRequest('shutdown');
  await conn.sendNotification('exit');
  setTimeout(() => child.kill('SIGKILL'), 5000).unref();
  const result = {
    bench: 'lspStartup',
    files: check.files,
    initializeToDiagnosticsMs: +startupMs.toFixed(0),
    cpuAtInitializeMs: cpuAtInitialize,
    cpuAtDiagnosticsMs: cpuAtDiagnostics,
    indexCompleteMs: indexedAt ? +(Number(indexedAt - t0) / 1e6).toFixed(0) : undefined,
    checkMs: +checkMs.toFixed(0),
    rssAfterCheckMiB: mem.rss,
    peakRssMiB: mem.peak,
    anonymousMiB: parts.anonymous,
    fileBackedMiB: parts.file,
    goal: 'startup <= 300 ms, RSS <= 150 MB',
  };
  process.stderr.write(`initialize → first diagnostics: ${result.initializeToDiagnosticsMs} ms (goal ≤ 300); workspace check of ${result.files} files: ${result.checkMs} ms; RSS after: ${mem.rss} MiB, peak ${mem.peak} MiB (goal ≤ 150)\n`);
  process.stdout.write(JSON.stringify(result) + '\n');
  conn.dispose();
})().catch((e) => {
  process.stderr.write(`${e.stack || e}\n`);
  process.exit(1);
});
