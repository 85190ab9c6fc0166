import { readFileSync } from 'node:fs';
import { Finding } from '../engine/model/finding';
import { BaselineError, BaselineResult, countBaselineStates, readBaseline } from '../engine/report/baseline';
import { SarifEntry } from '../engine/report/formats/sarif';
import { UsageError } from './args';

/** Reads the SARIF log `--baseline` names; a missing or unusable file is a usage error (exit 2) saying why. */
export function loadBaseline(path: string): BaselineResult[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read the baseline ${path}: ${(e as Error).message}`);
  }
  try {
    return readBaseline(text);
  } catch (e) {
    throw e instanceof BaselineError ? new UsageError(`${path}: ${e.message}`) : e;
  }
}

/** The findings `--fail-on` counts with a baseline: those whose result is `new` and not suppressed in source. */
export function newFindings(entries: readonly SarifEntry[]): Finding[] {
  return entries.flatMap((e) => (e.finding && e.result.baselineState === 'new' && !e.result.suppressions?.length ? [e.finding] : []));
}

/** The sentence text and Markdown output end their summary with: how the scan compares with the baseline. */
export function baselineSentence(entries: readonly SarifEntry[], path: string): string {
  const current = entries.filter((e) => !e.result.suppressions?.length).map((e) => e.result);
  const c = countBaselineStates(current);
  return `Baseline ${path}: ${c.new} new, ${c.unchanged} unchanged, ${c.updated} updated, ${c.absent} gone since then (only new findings count for --fail-on).`;
}
