#!/usr/bin/env node
'use strict';
/**
 * The server's path for a keystroke in a PowerShell script (DocumentStore.change then DocumentValidator.validate, as
 * bench/keystrokeInterleaved.js does for C#), for two builds loaded in ONE process, each keystroke applied to both
 * alternately (the order swapped every keystroke), so that a shared machine's load falls on both alike.
 * Usage: node bench/psKeystrokeInterleaved.js <worktree A> <worktree B> <script.ps1|.psm1> [keystrokes, default 40]
 * (the script is read from where it is: e.g. a vendored module of the development corpus; nothing is copied).
 * Each keystroke types a character into an identifier of a command or a comment, then the next one undoes it.
 * Prints CPU (user+sys) and wall ms per keystroke for each build (p50, p95, sum) and B's ratio to A.
 */
const fs = require('node:fs');
const path = require('node:path');
const { pathToFileURL } = require('node:url');
const { performance } = require('node:perf_hooks');
const { applyKeystroke } = require('./keystrokePlan');

const WARMUP = 4;

async function setup(root, file) {
  const fromRoot = (...p) => require(path.join(path.resolve(root), ...p));
  const { createAnalyzer } = fromRoot('out/server/src/engine/engine.js');
  const { createBackend } = fromRoot('out/server/src/node/backends.js');
  const { DocumentStore } = fromRoot('out/server/src/lsp/documentStore.js');
  const { DocumentValidator } = fromRoot('out/server/src/lsp/validation.js');
  const { SettingsCache } = fromRoot('out/server/src/lsp/settingsCache.js');
  const parser = await createBackend('wasm');
  const uri = pathToFileURL(file).toString();
  const build = { name: path.basename(path.resolve(root)), uri, file, published: undefined, rows: [] };
  const connection = {
    sendDiagnostics: (p) => {
      build.published = { version: p.version, count: p.diagnostics.length };
      return Promise.resolve();
    },
    console: { log: () => undefined },
  };
  const parts = {
    connection,
    analyzer: createAnalyzer(parser),
    documents: new DocumentStore(parser),
    settings: new SettingsCache(connection, false, () => undefined, undefined),
    client: { configuration: false, showDocument: false, workDoneProgress: false, workspaceFolders: true, ownCommands: false },
    published: new Map(),
    folders: [path.dirname(file)],
    uriOf: () => uri,
    log: () => undefined,
  };
  build.parts = parts;
  build.validator = new DocumentValidator(parts, Promise.resolve());
  return build;
}

/** Keystrokes spread over the script: a letter typed after the first letter of a command name or of a comment, then undone. */
function keystrokes(text, samples) {
  const places = [];
  for (const m of text.matchAll(/^\s*(#\s*\w|[A-Z][a-z]+-[A-Z])/gm)) {
    places.push(m.index + m[0].length - 1);
  }
  const out = [];
  for (let i = 0; out.length < samples; i++) {
    const at = places[(i * 7919) % places.length];
    out.push({ at, remove: 0, insert: 'x' }, { at, remove: 1, insert: '' });
  }
  return out;
}

const sorted = (a) => [...a].sort((x, y) => x - y);
const median = (a) => sorted(a)[Math.floor(a.length / 2)];
const p95 = (a) => sorted(a)[Math.floor(a.length * 0.95)];
const sum = (a) => a.reduce((x, y) => x + y, 0);

async function main() {
  const [rootA, rootB, script] = process.argv.slice(2, 5);
  if (!rootA || !rootB || !script) {
    process.stderr.write('usage: node bench/psKeystrokeInterleaved.js <worktree A> <worktree B> <script> [keystrokes]\n');
    process.exit(2);
  }
  const count = Number(process.argv[5]) || 40;
  const file = path.resolve(script);
  const text = fs.readFileSync(file, 'utf8');
  const builds = [await setup(rootA, file), await setup(rootB, file)];
  for (const b of builds) {
    b.parts.documents.open(b.uri, b.file, 1, text);
    await b.validator.validate(b.uri);
  }
  const plan = keystrokes(text, WARMUP + count);
  let current = text;
  for (let i = 0; i < plan.length; i++) {
    const { change, next } = applyKeystroke(current, plan[i]);
    for (const b of i % 2 ? builds : [...builds].reverse()) {
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      b.parts.documents.change(b.uri, i + 2, [change]);
      await b.validator.validate(b.uri);
      const wall = performance.now() - t0;
      const cpu = process.cpuUsage(cpu0);
      if (b.published?.version !== i + 2) {
        throw new Error(`${b.name}: keystroke ${i} was not published`);
      }
      if (i >= WARMUP) {
        b.rows.push({ cpu: (cpu.user + cpu.system) / 1000, wall, diagnostics: b.published.count });
      }
    }
    current = next;
  }
  const [a, b] = builds;
  if (a.rows.some((r, i) => r.diagnostics !== b.rows[i].diagnostics)) {
    console.log('note: the two builds published different numbers of diagnostics');
  }
  for (const x of builds) {
    const cpu = x.rows.map((r) => r.cpu);
    const wall = x.rows.map((r) => r.wall);
    console.log(`${x.name.padEnd(12)} cpu p50 ${median(cpu).toFixed(1)} p95 ${p95(cpu).toFixed(1)} sum ${sum(cpu).toFixed(0)} | wall p50 ${median(wall).toFixed(1)} sum ${sum(wall).toFixed(0)}`);
  }
  const ratios = b.rows.map((r, i) => r.cpu / a.rows[i].cpu);
  console.log(`${b.name} / ${a.name}: cpu sum ${(sum(b.rows.map((r) => r.cpu)) / sum(a.rows.map((r) => r.cpu))).toFixed(3)}, median per-keystroke ratio ${median(ratios).toFixed(3)}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
