import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { REPO_ROOT, readJson } from '../support/engineHarness';
import { caseProblems } from './conformanceCase';

/**
 * Conformance with RULES.md revision 2 (items 1–6) and revision 2.1 (items 7–12): one case folder per sub-point under
 * test/fixtures/conformance/revision2/, written from the rule's text (the suite's README lists item → cases). The
 * ledger `pending.json` names the cases today's engine does not meet yet, each with what it gives instead: a case
 * outside the ledger must pass, a case in it must still fail (strict expected failure), so fixing the engine means
 * shrinking the ledger, and a ledger entry that starts passing fails this test until it is removed. The cases judge the
 * TLS family's results (RULES.md's rules); the DYN family has its own suite (test/cli/conformanceRetirements.test.ts).
 */
const SUITE = join(REPO_ROOT, 'test', 'fixtures', 'conformance', 'revision2');
const PENDING: Record<string, string> = readJson<Record<string, string>>(join(SUITE, 'pending.json'));

describe('conformance: RULES.md revision 2 and 2.1 (items 1–12)', () => {
  const cases = readdirSync(SUITE, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();

  it('covers every numbered item 1–12 with at least one case, each named r2-<item>-…', () => {
    for (const name of cases) {
      assert.match(name, /^r2-(0[1-9]|1[0-2])-[a-z0-9-]+$/, `case name ${name}`);
      assert.ok(existsSync(join(SUITE, name, 'expected.json')), `${name} has no expected.json`);
    }
    const items = new Set(cases.map((n) => n.slice(3, 5)));
    const missing = Array.from({ length: 12 }, (_, i) => String(i + 1).padStart(2, '0')).filter((n) => !items.has(n));
    assert.deepEqual(missing, [], 'items without a case');
  });

  it('names only existing cases in the ledger, each with what the engine gives instead', () => {
    for (const [name, instead] of Object.entries(PENDING)) {
      assert.ok(cases.includes(name), `pending.json names ${name}, which is not a case`);
      assert.ok(instead.trim().length > 0, `pending.json: ${name} says nothing`);
    }
  });

  for (const name of cases) {
    const pending = PENDING[name];
    it(pending === undefined ? name : `${name} (pending: ${pending})`, () => {
      const problems = caseProblems(join(SUITE, name), 'TLS');
      if (pending === undefined) {
        assert.deepEqual(problems, [], `${name} disagrees with RULES.md:\n${problems.join('\n')}`);
      } else {
        assert.ok(problems.length > 0, `${name} now passes: remove it from test/fixtures/conformance/revision2/pending.json`);
      }
    });
  }
});
