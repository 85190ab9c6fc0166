import { GrammarId } from '../model/fileKind';
import { ParserBackend, SyntaxTree } from '../parsing/parserPort';

/** The phases a scan's time is split into (`parse` is the time inside the parser, spent during `index` and `analyse`). */
export type ScanPhase = 'discover' | 'index' | 'analyse' | 'parse';

/**
 * What `scan --stats` shows: how many files each step saw, why the others went no further, and where the time went.
 * Filled by the scan when the caller hands one in; the counts are the same for any run over the same files.
 */
export interface ScanStats {
  /** Files the walk found (candidates to read). */
  discovered: number;
  /** Files read and decoded as text. */
  read: number;
  /** C# and PowerShell files given the byte-level look before parsing. */
  preChecked: number;
  /** Trees built, by grammar (counted at the parser, both passes). */
  parsed: Partial<Record<GrammarId, number>>;
  /** Files the rules ran on (or whose findings came from the cache). */
  analysed: number;
  /**
   * Work taken from the cache: files whose facts, files whose findings, and context files whose XML were not computed
   * again; unchanged files the gate had left out, not even read.
   */
  cached: { facts: number; findings: number; xml: number; unread: number };
  /** Files that went no further, by reason (the gate's reasons and the skipped files' reasons). */
  left: Record<string, number>;
  /** Milliseconds per phase. */
  ms: Record<ScanPhase, number>;
  /** Threads that parsed and analysed (`--jobs`; workers start only when there is enough to parse). */
  threads: number;
}

/** An empty set of statistics to hand to a scan. */
export function emptyScanStats(): ScanStats {
  return { discovered: 0, read: 0, preChecked: 0, parsed: {}, analysed: 0, cached: { facts: 0, findings: 0, xml: 0, unread: 0 }, left: {}, ms: { discover: 0, index: 0, analyse: 0, parse: 0 }, threads: 1 };
}

/** Counts one file left out for a reason (a reason's details in parentheses are dropped, so that reasons group). */
export function countLeft(stats: ScanStats | undefined, reason: string): void {
  if (stats) {
    const key = reason.replace(/\s*\(.*$/, '').replace(/ to .*, outside the scanned folders.*$/, ' outside the scanned folders');
    stats.left[key] = (stats.left[key] ?? 0) + 1;
  }
}

/** A parser that counts the trees it builds and the time it takes, into `stats`; the trees are the backend's own. */
export function countingParser(backend: ParserBackend, stats: ScanStats, now: () => number): ParserBackend {
  return {
    name: backend.name,
    parse(grammar: GrammarId, text: string, previous?: SyntaxTree): SyntaxTree {
      const t0 = now();
      try {
        return backend.parse(grammar, text, previous);
      } finally {
        stats.ms.parse += now() - t0;
        stats.parsed[grammar] = (stats.parsed[grammar] ?? 0) + 1;
      }
    },
    prepare: (grammar) => backend.prepare(grammar),
  };
}

/** The order `--stats` lists trees parsed in. */
const GRAMMAR_ORDER: readonly GrammarId[] = ['xml', 'c_sharp', 'powershell'];

/** The statistics as the lines `scan --stats` prints on stderr. */
export function formatScanStats(stats: ScanStats): string {
  // A fixed order of grammars: worker threads report their parses in whatever order they finish.
  const parsed = GRAMMAR_ORDER.filter((g) => stats.parsed[g] !== undefined).map((g) => `${g} ${stats.parsed[g] ?? 0}`).join(', ') || 'none';
  const left = Object.entries(stats.left).sort((a, b) => b[1] - a[1]).map(([r, n]) => `  ${String(n).padStart(7)}  ${r}`);
  const ms = (n: number): string => `${Math.round(n)} ms`;
  return [
    `files discovered ${stats.discovered}, read ${stats.read}, pre-checked ${stats.preChecked}, analysed ${stats.analysed}`,
    `trees parsed: ${parsed}`,
    `from the cache: facts of ${stats.cached.facts} file(s), findings of ${stats.cached.findings} file(s), parsed XML of ${stats.cached.xml} file(s), unchanged and left out by the gate ${stats.cached.unread} file(s) (not read)`,
    `went no further:${left.length ? '' : ' none'}`,
    ...left,
    `time: discover ${ms(stats.ms.discover)}, index ${ms(stats.ms.index)}, analyse ${ms(stats.ms.analyse)} (of which parsing ${ms(stats.ms.parse)}, summed over ${stats.threads} thread(s))`,
  ].join('\n');
}

/** Adds the time since the last call to a phase of `stats` (nothing without stats). */
export function phaseClock(stats: ScanStats | undefined): (phase: ScanPhase) => void {
  let last = Date.now();
  return (phase) => {
    const now = Date.now();
    if (stats) {
      stats.ms[phase] += now - last;
    }
    last = now;
  };
}
