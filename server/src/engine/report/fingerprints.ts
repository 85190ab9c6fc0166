import { createHash } from 'node:crypto';
import { Finding } from '../model/finding';
import { relativePath } from '../project/paths';
import { LineIndex } from '../text/lineIndex';

/** The SARIF `partialFingerprints` key of this tool's fingerprints (versioned, as SARIF asks, so a change of recipe is seen). */
export const FINGERPRINT_KEY = 'tlsReadinessContext/v1';

/** Lines of a finding's range that go into its context (a long range is cut: the first lines identify it well enough). */
const MAX_CONTEXT_LINES = 20;

/**
 * A finding's code context, normalised: the text of the lines its range covers with every whitespace character removed,
 * so re-indenting, re-wrapping or changing line endings does not change it, and moving the lines does not either.
 */
export function normalisedContext(text: string | undefined, finding: Finding): string {
  if (text === undefined) {
    return '';
  }
  const lines = LineIndex.of(text);
  const first = finding.range.start.line;
  const last = Math.min(finding.range.end.line, first + MAX_CONTEXT_LINES - 1);
  const parts: string[] = [];
  for (let line = first; line <= last; line++) {
    parts.push(lines.lineText(line));
  }
  return parts.join('').replace(/\s+/gu, '');
}

/**
 * The fingerprint of each finding: a hash of its rule id, its file (relative to `baseDir`) and its normalised context —
 * never its line number — followed by `:<n>`, the finding's rank among same-hash findings of the scan (in the order
 * given), so two identical lines of one file stay two results. A baseline matches results on these values.
 */
export function fingerprintFindings(findings: readonly Finding[], baseDir: string, textOf: (path: string) => string | undefined): Map<Finding, string> {
  const seen = new Map<string, number>();
  const out = new Map<Finding, string>();
  for (const f of findings) {
    const hash = createHash('sha256')
      .update(`${f.ruleId}\u0000${relativePath(baseDir, f.path)}\u0000${normalisedContext(textOf(f.path), f)}`)
      .digest('hex')
      .slice(0, 32);
    const rank = seen.get(hash) ?? 0;
    seen.set(hash, rank + 1);
    out.set(f, `${hash}:${rank}`);
  }
  return out;
}
