import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { writeFileEdits } from '../../server/src/engine/fixes/writeFixes';
import { Finding, Severity } from '../../server/src/engine/model/finding';
import { relativePath } from '../../server/src/engine/project/paths';
import { ruleById } from '../../server/src/engine/rules/registry';
import { planSafeFixes } from '../../server/src/engine/rules/safeFixes';
import { ReadinessReport, buildReadinessReport, verdictOf } from '../../server/src/engine/report/readiness';
import { toReportData } from '../../server/src/engine/report/reportData';
import { nodeFileSystem } from '../../server/src/node/nodeFileSystem';
import { scanFolder } from '../support/engineHarness';
import { REPORT_UNITS, makeReportWorkspace } from './reportWorkspace';

function finding(severity: Severity, ruleId = 'TLS001', safe = false): Finding {
  const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } };
  return {
    ruleId,
    severity,
    message: 'm',
    path: '/w/a.csproj',
    range,
    related: [],
    fixes: [{ title: 'fix', safe, changes: [{ path: '/w/a.csproj', edits: [{ range, newText: 'x' }] }] }],
  };
}

async function reportOf(root: string): Promise<{ report: ReadinessReport; findings: Finding[]; texts: Map<string, string> }> {
  const { analyzer, result } = await scanFolder(root);
  return { report: buildReadinessReport(analyzer.index, result.findings, result.files, result.baseDir), findings: result.findings, texts: result.texts };
}

function unit(report: ReadinessReport, rel: string): ReadinessReport['units'][number] {
  const u = report.units.find((x) => relativePath(report.baseDir, x.path) === rel);
  assert.ok(u, `a row for ${rel}; rows: ${report.units.map((x) => relativePath(report.baseDir, x.path)).join(', ')}`);
  return u;
}

describe('report: verdicts (docs/facts.md)', () => {
  it('Will fail with any error, At risk with any warning, Ready otherwise; information and hints do not count', () => {
    assert.equal(verdictOf([finding('error'), finding('warning')]), 'Will fail');
    assert.equal(verdictOf([finding('warning'), finding('information')]), 'At risk');
    assert.equal(verdictOf([finding('information'), finding('hint')]), 'Ready');
    assert.equal(verdictOf([]), 'Ready');
  });
});

describe('report: rows of a workspace with several projects and a script', () => {
  it('has one row per project and script with kind, effective target, evidence and a verdict that follows its findings', async () => {
    const root = makeReportWorkspace();
    const { report, findings } = await reportOf(root);
    assert.deepEqual(
      report.units.map((u) => relativePath(report.baseDir, u.path)).sort(),
      [REPORT_UNITS.consoleApp, REPORT_UNITS.modernApp, REPORT_UNITS.plugin, REPORT_UNITS.script].sort(),
    );
    const consoleApp = unit(report, REPORT_UNITS.consoleApp);
    assert.equal(consoleApp.kind, 'client');
    assert.equal(consoleApp.target, '.NET Framework 4.5.2');
    assert.ok(consoleApp.dynamicsEvidence.length > 0, 'the console app shows its Dynamics evidence');
    assert.equal(consoleApp.verdict, 'Will fail');
    assert.ok(consoleApp.findings.some((f) => f.ruleId === 'TLS001' && f.severity === 'error'));
    const plugin = unit(report, REPORT_UNITS.plugin);
    assert.equal(plugin.kind, 'plugin');
    assert.equal(plugin.verdict, 'Ready', 'a plug-in runs inside Dynamics: its notes are information');
    const modern = unit(report, REPORT_UNITS.modernApp);
    assert.equal(modern.target, '.NET Framework 4.8');
    assert.equal(modern.verdict, 'Ready');
    assert.deepEqual(modern.findings, []);
    const script = unit(report, REPORT_UNITS.script);
    assert.equal(script.kind, 'script');
    assert.ok(script.findings.some((f) => f.ruleId === 'TLS030'), 'Get-CrmConnection without TLS 1.2 first is found');
    assert.notEqual(script.verdict, 'Ready');
    for (const u of report.units) {
      assert.equal(u.verdict, verdictOf(u.findings), `${u.name}: the verdict follows the findings`);
      assert.equal(u.counts.error, u.findings.filter((f) => f.severity === 'error').length);
      assert.equal(u.counts.warning, u.findings.filter((f) => f.severity === 'warning').length);
    }
    assert.equal(report.units.flatMap((u) => u.findings).length, findings.length, 'every finding sits under exactly one row');
    assert.equal(report.verdict, 'Will fail');
  });

  it('flattens into plain report data with 0-based ranges, counts and evidence text', async () => {
    const root = makeReportWorkspace();
    const { report } = await reportOf(root);
    const data = toReportData(report, { files: 7, skipped: [], cancelled: false, elapsedMs: 12, safeFixCount: 2 });
    const row = data.units.find((u) => u.path === unit(report, REPORT_UNITS.consoleApp).path);
    assert.ok(row);
    const tls001 = row.findings.find((f) => f.ruleId === 'TLS001');
    const source = unit(report, REPORT_UNITS.consoleApp).findings.find((f) => f.ruleId === 'TLS001');
    assert.ok(tls001 && source);
    assert.deepEqual([tls001.line, tls001.character, tls001.endLine, tls001.endCharacter], [source.range.start.line, source.range.start.character, source.range.end.line, source.range.end.character]);
    assert.ok(row.evidence.every((e) => typeof e === 'string' && e.length > 0));
    assert.equal(JSON.stringify(JSON.parse(JSON.stringify(data))), JSON.stringify(data), 'plain JSON');
    assert.equal(data.safeFixCount, 2);
  });
});

describe('report: Fix all safe issues', () => {
  it('plans only the safe fixes of rules that declare one (a safe fix of another rule is left out)', () => {
    const plan = planSafeFixes([finding('error', 'TLS001', true), { ...finding('warning', 'TLS022', true), path: '/w/b.cs' }]);
    assert.deepEqual(plan.applied.map((a) => a.finding.ruleId), ['TLS001']);
  });

  it('applies the safe fixes across files, and a re-check turns the verdicts Ready — except where a connection retirement remains', async () => {
    const root = makeReportWorkspace();
    const before = await reportOf(root);
    const plan = planSafeFixes(before.findings);
    assert.ok(plan.applied.length >= 2, 'fixes for the console app and the script');
    assert.ok(plan.applied.every((a) => ruleById(a.finding.ruleId)?.meta.hasSafeFix));
    assert.ok(!plan.applied.some((a) => a.finding.ruleId === 'TLS027'), 'TLS027 is a quick fix only');
    const tls001 = plan.applied.find((a) => a.finding.ruleId === 'TLS001');
    assert.equal(tls001?.fix.title, 'Retarget to .NET Framework 4.8', "TLS001 in bulk retargets to the preferred 4.8 (4.6.2's support ends on 12 January 2027)");
    for (const [path, edits] of plan.edits) {
      const outcome = await writeFileEdits(nodeFileSystem, path, edits, before.texts.get(path), false);
      assert.equal(outcome.status, 'changed', `${relativePath(root, path)} is fixed`);
    }
    assert.match(readFileSync(join(root, 'ConsoleApp', 'ConsoleApp.csproj'), 'utf8'), /<TargetFrameworkVersion>v4\.8<\/TargetFrameworkVersion>\r\n/);
    assert.match(readFileSync(join(root, 'scripts', 'Deploy.ps1'), 'utf8'), /SecurityProtocol.*Tls12[^\n]*\n\$conn = Get-CrmConnection/);
    const after = await reportOf(root);
    for (const u of after.report.units) {
      const left = u.findings.filter((f) => f.severity === 'error' || f.severity === 'warning');
      assert.deepEqual(left.filter((f) => f.ruleId.startsWith('TLS')).map((f) => f.ruleId), [], `${u.name} has no TLS warning or error left after the fixes`);
      assert.equal(u.verdict, left.length === 0 ? 'Ready' : verdictOf(u.findings), `${u.name}: ${u.findings.map((f) => `${f.ruleId} ${f.severity}`).join(', ')}`);
      assert.deepEqual(u.reasons.filter((r) => r.family !== 'connection'), [], `${u.name}: no TLS reason is left`);
    }
    // The script's AuthType=Office365 string (DYN101) has no safe fix: changing how users sign in is reviewed by a person.
    assert.ok(after.report.units.some((u) => u.findings.some((f) => f.ruleId === 'DYN101')), 'the script still signs in with Office365');
    // The console app still builds on CrmServiceClient (ADAL): the connection family has no safe fix, so it stays At risk.
    assert.equal(unit(after.report, REPORT_UNITS.consoleApp).verdict, 'At risk');
    assert.equal(unit(after.report, REPORT_UNITS.modernApp).verdict, 'Ready');
  });
});
