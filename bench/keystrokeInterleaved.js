#!/usr/bin/env node
'use strict';
/**
 * The server's path for a keystroke in a 5,000-line C# file (bench/keystrokeRun.js --mode inprocess: DocumentStore.change
 * then DocumentValidator.validate, the publication serialised), for two builds loaded in ONE process, each keystroke
 * applied to both alternately (the order swapped every keystroke), so that a shared machine's load falls on both alike.
 * Usage: node bench/keystrokeInterleaved.js <worktree A> <worktree B> [keystrokes, default 300]
 * Prints CPU (user+sys) and wall ms per keystroke for each build (p50, p95, sum) and B's ratio to A (sum, median per keystroke).
 */
const { PROJECT, generate, keystrokes } = require('./keystrokePlan');
const { setupBuild, interleave, report } = require('./interleavedBuilds');

const WARMUP = 24;

async function main() {
  const [rootA, rootB] = process.argv.slice(2, 4);
  if (!rootA || !rootB) {
    process.stderr.write('usage: node bench/keystrokeInterleaved.js <worktree A> <worktree B> [keystrokes]\n');
    process.exit(2);
  }
  const count = Number(process.argv[4]) || 300;
  const text = generate(5000);
  const project = { path: '/bench/Big/Big.csproj', text: PROJECT };
  const builds = [await setupBuild(rootA, '/bench/Big/Program.cs', project), await setupBuild(rootB, '/bench/Big/Program.cs', project)];
  await interleave(builds, text, [...keystrokes(text, WARMUP, 0), ...keystrokes(text, count, 0)], WARMUP);
  report(builds, 2);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
