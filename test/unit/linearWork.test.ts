import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { appendAll } from '../../server/src/engine/util/arrays';
import { REPO_ROOT } from '../support/engineHarness';

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? sources(full) : full.endsWith('.ts') ? [full] : [];
  });
}

describe('linear work', () => {
  it('no code spreads a list into push() (it overflows the stack at about 120,000 items; use appendAll)', () => {
    const offenders: string[] = [];
    for (const dir of ['server/src', 'client/src']) {
      for (const file of sources(join(REPO_ROOT, dir))) {
        readFileSync(file, 'utf8')
          .split('\n')
          .forEach((line, i) => {
            if (/\.(push|unshift)\(\s*\.\.\./.test(line)) {
              offenders.push(`${relative(REPO_ROOT, file)}:${i + 1}`);
            }
          });
      }
    }
    assert.deepEqual(offenders, []);
  });

  it('appendAll appends a list far longer than the argument limit, in order', () => {
    const big = Array.from({ length: 300_000 }, (_, i) => i);
    const target = [-1];
    appendAll(target, big);
    assert.equal(target.length, 300_001);
    assert.equal(target[300_000], 299_999);
    assert.throws(() => [].push(...(big as never[])), RangeError, 'the pattern this guards against still overflows');
  });
});
