// RULES.md revision 2.1 (safe fixes): a safe fix never leaves a finding of higher severity than the one it fixed. Every
// fixture workspace is fixed as `tls-readiness fix` does and scanned again; whatever the fixes brought in is compared with
// what they fixed.
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { basename, relative } from 'node:path';
import { describe, it } from 'node:test';
import { Finding, SEVERITY_RANK } from '../../server/src/engine/model/finding';
import { normalizePath } from '../../server/src/engine/project/paths';
import { planSafeFixes } from '../../server/src/engine/rules/safeFixes';
import { writeFileEdits } from '../../server/src/engine/fixes/writeFixes';
import { nodeFileSystem } from '../../server/src/node/nodeFileSystem';
import { REPO_ROOT, copyToTemp, scanFolder } from '../support/engineHarness';
import { allFixtureWorkspaces } from '../support/scanWorkspaces';

/** A finding's identity across a fix (positions move): its rule and file. */
const keyOf = (root: string, f: Finding): string => `${f.ruleId} ${relative(root, f.path)}`;

/** The findings of `after` beyond those of `before`, counted per rule and file. */
function broughtIn(root: string, before: readonly Finding[], after: readonly Finding[]): Finding[] {
  const left = new Map<string, number>();
  for (const f of before) {
    left.set(keyOf(root, f), (left.get(keyOf(root, f)) ?? 0) + 1);
  }
  return after.filter((f) => {
    const n = left.get(keyOf(root, f)) ?? 0;
    left.set(keyOf(root, f), n - 1);
    return n <= 0;
  });
}

/** The worst finding a fixed workspace gained above what its safe fixes fixed, or undefined when there is none. */
async function worseAfterFix(workspace: string): Promise<string | undefined> {
  const dir = copyToTemp(workspace);
  try {
    const root = normalizePath(dir);
    const { result } = await scanFolder(dir);
    const plan = planSafeFixes(result.findings);
    if (plan.applied.length === 0) {
      return undefined;
    }
    for (const [path, edits] of plan.edits) {
      await writeFileEdits(nodeFileSystem, path, edits, result.texts.get(path), false, [root]);
    }
    const fixedRank = Math.max(...plan.applied.map((a) => SEVERITY_RANK[a.finding.severity]));
    const after = (await scanFolder(dir)).result.findings;
    const worse = broughtIn(root, result.findings, after).filter((f) => SEVERITY_RANK[f.severity] > fixedRank);
    return worse.length === 0 ? undefined : worse.map((f) => `${keyOf(root, f)} ${f.severity}: ${f.message}`).join('\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Known violations, each a real gap (the test fails when one is fixed, so the entry must go): TLS001's retarget of a
 * 4.0/4.5.2 project to 4.8 turns an additive `|= Tls11` / `|= Tls` write — no TLS 1.2, but no pin either, on 4.5.2 — into
 * a TLS 1.0/1.1-only set (TLS020 error on ≥ 4.7, where SystemDefault is 0). The retarget should not be a bulk fix while
 * such a write is left in the project; that needs the project's additive writes as project facts.
 */
const KNOWN_WORSE = [
  'test/fixtures/conformance/csharp-writes/net40-oldstyle-cast-3072/workspace',
  'test/fixtures/conformance/csharp-writes/or-assign-452-oldstyle/workspace',
  'test/fixtures/conformance/csharp-writes/web-48-without-httpruntime-target-runs-as-40/workspace',
  'test/fixtures/conformance/revision2/r2-07-additive-tls-on-452-is-not-tls020/workspace',
];

describe('safe fixes never leave a worse finding than the one they fixed (RULES.md revision 2.1)', () => {
  const workspaces = allFixtureWorkspaces().filter((w) => basename(w) !== 'fixed');
  it(`every fixture workspace (${workspaces.length}) fixed with its safe fixes gains nothing above what they fixed`, async () => {
    const problems: string[] = [];
    const worseIn: string[] = [];
    for (const w of workspaces) {
      const worse = await worseAfterFix(w);
      const name = relative(REPO_ROOT, w).split('\\').join('/');
      if (worse !== undefined) {
        worseIn.push(name);
        if (!KNOWN_WORSE.includes(name)) {
          problems.push(`${name}:\n${worse}`);
        }
      }
    }
    assert.deepEqual(problems, []);
    assert.deepEqual(worseIn, KNOWN_WORSE, 'a known violation is gone: remove it from KNOWN_WORSE');
  });
});
