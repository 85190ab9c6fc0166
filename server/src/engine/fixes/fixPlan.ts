import { FileEdit, Finding, Fix } from '../model/finding';
import { TextEdit, editsOverlap } from '../text/edits';

/** The fixes chosen for bulk application, grouped by file, with the findings they repair. */
export interface FixPlan {
  /** Edits per file path, non-overlapping. */
  edits: Map<string, TextEdit[]>;
  applied: { finding: Finding; fix: Fix }[];
  /** Safe fixes left out because they overlapped one already chosen (a second run picks them up). */
  deferred: { finding: Finding; fix: Fix }[];
}

/**
 * Chooses the fix `pick` gives each finding (rules/safeFixes.ts picks the safe one), skipping a fix already chosen
 * and fixes whose edits overlap ones already chosen (deferred to a second run).
 */
export function planFixes(findings: readonly Finding[], pick: (finding: Finding) => Fix | undefined): FixPlan {
  const plan: FixPlan = { edits: new Map(), applied: [], deferred: [] };
  const seenFix = new Set<string>();
  for (const finding of findings) {
    const fix = pick(finding);
    if (!fix) {
      continue;
    }
    const key = JSON.stringify(fix.changes);
    if (seenFix.has(key)) {
      continue;
    }
    seenFix.add(key);
    if (conflicts(plan.edits, fix.changes)) {
      plan.deferred.push({ finding, fix });
      continue;
    }
    for (const change of fix.changes) {
      const list = plan.edits.get(change.path) ?? [];
      list.push(...change.edits);
      plan.edits.set(change.path, list);
    }
    plan.applied.push({ finding, fix });
  }
  return plan;
}

function conflicts(chosen: Map<string, TextEdit[]>, changes: readonly FileEdit[]): boolean {
  return changes.some((c) => {
    const existing = chosen.get(c.path) ?? [];
    return c.edits.some((e) => existing.some((x) => editsOverlap(x, e)));
  });
}
