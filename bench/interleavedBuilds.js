'use strict';
/**
 * What bench/keystrokeInterleaved.js (C#) and bench/psKeystrokeInterleaved.js (PowerShell) share: one build's server
 * parts set up in this process (DocumentStore + DocumentValidator, as bench/keystrokeRun.js sets them up), the
 * keystrokes applied to two builds alternately (the order swapped every keystroke, so a shared machine's load falls
 * on both alike), and the report of CPU (user+sys) and wall ms per keystroke with B's ratio to A.
 */
const path = require('node:path');
const { pathToFileURL } = require('node:url');
const { performance } = require('node:perf_hooks');
const { applyKeystroke } = require('./keystrokePlan');

/** One build's server parts for one document `file`; `project` (path, text) is indexed first when given. */
async function setupBuild(root, file, project, parserName = 'wasm') {
  const fromRoot = (...p) => require(path.join(path.resolve(root), ...p));
  const { createAnalyzer } = fromRoot('out/server/src/engine/engine.js');
  const { createBackend } = fromRoot('out/server/src/node/backends.js');
  const { DocumentStore } = fromRoot('out/server/src/lsp/documentStore.js');
  const { DocumentValidator } = fromRoot('out/server/src/lsp/validation.js');
  const { SettingsCache } = fromRoot('out/server/src/lsp/settingsCache.js');
  const parser = await createBackend(parserName);
  const uri = pathToFileURL(file).toString();
  const build = { name: path.basename(path.resolve(root)), uri, file, parser, published: undefined, rows: [] };
  const connection = {
    // The connection serialises what it sends: part of the server's cost of a keystroke.
    sendDiagnostics: (p) => {
      build.published = { version: p.version, count: p.diagnostics.length, bytes: JSON.stringify(p).length };
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
  if (project) {
    parts.analyzer.index.upsert(project);
  }
  build.parts = parts;
  // The index is ready: builds before 8 December take a promise, later ones a function of the path (lsp/startupIndex.ts).
  const indexReady = () => Promise.resolve();
  indexReady.then = (resolved, rejected) => Promise.resolve().then(resolved, rejected);
  build.validator = new DocumentValidator(parts, indexReady);
  return build;
}

/** Opens `text` in both builds, then applies each keystroke of `plan` to both alternately; rows after `warmup` are kept. */
async function interleave(builds, text, plan, warmup) {
  for (const b of builds) {
    b.parts.documents.open(b.uri, b.file, 1, text);
    await b.validator.validate(b.uri);
  }
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
      if (i >= warmup) {
        b.rows.push({ cpu: (cpu.user + cpu.system) / 1000, wall, diagnostics: b.published.count });
      }
    }
    current = next;
  }
}

const sorted = (a) => [...a].sort((x, y) => x - y);
const median = (a) => sorted(a)[Math.floor(a.length / 2)];
const p95 = (a) => sorted(a)[Math.floor(a.length * 0.95)];
const sum = (a) => a.reduce((x, y) => x + y, 0);

/** Prints each build's CPU and wall per keystroke (p50, p95, sum, `digits` decimals) and B's ratio to A. */
function report(builds, digits) {
  for (const x of builds) {
    const cpu = x.rows.map((r) => r.cpu);
    const wall = x.rows.map((r) => r.wall);
    console.log(`${x.name.padEnd(12)} cpu p50 ${median(cpu).toFixed(digits)} p95 ${p95(cpu).toFixed(digits)} sum ${sum(cpu).toFixed(0)} | wall p50 ${median(wall).toFixed(digits)} sum ${sum(wall).toFixed(0)}`);
  }
  const [a, b] = builds;
  const ratios = b.rows.map((r, i) => r.cpu / a.rows[i].cpu);
  console.log(`${b.name} / ${a.name}: cpu sum ${(sum(b.rows.map((r) => r.cpu)) / sum(a.rows.map((r) => r.cpu))).toFixed(3)}, median per-keystroke ratio ${median(ratios).toFixed(3)}`);
}

module.exports = { setupBuild, interleave, report };
