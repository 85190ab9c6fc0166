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
const { setupBuild, interleave, report } = require('./interleavedBuilds');

const WARMUP = 4;

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

async function main() {
  const [rootA, rootB, script] = process.argv.slice(2, 5);
  if (!rootA || !rootB || !script) {
    process.stderr.write('usage: node bench/psKeystrokeInterleaved.js <worktree A> <worktree B> <script> [keystrokes]\n');
    process.exit(2);
  }
  const count = Number(process.argv[5]) || 40;
  const file = path.resolve(script);
  const text = fs.readFileSync(file, 'utf8');
  const builds = [await setupBuild(rootA, file), await setupBuild(rootB, file)];
  await interleave(builds, text, keystrokes(text, WARMUP + count), WARMUP);
  const [a, b] = builds;
  if (a.rows.some((r, i) => r.diagnostics !== b.rows[i].diagnostics)) {
    console.log('note: the two builds published different numbers of diagnostics');
  }
  report(builds, 1);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
