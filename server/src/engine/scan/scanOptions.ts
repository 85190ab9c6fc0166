import { SeverityOverrides } from '../analyzer';
import { Finding } from '../model/finding';
import { WorkspaceIndex } from '../project/workspaceIndex';
import { ScanProgress } from './progressPacer';
import { ScanCache } from './scanCache';
import { ScanStats } from './scanStats';
import { ScanWork } from './scanWork';

/** A file the scan did not analyse, and why (shown in the report and the output channel). */
export interface SkippedFile {
  path: string;
  reason: string;
  /**
   * True when the scan should have read it and could not (permission, I/O error, a name it cannot open, a special
   * file, a parser failure): the verdict is then `Incomplete` (docs/facts.md#verdicts). Absent for what the user's settings left
   * out (dynamicsTls.exclude, the size cap) and for what was read but is not analysable text (binary, too complex).
   */
  incomplete?: true;
}

/** True when a skipped file makes the run incomplete (it should have been read and could not be). */
export function makesIncomplete(s: SkippedFile): boolean {
  return s.incomplete === true;
}

/**
 * An index-only scan in three steps: every context file, then the source files `pick` chooses from the index those
 * make (an open document's project group), `picked` once their facts are in the index, then the other source files.
 */
export interface IndexFirst {
  pick(index: WorkspaceIndex): Promise<(path: string) => boolean>;
  picked(): void;
}

/** What a scan is asked to do. */
export interface ScanOptions {
  /** Folders (or single files) to scan; a single file also loads the context files above it. */
  roots: string[];
  excludes: readonly string[];
  maxFileSizeKB: number;
  severityOverrides?: SeverityOverrides;
  /** Per-path overrides (resource-scoped settings): when given, used instead of `severityOverrides`. */
  overridesFor?: (path: string) => SeverityOverrides | undefined;
  /** The preferred retarget version (`dynamicsTls.retargetTo`); .NET Framework 4.8 when absent. */
  retargetTo?: number;
  /** Per-path preferred retarget (resource-scoped settings): when given, used instead of `retargetTo`. */
  retargetFor?: (path: string) => number | undefined;
  isCancelled?: () => boolean;
  /** Called at most every `progressIntervalMs` (and when a phase starts or ends). */
  onProgress?: (p: ScanProgress) => void;
  /** Time between progress reports (default 100 ms). */
  progressIntervalMs?: number;
  /** Text whose parse trees are kept between the passes (see TreeBudget); 0 parses twice and keeps memory flat. */
  keptTreeBudget?: number;
  /** Only fill the project index (context files and code facts); analyse nothing. */
  indexOnly?: boolean;
  /** Index-only: which source files to index before the others, and a call once they are (see {@link IndexFirst}). */
  indexFirst?: IndexFirst;
  /** Follow symbolic links whose target lies outside the roots (otherwise they are listed as skipped). */
  followLinks?: boolean;
  /** Texts that win over the disk (open editors with unsaved changes). */
  overlay?: (path: string) => string | undefined;
  /** Told of each finding a suppression comment silences, with the comment's reason (the CLI's SARIF lists them). */
  onSuppressed?: (finding: Finding, reason: string | undefined) => void;
  /** Filled with counts and timings (`scan --stats`). */
  stats?: ScanStats;
  /** Earlier scans' work to reuse and this scan's to keep (`scan --cache`). */
  cache?: ScanCache;
  /**
   * `false` turns the gate off: every C#/PowerShell file is parsed and analysed, generated or not, trigger word or not.
   * Only the gate's exactness test does this, to show the gate changes no finding.
   */
  gate?: boolean;
  /**
   * Where the parsing and analysis run (an adapter's pool of worker threads); in this thread when absent. The scan calls
   * its `finish` when done; the caller owns the rest of its life (e.g. stopping the workers).
   */
  work?: ScanWork;
}
