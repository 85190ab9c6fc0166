import { Range } from '../text/lineIndex';
import { TextEdit } from '../text/edits';

/** The four severities (docs/facts.md#severity-and-context), in decreasing order of weight. */
export type Severity = 'error' | 'warning' | 'information' | 'hint';

/** Severity order used to compare a finding with a threshold (`--fail-on`, verdicts). */
export const SEVERITY_RANK: Record<Severity, number> = { error: 3, warning: 2, information: 1, hint: 0 };

/** Text edits to one file; `expectedText` (when set) is what the range must still hold, or the fix is refused. */
export interface FileEdit {
  path: string;
  edits: TextEdit[];
}

/** One way to repair a finding: a title for the lightbulb and the file edits it makes. */
export interface Fix {
  title: string;
  /** A safe fix may be applied in bulk ("fix all", `tls-readiness fix`); only rules whose metadata says `hasSafeFix` emit one. */
  safe: boolean;
  changes: FileEdit[];
}

/** A place that explains a finding (the evidence that set its severity, the other half of an ordering problem). */
export interface RelatedLocation {
  path: string;
  range: Range;
  message: string;
}

/** One problem found in one file, with everything a diagnostic, a SARIF result or a fix needs. */
export interface Finding {
  ruleId: string;
  severity: Severity;
  message: string;
  path: string;
  range: Range;
  fixes: Fix[];
  related: RelatedLocation[];
  /** `unnecessary` renders faded (TLS090: a suppression that suppresses nothing). */
  tags?: ('unnecessary')[];
}
