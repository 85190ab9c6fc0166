import assert from 'node:assert/strict';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { relativePath } from '../../server/src/engine/project/paths';
import { RULES } from '../../server/src/engine/rules/registry';
import { bulkFixOf } from '../../server/src/engine/rules/safeFixes';
import { REPO_ROOT, scanFolder } from '../support/engineHarness';

const FIXTURES = join(REPO_ROOT, 'test', 'fixtures');

/** Every `workspace/` folder under the rule, conformance and suppression fixtures. */
function fixtureWorkspaces(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    if (!statSync(full).isDirectory()) {
      return [];
    }
    return name === 'workspace' ? [full] : fixtureWorkspaces(full);
  });
}

describe('safe fixes are said once, in the rule metadata', () => {
  it('a rule emits a safe fix exactly when its metadata declares one (every fixture scanned)', async () => {
    const emitted = new Map<string, string>();
    const undeclared: string[] = [];
    for (const ws of ['rules', 'conformance', 'suppression'].map((d) => join(FIXTURES, d)).filter(existsSync).flatMap(fixtureWorkspaces)) {
      const { result } = await scanFolder(ws);
      for (const f of result.findings.filter((x) => x.fixes.some((fix) => fix.safe))) {
        emitted.set(f.ruleId, relativePath(FIXTURES, ws));
        if (!RULES.find((r) => r.meta.id === f.ruleId)?.meta.hasSafeFix) {
          undeclared.push(`${f.ruleId} emits a safe fix in ${relativePath(FIXTURES, ws)} but its metadata says hasSafeFix: false`);
        }
      }
    }
    const neverEmitted = RULES.filter((r) => r.meta.hasSafeFix && !emitted.has(r.meta.id)).map((r) => `${r.meta.id} declares a safe fix that no fixture shows`);
    assert.deepEqual([...undeclared, ...neverEmitted], []);
  });

  it('bulk fixing takes a safe fix only from a rule that declares one', () => {
    const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } };
    const fix = { title: 'fix', safe: true, changes: [{ path: '/w/a.cs', edits: [{ range, newText: 'x' }] }] };
    const finding = (ruleId: string) => ({ ruleId, severity: 'warning' as const, message: 'm', path: '/w/a.cs', range, fixes: [fix], related: [] });
    assert.equal(bulkFixOf(finding('TLS020')), fix);
    assert.equal(bulkFixOf(finding('TLS022')), undefined, 'TLS022 declares no safe fix');
  });
});
