import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { copyToTemp, listFiles, readJson } from '../support/engineHarness';
import { runCli } from './cliRunner';

/**
 * One conformance case as a folder: `workspace/` (what the CLI scans), `expected.json` (every error/warning/note the
 * SARIF must hold, from any rule of the family the suite judges), and optionally `case.json` (extra CLI arguments; files whose findings the case does
 * not judge, each with the reason), `fixed/` (the bytes of each file `tls-readiness fix` must change — every other file
 * must stay byte-identical) and `expected-after-fix.json` (the findings of the fixed workspace). `caseProblems` returns
 * every way the CLI disagrees with the case; an empty list means the case passes.
 */

/** One expected finding: file relative to the workspace, 1-based line, rule id, SARIF level, and optional details. */
export interface ExpectedFinding {
  file: string;
  line: number;
  ruleId: string;
  level: 'error' | 'warning' | 'note';
  /** 1-based UTF-16 column of the region's start, where the case pins it. */
  column?: number;
  /** Text the SARIF message must contain. */
  messageIncludes?: string;
  /** Files that must each appear among the result's related locations. */
  related?: string[];
}

/** The optional per-case settings of `case.json`. */
interface CaseSettings {
  /** Extra arguments given to both `scan` and `fix` (e.g. `--retarget-to 4.6.2`). */
  args?: string[];
  /** Workspace files whose findings this case leaves unjudged, each with the reason (an open question of the spec). */
  unjudged?: Record<string, string>;
}

interface SarifLocation {
  physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number } };
}

interface SarifResult {
  ruleId: string;
  level: string;
  message: { text: string };
  locations: SarifLocation[];
  relatedLocations?: SarifLocation[];
}

/** A SARIF result as the comparison sees it. */
interface Seen {
  file: string;
  line: number;
  column: number;
  ruleId: string;
  level: string;
  message: string;
  related: string[];
}

const uriOf = (l: SarifLocation | undefined): string => decodeURIComponent(l?.physicalLocation.artifactLocation.uri ?? '?');
const keyOf = (f: { file: string; line: number; ruleId: string; level: string }, column?: number): string =>
  `${f.file}:${f.line}${column === undefined ? '' : `:${column}`} ${f.ruleId} ${f.level}`;

/**
 * Which results a suite judges: every rule's (`any`), or one family's (its ids' prefix) plus any other rule the case's
 * expected files name — a TLS case that lists a DYN finding judges that DYN rule too, and only it.
 */
export type JudgedFamily = 'TLS' | 'DYN' | 'any';

/** The rule ids a case judges besides its family's: those its expected files name. */
function judgedBy(family: JudgedFamily, ...expected: ExpectedFinding[][]): (ruleId: string) => boolean {
  const named = new Set(expected.flat().map((e) => e.ruleId));
  return (ruleId) => family === 'any' || ruleId.startsWith(family) || named.has(ruleId);
}

/** Scans a workspace with the built CLI as SARIF and returns its error/warning/note results, or the reason it could not. */
function scan(workspace: string, args: readonly string[], judged: (ruleId: string) => boolean): Seen[] | string {
  const run = runCli(['scan', workspace, '--format', 'sarif', '--fail-on', 'none', ...args]);
  if (run.status !== 0) {
    return `scan exited ${String(run.status)}: ${run.stderr.trim().split('\n')[0] ?? ''}`;
  }
  const log = JSON.parse(run.stdout) as { runs: { results: SarifResult[] }[] };
  return log.runs
    .flatMap((r) => r.results)
    .filter((r) => r.level === 'error' || r.level === 'warning' || r.level === 'note')
    .filter((r) => judged(r.ruleId))
    .map((r) => {
      const region = r.locations[0]?.physicalLocation.region;
      return {
        file: uriOf(r.locations[0]),
        line: region?.startLine ?? 0,
        column: region?.startColumn ?? 0,
        ruleId: r.ruleId,
        level: r.level,
        message: r.message.text,
        related: (r.relatedLocations ?? []).map(uriOf),
      };
    });
}

/** Compares the findings of one scan with the expected set; returns the differences as readable lines. */
function compareFindings(label: string, seen: Seen[], expected: ExpectedFinding[], unjudged: ReadonlySet<string>): string[] {
  const judged = seen.filter((s) => !unjudged.has(s.file));
  const columned = new Set(expected.filter((e) => e.column !== undefined).map((e) => keyOf(e)));
  const got = judged.map((s) => keyOf(s, columned.has(keyOf(s)) ? s.column : undefined)).sort();
  const want = expected.map((e) => keyOf(e, e.column)).sort();
  const problems: string[] = [];
  const missing = want.filter((w) => !got.includes(w));
  const extra = got.filter((g) => !want.includes(g));
  if (missing.length || extra.length) {
    const listing = judged.map((s) => `    ${keyOf(s)}  ${s.message}`).join('\n');
    problems.push(`${label}: missing [${missing.join(', ')}], unexpected [${extra.join(', ')}]\n  the CLI gave:\n${listing || '    nothing'}`);
  }
  for (const e of expected) {
    const hit = judged.find((s) => keyOf(s) === keyOf(e));
    if (!hit) continue;
    if (e.messageIncludes !== undefined && !hit.message.includes(e.messageIncludes)) {
      problems.push(`${label}: ${keyOf(e)} message lacks "${e.messageIncludes}": ${hit.message}`);
    }
    for (const file of e.related ?? []) {
      if (!hit.related.includes(file)) {
        problems.push(`${label}: ${keyOf(e)} has no related location in ${file} (related: ${hit.related.join(', ') || 'none'})`);
      }
    }
  }
  return problems;
}

/** Runs `fix` on a copy of the workspace and compares every file's bytes with `fixed/` (changed) or the original. */
function compareFix(caseDir: string, args: readonly string[]): { problems: string[]; fixedCopy: string } {
  const workspace = join(caseDir, 'workspace');
  const fixedDir = join(caseDir, 'fixed');
  const copy = copyToTemp(workspace);
  const run = runCli(['fix', copy, ...args]);
  if (run.status !== 0) {
    return { problems: [`fix exited ${String(run.status)}: ${run.stderr.trim().split('\n')[0] ?? ''}`], fixedCopy: copy };
  }
  const problems: string[] = [];
  const changedExpected = new Set(listFiles(fixedDir));
  for (const file of listFiles(workspace)) {
    const want = readFileSync(join(changedExpected.has(file) ? fixedDir : workspace, file));
    const got = existsSync(join(copy, file)) ? readFileSync(join(copy, file)) : undefined;
    if (!got?.equals(want)) {
      const how = changedExpected.has(file) ? 'differs from fixed/' : 'was changed but should not be';
      problems.push(`fix: ${file} ${how}\n  got:\n${got?.toString('utf8') ?? '(missing)'}`);
    }
  }
  return { problems, fixedCopy: copy };
}

/**
 * Every disagreement between the built CLI and the case folder (empty: the case passes). A suite written from one
 * family's rules judges that family's results, and another rule's only where the case names it (`TLS`: the RULES.md
 * suites, written before the DYN family existed).
 */
export function caseProblems(caseDir: string, family: JudgedFamily = 'any'): string[] {
  const settingsPath = join(caseDir, 'case.json');
  const settings = existsSync(settingsPath) ? readJson<CaseSettings>(settingsPath) : {};
  const args = settings.args ?? [];
  const unjudged = new Set(Object.keys(settings.unjudged ?? {}));
  const expected = readJson<ExpectedFinding[]>(join(caseDir, 'expected.json'));
  const afterPath = join(caseDir, 'expected-after-fix.json');
  const judged = judgedBy(family, expected, existsSync(afterPath) ? readJson<ExpectedFinding[]>(afterPath) : []);
  const seen = scan(join(caseDir, 'workspace'), args, judged);
  const problems = typeof seen === 'string' ? [seen] : compareFindings('scan', seen, expected, unjudged);
  if (!existsSync(join(caseDir, 'fixed'))) {
    return problems;
  }
  const fix = compareFix(caseDir, args);
  problems.push(...fix.problems);
  if (existsSync(afterPath) && fix.problems.length === 0) {
    const after = scan(fix.fixedCopy, args, judged);
    const want = readJson<ExpectedFinding[]>(afterPath);
    problems.push(...(typeof after === 'string' ? [after] : compareFindings('scan after fix', after, want, unjudged)));
  }
  return problems;
}
