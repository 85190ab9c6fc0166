import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { REPO_ROOT } from '../support/engineHarness';
import { caseProblems } from './conformanceCase';

/**
 * Conformance of the DYN1xx family (docs/rules/DYN1xx.md): one case folder per promised behaviour under
 * test/fixtures/conformance/dyn-family/ (its README maps behaviour → case), scanned by the built CLI like the other
 * suites. Every case must pass; there is no ledger.
 */
const SUITE = join(REPO_ROOT, 'test', 'fixtures', 'conformance', 'dyn-family');

describe('conformance: the DYN1xx family', () => {
  const cases = readdirSync(SUITE, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();

  it('names every case dyn1NN-… and gives it an expected.json', () => {
    assert.ok(cases.length > 0);
    for (const name of cases) {
      assert.match(name, /^dyn1\d\d-[a-z0-9-]+$/, `case name ${name}`);
      assert.ok(existsSync(join(SUITE, name, 'expected.json')), `${name} has no expected.json`);
    }
  });

  for (const name of cases) {
    it(name, () => {
      const problems = caseProblems(join(SUITE, name));
      assert.deepEqual(problems, [], `${name} disagrees with its rule's docs page:\n${problems.join('\n')}`);
    });
  }
});
