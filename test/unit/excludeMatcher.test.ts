import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Minimatch } from 'minimatch';
import { DEFAULT_EXCLUDES, ExcludeMatcher } from '../../server/src/engine/scan/excludes';

/** The matcher as it was before folder globs were matched without minimatch: the reference. */
function minimatchExcludes(globs: readonly string[]): (path: string, isDirectory: boolean) => boolean {
  const patterns = globs.map((g) => new Minimatch(g.replace(/\\/g, '/'), { dot: true, nocase: true }));
  return (relativePath, isDirectory) => {
    const p = relativePath.replace(/\\/g, '/');
    return patterns.some((m) => m.match(p) || (isDirectory && (m.match(`${p}/`) || m.match(`${p}/x`))));
  };
}

/** Path segments that matter to the globs: the names in every case, look-alikes, and what minimatch treats specially. */
const SEGMENTS = ['bin', 'BIN', 'Bin', 'obj', 'packages', 'PACKAGES', 'node_modules', '.git', '.GIT', '.vs', '.Vs', 'src', 'a.b', 'A.B', 'Generated', '', '.', '..', 'b\u0131n', 'pac\u212aages', '\u212abin', 'bin.cs', '.bin', 'bin ', ' bin', 'Program.cs', 'x\\bin', 'b*n', '**'];

describe('the exclude matcher', () => {
  it('matches folder globs without minimatch exactly as minimatch does, for files and folders', () => {
    const globSets = [DEFAULT_EXCLUDES, ['**/Generated/**'], ['**/a.b/**', '**/*.Designer.cs'], ['**/.vs/**', 'src/**'], []];
    let state = 7;
    const random = (): number => {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      return state / 4294967296;
    };
    let excluded = 0;
    for (const globs of globSets) {
      const matcher = new ExcludeMatcher(globs);
      const reference = minimatchExcludes(globs);
      for (let i = 0; i < 4000; i++) {
        const n = 1 + Math.floor(random() * 5);
        const path = Array.from({ length: n }, () => SEGMENTS[Math.floor(random() * SEGMENTS.length)]).join(random() < 0.1 ? '\\' : '/');
        const rooted = random() < 0.1 ? `/${path}` : path;
        for (const isDirectory of [false, true]) {
          const expected = reference(rooted, isDirectory);
          assert.equal(matcher.excludes(rooted, isDirectory), expected, `${JSON.stringify(globs)} ${JSON.stringify(rooted)} ${isDirectory ? 'folder' : 'file'}`);
          excluded += expected ? 1 : 0;
        }
      }
    }
    assert.ok(excluded > 5000, `only ${excluded} excluded`);
  });
});
