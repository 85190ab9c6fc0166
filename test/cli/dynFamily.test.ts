import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { DYN_TEST_ENTRY, DYN_TEST_RULE_ID } from '../support/dynRuleEntry';
import { dynWorkspace } from '../support/dynWorkspace';

interface JsonFinding {
  ruleId: string;
  severity: string;
  path: string;
  range: { start: { line: number } };
}
interface JsonUnit {
  path: string;
  verdict: string;
  reasons: { family: string; error: number; warning: number; rules: string[] }[];
}
interface JsonScan {
  findings: JsonFinding[];
  report: { units: JsonUnit[]; verdict: string; reasons: JsonUnit['reasons'] };
}

const ID = DYN_TEST_RULE_ID;

function runEntry(args: readonly string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [DYN_TEST_ENTRY, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function scanJson(dir: string, extra: readonly string[] = []): JsonScan {
  const run = runEntry(['scan', dir, '--format', 'json', '--fail-on', 'none', ...extra]);
  assert.equal(run.status, 0, run.stderr);
  return JSON.parse(run.stdout) as JsonScan;
}

describe('CLI: a DYN rule id is handled like a TLS id (the two rule families)', () => {
  it('suppression comments in C#, PowerShell, config and .reg syntax silence a DYN id, and every one is used', () => {
    const dir = dynWorkspace();
    const out = scanJson(dir);
    const dyn = out.findings.filter((f) => f.ruleId === ID).map((f) => `${f.path.slice(dir.length + 1)}:${f.range.start.line}`).sort();
    assert.deepEqual(dyn, ['App/App.config:3', 'App/Program.cs:4', 'deploy.ps1:2', 'machine.reg:4'], 'only the unsuppressed lines');
    assert.deepEqual(out.findings.filter((f) => f.ruleId === 'TLS090'), [], 'no unused suppression');
  });

  it('verdicts count both families and say why per family; a setting raises the DYN id to error', () => {
    const dir = dynWorkspace();
    const plain = scanJson(dir);
    const script = plain.report.units.find((u) => u.path.endsWith('deploy.ps1'));
    assert.ok(script);
    assert.deepEqual(script.reasons.map((r) => [r.family, r.rules.includes(ID)]), [['TLS', false], ['connection', true]]);
    assert.equal(script.reasons[1]?.warning, 1);
    const reg = plain.report.units.find((u) => u.path.endsWith('machine.reg'));
    assert.equal(reg?.verdict, 'At risk', 'a DYN warning alone makes a row At risk');
    assert.deepEqual(reg.reasons, [{ family: 'connection', error: 0, warning: 1, rules: [ID] }]);
    const settings = join(dir, 'settings.json');
    writeFileSync(settings, JSON.stringify({ 'dynamicsTls.rules': { [ID.toLowerCase()]: 'error' } }));
    const raised = scanJson(dir, ['--config', settings]);
    assert.ok(raised.findings.filter((f) => f.ruleId === ID).every((f) => f.severity === 'error'));
    assert.equal(raised.report.units.find((u) => u.path.endsWith('machine.reg'))?.verdict, 'Will fail');
    writeFileSync(settings, JSON.stringify({ 'dynamicsTls.rules': { [ID]: 'off' } }));
    assert.deepEqual(scanJson(dir, ['--config', settings]).findings.filter((f) => f.ruleId === ID), []);
  });

  it('text and Markdown say why a row is not Ready with both families', () => {
    const dir = dynWorkspace();
    const text = runEntry(['scan', dir, '--fail-on', 'none']);
    assert.match(text.stdout, /^ {2}Will fail +deploy\.ps1 .* — because TLS: 1 error \(TLS031\); connection: 1 warning \(DYN199\)$/m);
    const markdown = runEntry(['scan', dir, '--format', 'markdown', '--fail-on', 'none']);
    assert.match(markdown.stdout, /^# Dynamics 365 TLS and connection readiness$/m);
    assert.match(markdown.stdout, /\| machine\.reg \| registry \| .* \| At risk \| connection: 1 warning \(DYN199\) \|/);
  });

  it('SARIF describes the DYN rule with its docs page and points its results at it', () => {
    const dir = dynWorkspace();
    const run = runEntry(['scan', dir, '--format', 'sarif', '--fail-on', 'none']);
    const log = JSON.parse(run.stdout) as { runs: { tool: { driver: { rules: { id: string; helpUri: string }[] } }; results: { ruleId: string; ruleIndex?: number; suppressions?: { kind: string }[] }[] }[] };
    const sarifRun = log.runs[0];
    assert.ok(sarifRun);
    const rules = sarifRun.tool.driver.rules;
    const index = rules.findIndex((r) => r.id === ID);
    assert.ok(index >= 0, 'the DYN rule is in tool.driver.rules');
    assert.match(rules[index]?.helpUri ?? '', /\/docs\/rules\/DYN199\.md$/);
    const results = sarifRun.results.filter((r) => r.ruleId === ID);
    assert.equal(results.filter((r) => !r.suppressions).length, 4, 'the unsuppressed findings');
    assert.equal(results.filter((r) => r.suppressions?.[0]?.kind === 'inSource').length, 4, 'the suppressed ones, as SARIF lists them');
    assert.ok(results.every((r) => r.ruleIndex === index));
  });

  it('`fix --rule` takes a DYN id (any case) and refuses a malformed one', () => {
    const dir = dynWorkspace();
    const ok = runEntry(['fix', dir, '--rule', 'dyn199', '--dry-run']);
    assert.equal(ok.stderr.includes('--rule takes'), false, ok.stderr);
    const bad = runEntry(['fix', dir, '--rule', 'DYN19']);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /--rule takes a rule id such as TLS001 or DYN101 \(got "DYN19"\)/);
  });
});
