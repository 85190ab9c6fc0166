import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { REPO_ROOT, readJson } from '../support/engineHarness';
import { runCli } from './cliRunner';

/**
 * Conformance of the C# write rules (TLS020–TLS023, TLS025) with their docs/rules pages, checked the way an outside reviewer does:
 * each case folder under test/fixtures/conformance/csharp-writes holds a `workspace/` and an `expected.json` written
 * from the spec; the built CLI scans the workspace to SARIF and every error/warning/note it gives, from any rule, must be
 * exactly the expected set (file relative to the workspace, line, rule id, level — and the column where one is given).
 */
const CASES = join(REPO_ROOT, 'test', 'fixtures', 'conformance', 'csharp-writes');

/** One expected finding; `column` (1-based, UTF-16) is given for C# findings, which sit on the expression. */
interface Expected {
  file: string;
  line: number;
  ruleId: string;
  level: 'error' | 'warning' | 'note';
  column?: number;
}

interface SarifResult {
  ruleId: string;
  level: string;
  locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number } } }[];
}

/** Runs `scan <workspace> --format sarif` and returns its error/warning/note results as `Expected` rows (with columns). */
function scanResults(workspace: string): Required<Expected>[] {
  const run = runCli(['scan', workspace, '--format', 'sarif', '--fail-on', 'none']);
  assert.equal(run.status, 0, run.stderr);
  const log = JSON.parse(run.stdout) as { runs: { results: SarifResult[] }[] };
  return (log.runs[0]?.results ?? [])
    .filter((r) => r.level === 'error' || r.level === 'warning' || r.level === 'note')
    .map((r) => {
      const loc = r.locations[0]?.physicalLocation;
      assert.ok(loc, `${r.ruleId} has no location`);
      const level = r.level as Expected['level'];
      return { file: decodeURIComponent(loc.artifactLocation.uri), line: loc.region.startLine, ruleId: r.ruleId, level, column: loc.region.startColumn };
    });
}

/** The comparable form of a row: file:line ruleId level, plus the column when the expectation gives one. */
const key = (f: Expected, withColumn: boolean): string => `${f.file}:${f.line}${withColumn ? `:${f.column}` : ''} ${f.ruleId} ${f.level}`;

describe('conformance: C# SecurityProtocol writes and AppContext switches (TLS020–TLS023, TLS025)', () => {
  const names = readdirSync(CASES).sort();

  it('has at least 40 cases', () => {
    assert.ok(names.length >= 40, `only ${names.length} cases`);
  });

  for (const name of names) {
    it(name, () => {
      const expected = readJson<Expected[]>(join(CASES, name, 'expected.json'));
      const actual = scanResults(join(CASES, name, 'workspace'));
      // An actual row is compared with its column only where an expectation for that file/line/rule gives one.
      const columned = new Set(expected.filter((e) => e.column !== undefined).map((e) => `${e.file}:${e.line} ${e.ruleId}`));
      const actualKeys = actual.map((a) => key(a, columned.has(`${a.file}:${a.line} ${a.ruleId}`))).sort();
      const expectedKeys = expected.map((e) => key(e, e.column !== undefined)).sort();
      assert.deepEqual(actualKeys, expectedKeys);
    });
  }
});
