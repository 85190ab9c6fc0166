import { Finding } from '../engine/model/finding';
import { bulkFixOf, planSafeFixes } from '../engine/rules/safeFixes';
import { PlainTextEdit, SafeFixesResult } from './protocol';
import { ServerParts } from './serverCore';

/** Every safe fix of the findings currently published, as one workspace edit (the report's and `fixAll`'s edit). */
export function workspaceSafeFixes(s: ServerParts): SafeFixesResult {
  const findings = [...s.published.values()].flat();
  const plan = planSafeFixes(findings);
  const changes = Object.fromEntries([...plan.edits].map(([p, e]) => [s.uriOf(p), e]));
  return {
    changes,
    count: plan.applied.length,
    titles: plan.applied.map((a) => `${a.finding.ruleId}: ${a.fix.title}`),
    items: plan.applied.map((a) => ({ uri: s.uriOf(a.finding.path), ruleId: a.finding.ruleId, title: a.fix.title })),
  };
}

/** The safe, non-overlapping fixes of one file whose edits stay in that file (the `source.fixAll.dynamicsTls` edit). */
export function fileSafeFixes(findings: readonly Finding[], path: string, uriOf: (path: string) => string): { changes: Record<string, PlainTextEdit[]>; count: number } {
  const plan = planSafeFixes(findings.filter((f) => f.path === path && bulkFixOf(f)?.changes.every((c) => c.path === path)));
  return { changes: Object.fromEntries([...plan.edits].map(([p, e]) => [uriOf(p), e])), count: plan.applied.length };
}
