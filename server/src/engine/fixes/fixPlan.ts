import { Finding, Fix } from '../model/finding';
import { TextEdit, editsOverlap } from '../text/edits';
import { appendAll, partitionPoint } from '../util/arrays';

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
  const chosen = new Map<string, SortedEdits>();
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
    if (fix.changes.some((c) => c.edits.some((e) => chosen.get(c.path)?.overlaps(e)))) {
      plan.deferred.push({ finding, fix });
      continue;
    }
    for (const change of fix.changes) {
      const list = plan.edits.get(change.path) ?? [];
      appendAll(list, change.edits);
      plan.edits.set(change.path, list);
      let sorted = chosen.get(change.path);
      if (!sorted) {
        sorted = new SortedEdits();
        chosen.set(change.path, sorted);
      }
      change.edits.forEach((e) => sorted.add(e));
    }
    plan.applied.push({ finding, fix });
  }
  return plan;
}

type Position = TextEdit['range']['start'];

function compare(p: Position, q: Position): number {
  return p.line - q.line || p.character - q.character;
}

/**
 * The edits chosen for one file, sorted by position (chosen edits never overlap, so their ends are sorted too):
 * whether a new edit overlaps one of them is a binary search, so planning thousands of fixes in one file is not
 * quadratic (a project with a long TargetFrameworks list has one fix per entry).
 */
class SortedEdits {
  private readonly edits: TextEdit[] = [];

  /** True when the edit overlaps a chosen one (`editsOverlap`'s meaning). */
  overlaps(edit: TextEdit): boolean {
    for (let i = Math.max(0, this.firstEndingAtOrAfter(edit.range.start) - 1); i < this.edits.length; i++) {
      const other = this.edits[i] as TextEdit;
      if (compare(other.range.start, edit.range.end) > 0) {
        return false;
      }
      if (editsOverlap(other, edit)) {
        return true;
      }
    }
    return false;
  }

  /** Adds a chosen edit in its place. */
  add(edit: TextEdit): void {
    const at = this.firstEndingAtOrAfter(edit.range.start);
    let i = at;
    while (i < this.edits.length && compare((this.edits[i] as TextEdit).range.start, edit.range.start) <= 0) {
      i++;
    }
    if (i === this.edits.length) {
      this.edits.push(edit);
    } else {
      this.edits.splice(i, 0, edit);
    }
  }

  private firstEndingAtOrAfter(p: Position): number {
    return partitionPoint(this.edits.length, (i) => compare((this.edits[i] as TextEdit).range.end, p) < 0);
  }
}
