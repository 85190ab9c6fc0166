import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { REPO_ROOT } from '../support/engineHarness';
import { caseProblems } from './conformanceCase';

/**
 * Conformance of the DYN1xx rules (the connection retirements) with their docs/rules pages: each case under
 * test/fixtures/conformance/retirements/<case>/ is named after the rule it judges (`dyn101-…`) and holds a `workspace/`
 * the built CLI scans as a process and an `expected.json` with every error/warning/note the SARIF must hold, from any
 * rule (the same case format as the other conformance suites, test/cli/conformanceCase.ts).
 */
const SUITE = join(REPO_ROOT, 'test', 'fixtures', 'conformance', 'retirements');

describe('conformance: the connection retirements (DYN1xx)', () => {
  const cases = readdirSync(SUITE, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();

  it('names each case after its rule and gives it an expected.json', () => {
    assert.ok(cases.length > 0);
    for (const name of cases) {
      assert.match(name, /^dyn1\d\d-[a-z0-9-]+$/, `case name ${name}`);
      assert.ok(existsSync(join(SUITE, name, 'expected.json')), `${name} has no expected.json`);
    }
  });

  for (const name of cases) {
    it(name, () => {
      const problems = caseProblems(join(SUITE, name));
      assert.deepEqual(problems, [], `${name} disagrees with its docs page:\n${problems.join('\n')}`);
    });
  }
});
