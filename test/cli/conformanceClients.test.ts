import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { REPO_ROOT } from '../support/engineHarness';
import { runCli } from './cliRunner';

/**
 * Conformance of the C# client rules (TLS024, TLS026, TLS027, and TLS001's drop to information) with their docs/rules pages:
 * each case under test/fixtures/conformance/csharp-clients/<case>/ holds a `workspace/` that the built CLI scans
 * as a process, and an `expected.json` listing every error/warning/note finding the SARIF must hold — from any rule of
 * the TLS family, and from a DYN rule where the case names it (the DYN family has its own suites).
 * Each expected finding is also marked in the workspace by an `expect: <rule> <level>` comment on its line, for the reader.
 */
const CASES = join(REPO_ROOT, 'test', 'fixtures', 'conformance', 'csharp-clients');

/** One expected finding; `messageIncludes` (optional) must occur in the SARIF message. */
interface Expected {
  file: string;
  line: number;
  ruleId: string;
  level: 'error' | 'warning' | 'note';
  messageIncludes?: string;
}

interface SarifResult {
  ruleId: string;
  level: string;
  message: { text: string };
  locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string }; region: { startLine: number } } }[];
}

interface SarifLog {
  runs: { results: SarifResult[]; originalUriBaseIds?: Record<string, { uri: string }> }[];
}

/** A finding as the comparison sees it: file relative to the workspace, 1-based line, rule id, SARIF level. */
interface Seen {
  key: string;
  message: string;
  ruleId: string;
}

const keyOf = (file: string, line: number, ruleId: string, level: string): string => `${file}:${line} ${ruleId} ${level}`;

/** Scans one workspace with the CLI and returns its error/warning/note results. */
function scan(workspace: string): Seen[] {
  const run = runCli(['scan', workspace, '--format', 'sarif', '--fail-on', 'none']);
  assert.equal(run.status, 0, `scan failed: ${run.stderr}`);
  const log = JSON.parse(run.stdout) as SarifLog;
  const seen: Seen[] = [];
  for (const r of log.runs.flatMap((x) => x.results)) {
    if (r.level === 'none') continue;
    const loc = r.locations[0]?.physicalLocation;
    assert.ok(loc, `${r.ruleId} has no location`);
    const file = decodeURIComponent(loc.artifactLocation.uri);
    seen.push({ key: keyOf(file, loc.region.startLine, r.ruleId, r.level), message: r.message.text, ruleId: r.ruleId });
  }
  return seen;
}

describe('conformance: C# Dynamics clients and SslProtocols (TLS001, TLS024, TLS026, TLS027)', () => {
  const cases = readdirSync(CASES, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();

  it('has at least 40 cases', () => {
    assert.ok(cases.length >= 40, `only ${cases.length} cases`);
  });

  for (const name of cases) {
    it(name, () => {
      const expected = JSON.parse(readFileSync(join(CASES, name, 'expected.json'), 'utf8')) as Expected[];
      const named = new Set(expected.map((e) => e.ruleId));
      const seen = scan(join(CASES, name, 'workspace')).filter((x) => x.ruleId.startsWith('TLS') || named.has(x.ruleId));
      const want = expected.map((e) => keyOf(e.file, e.line, e.ruleId, e.level)).sort();
      const got = seen.map((s) => s.key).sort();
      assert.deepEqual(got, want, `${name}: findings differ\n${seen.map((s) => `  ${s.key}  ${s.message}`).join('\n')}`);
      for (const e of expected) {
        if (e.messageIncludes === undefined) continue;
        const hit = seen.find((s) => s.key === keyOf(e.file, e.line, e.ruleId, e.level));
        assert.ok(hit?.message.includes(e.messageIncludes), `${name}: ${e.ruleId} message lacks "${e.messageIncludes}": ${hit?.message ?? ''}`);
      }
    });
  }
});
