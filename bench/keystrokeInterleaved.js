#!/usr/bin/env node
'use strict';
/**
 * The server's path for a keystroke in a 5,000-line C# file (bench/keystrokeRun.js --mode inprocess: DocumentStore.change
 * then DocumentValidator.validate, the publication serialised), for two builds loaded in ONE process, each keystroke
 * applied to both alternately (the order swapped every keystroke), so that a shared machine's load falls on both alike.
 * Usage: node bench/keystrokeInterleaved.js <worktree A> <worktree B> [keystrokes, default 300]
 * Prints CPU (user+sys) and wall ms per keystroke for each build (p50, p95, sum) and B's ratio to A (sum, median per keystroke).
 */
const path = require('node:path');
const { pathToFileURL } = require('node:url');
const { performance } = require('node:perf_hooks');
const { PROJECT, applyKeystroke, generate, keystrokes } = require('./keystrokePlan');

const WARMUP = 24;

/** One build's server parts, set up as bench/keystrokeRun.js sets them up. */
async function setup(root) {
  const fromRoot = (...p) => require(path.join(path.resolve(root), ...p));
  const { createAnalyzer } = fromRoot('out/server/src/engine/engine.js');
  const { createBackend } = fromRoot('out/server/src/node/backends.js');
  const { DocumentStore } = fromRoot('out/server/src/lsp/documentStore.js');
  const { DocumentValidator } = fromRoot('out/server/src/lsp/validation.js');
  const { SettingsCache } = fromRoot('out/server/src/lsp/settingsCache.js');
  const parser = await createBackend('wasm');
  const dir = '/bench/Big';
  const file = `${dir}/Program.cs`;
  const uri = pathToFileURL(file).toString();
  const build = { name: path.basename(path.resolve(root)), uri, file, published: undefined, rows: [] };
  const connection = {
    sendDiagnostics: (p) => {
      build.published = { version: p.version, bytes: JSON.stringify(p).length };
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
    folders: [dir],
    uriOf: () => uri,
    log: () => undefined,
  };
  parts.analyzer.index.upsert({ path: `${dir}/Big.csproj`, text: PROJECT });
  build.parts = parts;
  build.validator = new DocumentValidator(parts, Promise.resolve());
  return build;
}

const sorted = (a) => [...a].sort((x, y) => x - y);
const median = (a) => sorted(a)[Math.floor(a.length / 2)];
const p95 = (a) => sorted(a)[Math.floor(a.length * 0.95)];
const sum = (a) => a.reduce((x, y) => x + y, 0);

async function main() {
  const [rootA, rootB] = process.argv.slice(2, 4);
  if (!rootA || !rootB) {
    process.stderr.write('usage: node bench/keystrokeInterleaved.js <worktree A> <worktree B> [keystrokes]\n');
    process.exit(2);
  }
  const count = Number(process.argv[4]) || 300;
  const text = generate(5000);
  const builds = [await setup(rootA), await setup(rootB)];
  for (const b of builds) {
    b.parts.documents.open(b.uri, b.file, 1, text);
    await b.validator.validate(b.uri);
  }
  const plan = [...keystrokes(text, WARMUP, 0), ...keystrokes(text, count, 0)];
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
        b.rows.push({ cpu: (cpu.user + cpu.system) / 1000, wall });
      }
    }
    current = next;
  }
  for (const b of builds) {
    const cpu = b.rows.map((r) => r.cpu);
    const wall = b.rows.map((r) => r.wall);
    console.log(`${b.name.padEnd(12)} cpu p50 ${median(cpu).toFixed(2)} p95 ${p95(cpu).toFixed(2)} sum ${sum(cpu).toFixed(0)} | wall p50 ${median(wall).toFixed(2)} sum ${sum(wall).toFixed(0)}`);
  }
  const [a, b] = builds;
  const ratios = b.rows.map((r, i) => r.cpu / a.rows[i].cpu);
  console.log(`${b.name} / ${a.name}: cpu sum ${(sum(b.rows.map((r) => r.cpu)) / sum(a.rows.map((r) => r.cpu))).toFixed(3)}, median per-keystroke ratio ${median(ratios).toFixed(3)}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
