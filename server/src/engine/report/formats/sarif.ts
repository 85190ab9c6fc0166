import { compareFindings } from '../../analyzer';
import { Finding, Severity } from '../../model/finding';
import { TOOL_NAME, ruleDocsUrl } from '../../model/docs';
import { relativePath } from '../../project/paths';
import { activeRules } from '../../rules/registry';
import { SkippedFile, makesIncomplete } from '../../scan/workspaceScan';
import { Range } from '../../text/lineIndex';
import { BaselineResult, compareWithBaseline } from '../baseline';
import { FINGERPRINT_KEY, fingerprintFindings } from '../fingerprints';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note' | 'none'> = { error: 'error', warning: 'warning', information: 'note', hint: 'none' };

function region(range: Range): Record<string, number> {
  return {
    startLine: range.start.line + 1,
    startColumn: range.start.character + 1,
    endLine: range.end.line + 1,
    endColumn: range.end.character + 1,
  };
}

/**
 * Percent-encodes one name for a URI. A name byte that is not valid UTF-8 (carried as a lone surrogate U+DC80–U+DCFF,
 * see node/byteNames.ts) is encoded as that very byte (`%FF`), so the URI names the file the file system holds.
 */
function encodeName(name: string): string {
  return name
    .split(/([\udc80-\udcff])/u)
    .map((part) => (/^[\udc80-\udcff]$/u.test(part) ? `%${(part.charCodeAt(0) - 0xdc00).toString(16).toUpperCase()}` : encodeURIComponent(part.replace(/[\ud800-\udfff]/gu, '\ufffd'))))
    .join('');
}

function fileUri(path: string): string {
  return 'file://' + path.split('/').map(encodeName).join('/') + (path.endsWith('/') ? '' : '/');
}

function relUri(base: string, path: string): string {
  return relativePath(base, path).split('/').map(encodeName).join('/');
}

/** The run's invocation: one tool execution notification per skipped file (docs/facts.md#verdicts). */
function invocation(skipped: readonly SkippedFile[], baseDir: string): object {
  return {
    executionSuccessful: !skipped.some(makesIncomplete),
    toolExecutionNotifications: skipped.map((s) => ({
      level: makesIncomplete(s) ? 'error' : 'note',
      message: { text: `${makesIncomplete(s) ? 'Not read' : 'Skipped'}: ${s.reason}` },
      locations: [{ physicalLocation: { artifactLocation: { uri: relUri(baseDir, s.path), uriBaseId: 'SRCROOT' } } }],
    })),
  };
}

/** A finding a suppression comment silenced, and the comment's reason. */
export interface SuppressedFinding {
  finding: Finding;
  reason: string | undefined;
}

/** What a scan adds to its SARIF beyond the findings: fingerprints (from the files' texts), suppressions, a baseline. */
export interface SarifExtras {
  /** The analysed text of a file: with it every result carries `partialFingerprints`, so the log can be a baseline. */
  textOf?: (path: string) => string | undefined;
  /** Findings silenced in source: listed with `suppressions: [{ kind: 'inSource', justification }]`. */
  suppressed?: readonly SuppressedFinding[];
  /** Files the scan skipped: the invocation's tool execution notifications. */
  skipped?: readonly SkippedFile[];
  /** The results of a baseline log: every result then carries `baselineState`, and gone ones are listed as `absent`. */
  baseline?: readonly BaselineResult[];
}

/** One SARIF result and the finding it renders (none for a baseline result that is `absent`). */
export interface SarifEntry {
  finding: Finding | undefined;
  result: BaselineResult;
}

/**
 * The SARIF results of a scan in report order: URIs relative to `baseDir` (declared as `SRCROOT`); with `extras`,
 * fingerprints, in-source suppressions and baseline states as SARIF defines them, `absent` results last.
 */
export function sarifResults(findings: readonly Finding[], baseDir: string, extras: SarifExtras = {}): SarifEntry[] {
  const ruleIndex = new Map(activeRules().map((r, i) => [r.meta.id, i]));
  const reasons = new Map<Finding, string | undefined>((extras.suppressed ?? []).map((s) => [s.finding, s.reason]));
  const all = [...findings, ...reasons.keys()].sort(compareFindings);
  const fingerprints = extras.textOf ? fingerprintFindings(all, baseDir, extras.textOf) : undefined;
  const results: BaselineResult[] = all.map((f) => ({
    ruleId: f.ruleId,
    ...(ruleIndex.has(f.ruleId) ? { ruleIndex: ruleIndex.get(f.ruleId) } : {}),
    level: LEVEL[f.severity],
    message: { text: f.message },
    locations: [{ physicalLocation: { artifactLocation: { uri: relUri(baseDir, f.path), uriBaseId: 'SRCROOT' }, region: region(f.range) } }],
    ...(f.related.length
      ? {
          relatedLocations: f.related.map((r, i) => ({
            id: i + 1,
            message: { text: r.message },
            physicalLocation: { artifactLocation: { uri: relUri(baseDir, r.path), uriBaseId: 'SRCROOT' }, region: region(r.range) },
          })),
        }
      : {}),
    ...(fingerprints ? { partialFingerprints: { [FINGERPRINT_KEY]: fingerprints.get(f) ?? '' } } : {}),
    ...(reasons.has(f) ? { suppressions: [{ kind: 'inSource', ...(reasons.get(f) ? { justification: reasons.get(f) } : {}) }] } : {}),
  }));
  const absent = extras.baseline ? compareWithBaseline(results, extras.baseline) : [];
  return [...results.map((result, i) => ({ finding: all[i], result })), ...absent.map((result) => ({ finding: undefined, result }))];
}

/** Renders findings as a SARIF 2.1.0 log (see sarifResults for the results and what `extras` adds). */
export function toSarif(findings: readonly Finding[], baseDir: string, version: string, extras: SarifExtras = {}): object {
  return sarifLog(sarifResults(findings, baseDir, extras).map((e) => e.result), baseDir, version, extras.skipped);
}

/**
 * The SARIF 2.1.0 log around given results: the tool with every rule and its `helpUri`, `SRCROOT` set to `baseDir`;
 * skipped files are the invocation's tool execution notifications (`error` for a file that could not be read, `note`
 * for one left out).
 */
export function sarifLog(results: readonly BaselineResult[], baseDir: string, version: string, skipped: readonly SkippedFile[] = []): object {
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: TOOL_NAME,
            version,
            informationUri: ruleDocsUrl('').replace(/\/docs\/rules\/\.md$/, ''),
            rules: activeRules().map((r) => ({
              id: r.meta.id,
              name: r.meta.title.replace(/[^A-Za-z0-9]+/g, ' ').trim().replace(/ (\w)/g, (_, c: string) => c.toUpperCase()).replace(/^\w/, (c) => c.toUpperCase()),
              shortDescription: { text: r.meta.title },
              fullDescription: { text: r.meta.summary },
              helpUri: ruleDocsUrl(r.meta.id),
              defaultConfiguration: { level: LEVEL[r.meta.defaultSeverity] },
            })),
          },
        },
        invocations: [invocation(skipped, baseDir)],
        originalUriBaseIds: { SRCROOT: { uri: fileUri(baseDir) } },
        results,
      },
    ],
  };
}
