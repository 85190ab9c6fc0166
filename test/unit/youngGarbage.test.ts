import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { REPO_ROOT } from '../support/engineHarness';

/** The child (test/support/youngGarbageEntry.ts), run with `--expose-gc` so that it can ask for young collections. */
const ENTRY = join(REPO_ROOT, 'out', 'test', 'support', 'youngGarbageEntry.js');

const median = (values: readonly number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

describe('what a keystroke analysis makes dies young', () => {
  it('leaves the line index, C# model and body groups of earlier keystrokes to the young-generation collector', () => {
    const r = spawnSync(process.execPath, ['--expose-gc', ENTRY], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const { keystrokesPerCollection, markersAfter } = JSON.parse(r.stdout) as { keystrokesPerCollection: number; markersAfter: number[] };
    assert.ok(markersAfter.length >= 12, `${markersAfter.length} collections measured`);
    // Three markers per keystroke. When a weak reference the scavenger treats as strong (an object literal's getter, a
    // WeakMap entry whose value reaches its key) keeps each analysis, every collection promotes all of them: the count
    // grows by 3 × 16 per collection until a full collection, and its median is several times that. Kept for the
    // keystrokes since the last collection and now and then promoted, it stays below one collection's worth.
    assert.ok(
      median(markersAfter) < 3 * keystrokesPerCollection,
      `markers alive after each young collection: ${markersAfter.join(', ')} (every keystroke's analysis outlives the young generation)`,
    );
  });
});
