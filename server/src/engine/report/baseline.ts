import { TOOL_NAME } from '../model/docs';
import { FINGERPRINT_KEY } from './fingerprints';

/** SARIF's `baselineState` values: how a result relates to the same result in the baseline log. */
export type BaselineState = 'new' | 'unchanged' | 'updated' | 'absent';

/** The part of a SARIF result a baseline comparison reads and writes (other properties are carried along as they are). */
export interface BaselineResult {
  ruleId?: string;
  ruleIndex?: number;
  level?: string;
  message?: { text?: string };
  partialFingerprints?: Record<string, string>;
  baselineState?: BaselineState;
  suppressions?: unknown[];
}

/** A baseline log that cannot be used, with what is wrong with it (the CLI prints it and exits 2). */
export class BaselineError extends Error {}

/**
 * Reads the results of a baseline SARIF log (an earlier `scan --format sarif`, with or without its own baseline): the
 * results of this tool's runs that were present in that scan (`absent` ones were not). Throws BaselineError when the
 * text is not such a log, or when its results carry no fingerprint of this tool (nothing could ever match).
 */
export function readBaseline(text: string): BaselineResult[] {
  let log: unknown;
  try {
    log = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new BaselineError(`the baseline is not JSON (${(e as Error).message})`);
  }
  const runs = (log as { version?: unknown; runs?: unknown } | null)?.runs;
  if ((log as { version?: unknown } | null)?.version !== '2.1.0' || !Array.isArray(runs)) {
    throw new BaselineError('the baseline is not a SARIF 2.1.0 log (no "version": "2.1.0" with a "runs" array)');
  }
  const ours = runs.filter((r: { tool?: { driver?: { name?: unknown } } } | null) => r?.tool?.driver?.name === TOOL_NAME);
  if (runs.length > 0 && ours.length === 0) {
    throw new BaselineError(`the baseline has no run of ${TOOL_NAME}`);
  }
  const results = ours
    .flatMap((r: { results?: unknown }) => (Array.isArray(r.results) ? (r.results as unknown[]) : []))
    .filter((r): r is BaselineResult => typeof r === 'object' && r !== null && (r as BaselineResult).baselineState !== 'absent');
  if (results.length > 0 && !results.some((r) => typeof r.partialFingerprints?.[FINGERPRINT_KEY] === 'string')) {
    throw new BaselineError(`the baseline's results have no "${FINGERPRINT_KEY}" fingerprints: make it with \`tls-readiness scan --format sarif\``);
  }
  return results;
}

/** Whether a matched result changed in a way a reader should see (its level or its message). */
function isUpdated(current: BaselineResult, previous: BaselineResult): boolean {
  return current.level !== previous.level || current.message?.text !== previous.message?.text;
}

/**
 * Sets `baselineState` on each current result — `unchanged` or `updated` when the baseline has a result with the same
 * fingerprint (each baseline result matches once), `new` otherwise — and returns the baseline results nothing matched,
 * copied with `baselineState: 'absent'` (and without `ruleIndex`, which indexes the old log's rules).
 */
export function compareWithBaseline(current: BaselineResult[], baseline: readonly BaselineResult[]): BaselineResult[] {
  const waiting = new Map<string, BaselineResult[]>();
  for (const previous of baseline) {
    const key = previous.partialFingerprints?.[FINGERPRINT_KEY];
    if (key !== undefined) {
      waiting.set(key, [...(waiting.get(key) ?? []), previous]);
    }
  }
  const matched = new Set<BaselineResult>();
  for (const result of current) {
    const key = result.partialFingerprints?.[FINGERPRINT_KEY];
    const previous = key === undefined ? undefined : waiting.get(key)?.shift();
    if (previous) {
      matched.add(previous);
    }
    result.baselineState = previous ? (isUpdated(result, previous) ? 'updated' : 'unchanged') : 'new';
  }
  return baseline
    .filter((previous) => !matched.has(previous))
    .map((previous) => {
      const { ruleIndex: _stale, ...rest } = previous;
      return { ...rest, baselineState: 'absent' as const };
    });
}

/** How many results are in each baseline state (for the text and Markdown summaries). */
export function countBaselineStates(results: readonly BaselineResult[]): Record<BaselineState, number> {
  const counts: Record<BaselineState, number> = { new: 0, unchanged: 0, updated: 0, absent: 0 };
  for (const r of results) {
    if (r.baselineState) {
      counts[r.baselineState]++;
    }
  }
  return counts;
}
