import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { RULES } from '../../server/src/engine/rules/registry';
import { GoldenFinding, RULE_FIXTURES, applySafeFixes, copyToTemp, listFiles, readJson, scanFolder, toGolden } from '../support/engineHarness';

/**
 * Fixture-driven rule tests. Each case folder `test/fixtures/rules/<ID>/<positive-…|negative-…>/` holds
 * `workspace/` (scanned), `expected.json` (the rule's findings) and, for rules with a safe fix, `fixed/` (the exact
 * bytes of every file `fix --rule <ID>` changes). UPDATE_GOLDENS=1 rewrites goldens (review the diff!).
 */
const update = process.env.UPDATE_GOLDENS === '1';

function cases(ruleId: string): string[] {
  const dir = join(RULE_FIXTURES, ruleId);
  return existsSync(dir) ? readdirSync(dir).filter((n) => /^(positive|negative)-/.test(n)).sort() : [];
}

describe('rule fixtures', () => {
  for (const rule of RULES) {
    const id = rule.meta.id;
    describe(id, () => {
      it('has positive and negative fixtures', () => {
        const names = cases(id);
        assert.ok(names.some((n) => n.startsWith('positive-')), `${id} lacks a positive fixture under test/fixtures/rules/${id}/`);
        assert.ok(names.some((n) => n.startsWith('negative-')), `${id} lacks a negative fixture under test/fixtures/rules/${id}/`);
      });
      for (const name of cases(id)) {
        const caseDir = join(RULE_FIXTURES, id, name);
        const workspace = join(caseDir, 'workspace');
        it(`${name}: findings match expected.json`, async () => {
          const { result } = await scanFolder(workspace);
          const actual = toGolden(result.findings.filter((f) => f.ruleId === id), result.baseDir);
          const goldenPath = join(caseDir, 'expected.json');
          if (update) {
            writeFileSync(goldenPath, JSON.stringify(actual, null, 2) + '\n');
          }
          const expected = readJson<GoldenFinding[]>(goldenPath);
          assert.deepEqual(actual, expected);
          if (name.startsWith('negative-')) {
            assert.equal(actual.length, 0, 'a negative fixture has no findings of its rule');
          } else {
            assert.ok(actual.length > 0, 'a positive fixture has findings of its rule');
          }
        });
        if (rule.meta.hasSafeFix) {
          it(`${name}: fix --rule ${id} gives the bytes in fixed/`, async () => {
            const temp = copyToTemp(workspace);
            const changed = await applySafeFixes(temp, [id]);
            const fixedDir = join(caseDir, 'fixed');
            if (update) {
              for (const rel of changed) {
                mkdirSync(dirname(join(fixedDir, rel)), { recursive: true });
                writeFileSync(join(fixedDir, rel), readFileSync(join(temp, rel)));
              }
            }
            assert.deepEqual(changed, listFiles(fixedDir), 'the files the fix changes are exactly those in fixed/');
            for (const rel of changed) {
              assert.ok(readFileSync(join(temp, rel)).equals(readFileSync(join(fixedDir, rel))), `${rel} differs from fixed/${rel}`);
            }
            for (const rel of listFiles(workspace).filter((r) => !changed.includes(r))) {
              assert.ok(readFileSync(join(temp, rel)).equals(readFileSync(join(workspace, rel))), `${rel} must not change`);
            }
            if (name.startsWith('positive-')) {
              const again = await scanFolder(temp);
              const left = again.result.findings.filter((f) => f.ruleId === id && f.fixes.some((x) => x.safe));
              assert.equal(left.length, 0, `after the fix no safe-fixable ${id} finding is left`);
            }
          });
        }
      }
    });
  }
});
