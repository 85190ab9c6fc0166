// RULES.md revision 2.1 (safe fixes): a safe fix never leaves a finding of higher severity than the one it fixed. Every
// fixture workspace is fixed as `tls-readiness fix` does and scanned again; whatever the fixes brought in (a new finding, or
// one of the same rule and file at a higher severity) is compared with the most severe finding they fixed.
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

/**
 * The findings of `after` that are new or worse than before: per rule and file, the findings of each side from the most
 * to the least severe, paired in order; one of `after` beyond `before`'s count, or more severe than its pair, came in.
 */
function broughtIn(root: string, before: readonly Finding[], after: readonly Finding[]): Finding[] {
  const byKey = (list: readonly Finding[]): Map<string, Finding[]> => {
    const out = new Map<string, Finding[]>();
    for (const f of list) {
      out.set(keyOf(root, f), [...(out.get(keyOf(root, f)) ?? []), f]);
    }
    for (const fs of out.values()) {
      fs.sort((a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity]);
    }
    return out;
  };
  const earlier = byKey(before);
  return [...byKey(after)].flatMap(([key, fs]) => {
    const was = earlier.get(key) ?? [];
    return fs.filter((f, i) => i >= was.length || SEVERITY_RANK[f.severity] > SEVERITY_RANK[(was[i] as Finding).severity]);
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

describe('safe fixes never leave a worse finding than the one they fixed (RULES.md revision 2.1)', () => {
  const workspaces = allFixtureWorkspaces().filter((w) => basename(w) !== 'fixed');
  it(`every fixture workspace (${workspaces.length}) fixed with its safe fixes gains nothing above what they fixed`, async () => {
    const problems: string[] = [];
    for (const w of workspaces) {
      const worse = await worseAfterFix(w);
      if (worse !== undefined) {
        problems.push(`${relative(REPO_ROOT, w).split('\\').join('/')}:\n${worse}`);
      }
    }
    assert.deepEqual(problems, []);
  });
});
