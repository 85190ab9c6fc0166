// The readiness report in a real VS Code: "Check Dynamics TLS readiness" over the fixture solution (a 4.5.2 console
// app, a plug-in, a ready 4.8 app) plus a script and a second legacy app written at test time opens the report with
// the right rows and verdicts, keeps closed files' results in Problems, exports Markdown and SARIF, and "Fix all safe
// issues" (confirmation skipped with the test-only argument) fixes the files so that a re-check turns them Ready.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { CheckWorkspaceResult } from '../../../server/src/lsp/protocol';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FIXTURE_WORKSPACE, activateExtension, closeAllEditors, fixtureUri, ourDiagnostics, restoreFixture, ruleCode, waitFor, waitForDiagnostics } from './helpers';

/** Ready as far as TLS goes: Ready, or not Ready only for the connection family (DYN103's CrmServiceClient is ADAL-based). */
const tlsReady = (u: { verdict: string; why?: string[] }): boolean => u.verdict === 'Ready' || (u.why ?? []).every((w) => w.startsWith('connection:'));


const CONSOLE_PROJECT = 'Contoso.CrmSync/Contoso.CrmSync.csproj';
const CONSOLE_PROGRAM = 'Contoso.CrmSync/Program.cs';
const PLUGIN_PROJECT = 'Contoso.Plugins/Contoso.Plugins.csproj';
const READY_PROJECT = 'Contoso.Reporting/Contoso.Reporting.csproj';
/** Written by this test (and removed after): a PowerShell deploy script and a second 4.5.2 console app. */
const SCRIPT = 'Readiness.Scripts/Deploy.ps1';
const EXPORTER_PROJECT = 'Readiness.Exporter/Readiness.Exporter.csproj';
const EXPORTER_PROGRAM = 'Readiness.Exporter/Program.cs';

const SCRIPT_TEXT =
  'Import-Module Microsoft.Xrm.Data.PowerShell\r\n$conn = Get-CrmConnection -ConnectionString "AuthType=Office365;Url=https://contoso.crm.dynamics.com"\r\nWrite-Host $conn.ConnectedOrgFriendlyName\r\n';
const EXPORTER_PROJECT_TEXT = [
  '<?xml version="1.0" encoding="utf-8"?>',
  '<Project ToolsVersion="15.0" DefaultTargets="Build" xmlns="http://schemas.microsoft.com/developer/msbuild/2003">',
  '  <PropertyGroup>',
  '    <OutputType>Exe</OutputType>',
  '    <TargetFrameworkVersion>v4.5.2</TargetFrameworkVersion>',
  '  </PropertyGroup>',
  '  <ItemGroup>',
  '    <Reference Include="Microsoft.Xrm.Tooling.Connector" />',
  '  </ItemGroup>',
  '  <ItemGroup>',
  '    <Compile Include="Program.cs" />',
  '  </ItemGroup>',
  '</Project>',
  '',
].join('\r\n');
const EXPORTER_PROGRAM_TEXT =
  'using Microsoft.Xrm.Tooling.Connector;\r\n\r\ninternal static class Program\r\n{\r\n    private static void Main()\r\n    {\r\n        var client = new CrmServiceClient("AuthType=OAuth;Url=https://contoso.crm.dynamics.com");\r\n    }\r\n}\r\n';

/** What the test-only command `dynamicsTls.reportState` returns. */
interface ReportState {
  open: boolean;
  html: string | undefined;
  result: CheckWorkspaceResult | undefined;
  status: { text: string; detail: string | undefined };
  checked: string[];
}

type Row = CheckWorkspaceResult['units'][number];

function row(result: CheckWorkspaceResult, rel: string): Row {
  const target = fixtureUri(rel).fsPath.replace(/\\/g, '/').toLowerCase();
  const found = result.units.find((u) => u.path.toLowerCase() === target);
  assert.ok(found, `a row for ${rel}; rows: ${result.units.map((u) => vscode.workspace.asRelativePath(vscode.Uri.file(u.path))).join(', ')}`);
  return found;
}

function rulesOf(r: Row): string[] {
  return r.findings.map((f) => `${f.ruleId}:${f.severity}`).sort();
}

async function writeText(rel: string, text: string): Promise<void> {
  await vscode.workspace.fs.writeFile(fixtureUri(rel), new TextEncoder().encode(text));
}

async function readText(uri: vscode.Uri): Promise<string> {
  return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
}

function reportTabOpen(): boolean {
  return vscode.window.tabGroups.all.some((g) => g.tabs.some((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.includes('dynamicsTls.readinessReport')));
}

describe('readiness report: check, report view, Problems, export, fix all', () => {
  /** Fixture files "Fix all safe issues" changed in the run's copy: restored afterwards. */
  const changedFixtureFiles = new Set<string>([CONSOLE_PROJECT, 'Contoso.CrmSync/App.config']);
  before(async () => {
    await activateExtension();
    await closeAllEditors();
    await restoreFixture(CONSOLE_PROJECT);
    await writeText(SCRIPT, SCRIPT_TEXT);
    await writeText(EXPORTER_PROJECT, EXPORTER_PROJECT_TEXT);
    await writeText(EXPORTER_PROGRAM, EXPORTER_PROGRAM_TEXT);
  });
  after(async () => {
    await closeAllEditors();
    for (const rel of changedFixtureFiles) {
      await restoreFixture(rel);
    }
    for (const folder of ['Readiness.Scripts', 'Readiness.Exporter']) {
      await vscode.workspace.fs.delete(fixtureUri(folder), { recursive: true, useTrash: false });
    }
    await vscode.commands.executeCommand('dynamicsTls.checkWorkspace', { showReport: false });
  });

  it('opens the report with one row per project and script, and the verdicts of docs/facts.md', async () => {
    const result = await vscode.commands.executeCommand<CheckWorkspaceResult | undefined>('dynamicsTls.checkWorkspace');
    assert.ok(result, 'the check returns its result');
    assert.equal(result.cancelled, false);
    const consoleApp = row(result, CONSOLE_PROJECT);
    assert.equal(consoleApp.kind, 'client');
    assert.equal(consoleApp.target, '.NET Framework 4.5.2');
    assert.ok(consoleApp.evidence.length > 0, 'Dynamics evidence is shown');
    assert.equal(consoleApp.verdict, 'Will fail');
    assert.ok(rulesOf(consoleApp).includes('TLS001:error'), rulesOf(consoleApp).join(', '));
    assert.equal(row(result, PLUGIN_PROJECT).kind, 'plugin');
    assert.ok(tlsReady(row(result, PLUGIN_PROJECT)), JSON.stringify(row(result, PLUGIN_PROJECT).why));
    assert.equal(row(result, READY_PROJECT).target, '.NET Framework 4.8');
    assert.ok(tlsReady(row(result, READY_PROJECT)), JSON.stringify(row(result, READY_PROJECT).why));
    const script = row(result, SCRIPT);
    assert.equal(script.kind, 'script');
    assert.equal(script.verdict, 'Will fail');
    assert.ok(rulesOf(script).includes('TLS030:error'), rulesOf(script).join(', '));
    assert.equal(row(result, EXPORTER_PROJECT).verdict, 'Will fail');
    assert.ok(result.safeFixCount >= 3, `${result.safeFixCount} safe fixes`);

    await waitFor('the report view to open', () => reportTabOpen());
    const state = await vscode.commands.executeCommand<ReportState>('dynamicsTls.reportState');
    assert.equal(state.open, true);
    assert.ok(state.html?.includes("default-src 'none'"), 'the view has its CSP');
    for (const name of ['Contoso.CrmSync.csproj', 'Contoso.Plugins.csproj', 'Contoso.Reporting.csproj', 'Deploy.ps1', 'Readiness.Exporter.csproj']) {
      assert.ok(state.html?.includes(name), `the view shows ${name}`);
    }
    assert.ok(state.html?.includes('Outside the code'), 'the view shows the checklist');
    assert.match(state.status.text, /Will fail/, 'the status item shows the verdict');
    assert.match(state.status.detail ?? '', /Last check/);
  });

  it('a finding of the report opens its file with the range selected; checklist ticks are remembered for the workspace', async () => {
    const state = await vscode.commands.executeCommand<ReportState>('dynamicsTls.reportState');
    assert.ok(state.result);
    const unit = state.result.units.findIndex((u) => u.path.toLowerCase().endsWith('/contoso.crmsync/contoso.crmsync.csproj'));
    const finding = state.result.units[unit]?.findings.findIndex((f) => f.ruleId === 'TLS001') ?? -1;
    assert.ok(unit >= 0 && finding >= 0, 'the TLS001 finding is listed under the console app');
    const f = state.result.units[unit]?.findings[finding];
    assert.ok(f);
    await vscode.commands.executeCommand('dynamicsTls.reportMessage', { type: 'open', unit, finding });
    const editor = await waitFor('the project file to open', () => vscode.window.activeTextEditor?.document.uri.path.endsWith('/Contoso.CrmSync.csproj') && vscode.window.activeTextEditor);
    assert.deepEqual(
      [editor.selection.start.line, editor.selection.start.character, editor.selection.end.line, editor.selection.end.character],
      [f.line, f.character, f.endLine, f.endCharacter],
    );
    assert.equal(editor.document.getText(editor.selection), 'v4.5.2');
    await vscode.commands.executeCommand('dynamicsTls.reportMessage', { type: 'open', unit: 999, finding: -1 });
    await vscode.commands.executeCommand('dynamicsTls.reportMessage', { type: 'toggle', id: 'outlook', checked: true });
    await vscode.commands.executeCommand('dynamicsTls.reportMessage', { type: 'toggle', id: 'not-an-item', checked: true });
    await vscode.commands.executeCommand('dynamicsTls.showReport');
    const after = await vscode.commands.executeCommand<ReportState>('dynamicsTls.reportState');
    assert.ok(after.checked.includes('outlook') && !after.checked.includes('not-an-item'), after.checked.join(', '));
    assert.match(after.html ?? '', /data-check="outlook" checked/, 'the re-rendered view shows the tick');
    await vscode.commands.executeCommand('dynamicsTls.reportMessage', { type: 'toggle', id: 'outlook', checked: false });
  });

  it('keeps the results of closed files in Problems, also after a file is opened and closed again', async () => {
    await closeAllEditors();
    const program = fixtureUri(CONSOLE_PROGRAM);
    const script = fixtureUri(SCRIPT);
    assert.ok(!vscode.workspace.textDocuments.some((d) => d.uri.toString() === script.toString()), 'the script was never opened');
    await waitForDiagnostics(script, 'TLS030 of the closed script', (ds) => ds.some((d) => ruleCode(d) === 'TLS030'));
    await waitForDiagnostics(program, 'TLS027 of the closed program', (ds) => ds.some((d) => ruleCode(d) === 'TLS027'));
    const doc = await vscode.workspace.openTextDocument(script);
    await vscode.window.showTextDocument(doc);
    await closeAllEditors();
    await waitForDiagnostics(script, 'TLS030 after closing the script', (ds) => ds.some((d) => ruleCode(d) === 'TLS030'));
    assert.ok(ourDiagnostics(fixtureUri(CONSOLE_PROJECT)).some((d) => ruleCode(d) === 'TLS001'), 'the closed project keeps TLS001');
  });

  it('exports the report to Markdown (rows, findings, checklist) and SARIF 2.1.0 with the CLI\'s formatters', async () => {
    const md = fixtureUri('Readiness.Scripts/report.md');
    const sarif = fixtureUri('Readiness.Scripts/report.sarif');
    assert.equal(await vscode.commands.executeCommand('dynamicsTls.exportReport', { format: 'markdown', target: md.toString() }), md.toString());
    const markdown = await readText(md);
    assert.match(markdown, /^# Dynamics 365 TLS and connection readiness/);
    assert.match(markdown, /\| Contoso\.CrmSync\/Contoso\.CrmSync\.csproj \| client \| \.NET Framework 4\.5\.2 \|.*\| Will fail \|/);
    assert.match(markdown, /## Readiness\.Scripts\/Deploy\.ps1 — Will fail\n\n- \*\*error\*\* \[TLS030\]/);
    assert.match(markdown, /## Outside the code\n\n- \[[ x]\] \*\*Supported browsers\*\*/);
    await vscode.commands.executeCommand('dynamicsTls.exportReport', { format: 'sarif', target: sarif.toString() });
    const log = JSON.parse(await readText(sarif)) as { version: string; runs: { results: { ruleId: string; level: string }[] }[] };
    assert.equal(log.version, '2.1.0');
    const ids = log.runs[0]?.results.map((r) => r.ruleId) ?? [];
    assert.ok(ids.includes('TLS001') && ids.includes('TLS030'), ids.join(', '));
  });

  it('"Fix all safe issues" fixes the files in one edit, and the re-check turns the fixed rows Ready', async () => {
    const outcome = await vscode.commands.executeCommand<{ applied: number; files: string[]; result?: CheckWorkspaceResult }>('dynamicsTls.fixAllSafeIssues', { confirmed: true });
    assert.ok(outcome.applied >= 3, `${outcome.applied} fixes applied`);
    const changed = outcome.files.map((u) => vscode.workspace.asRelativePath(vscode.Uri.parse(u)));
    for (const rel of changed.filter((r) => fs.existsSync(path.join(FIXTURE_WORKSPACE, r)))) {
      changedFixtureFiles.add(rel);
    }
    for (const rel of [CONSOLE_PROJECT, EXPORTER_PROJECT, SCRIPT]) {
      assert.ok(changed.includes(rel), `${rel} is fixed; changed: ${changed.join(', ')}`);
    }
    assert.match(await readText(fixtureUri(CONSOLE_PROJECT)), /<TargetFrameworkVersion>v4\.8<\/TargetFrameworkVersion>/);
    assert.match(await readText(fixtureUri(SCRIPT)), /^Import-Module .*\r\n\[System\.Net\.ServicePointManager\]::SecurityProtocol = \[System\.Net\.SecurityProtocolType\]::Tls12\r\n\$conn = Get-CrmConnection/);
    assert.ok(!vscode.workspace.textDocuments.some((d) => d.isDirty), 'the fixed files are saved');

    const result = outcome.result ?? (await vscode.commands.executeCommand<CheckWorkspaceResult>('dynamicsTls.checkWorkspace'));
    for (const rel of [EXPORTER_PROJECT, PLUGIN_PROJECT, READY_PROJECT]) {
      assert.ok(tlsReady(row(result, rel)), `${rel}: ${rulesOf(row(result, rel)).join(', ')}`);
    }
    // The script's AuthType=Office365 string (DYN101) and its Get-CrmConnection on CrmServiceClient (DYN103) have no safe
    // fix: its row stays Will fail, for the connection only.
    const script = row(result, SCRIPT);
    assert.deepEqual(rulesOf(script).filter((r) => !r.startsWith('DYN')), [], rulesOf(script).join(', '));
    assert.equal(script.verdict, 'Will fail');
    assert.deepEqual(script.why, ['connection: 1 error, 1 warning (DYN101, DYN103)']);
    const consolePath = row(result, CONSOLE_PROJECT).path;
    for (const other of result.units.filter((u) => u.path !== consolePath && u.path !== script.path)) {
      assert.ok(tlsReady(other), `${other.name} is Ready (TLS) after the fixes: ${rulesOf(other).join(', ')}`);
    }
    // The fixture's console app also uses pre-v9 SDK packages (TLS004): a package upgrade is never a safe fix, but a
    // pre-v9 SDK is information (the process, now retargeted, decides the protocol), so the app is Ready.
    const consoleApp = row(result, CONSOLE_PROJECT);
    assert.equal(consoleApp.target, '.NET Framework 4.8');
    assert.ok(consoleApp.findings.every((f) => f.severity === 'information' || f.ruleId.startsWith('DYN')), rulesOf(consoleApp).join(', '));
    assert.ok(tlsReady(consoleApp), JSON.stringify(consoleApp.why));
    await waitFor('Problems to drop TLS030 of the fixed script', () => !ourDiagnostics(fixtureUri(SCRIPT)).some((d) => ruleCode(d) === 'TLS030'));

    // The retarget made App.config's supportedRuntime sku stale (TLS014): a new safe fix the first confirmation did not
    // list, so it waits for a second "Fix all safe issues", after which nothing safe is left.
    const stale = consoleApp.findings.filter((f) => f.ruleId === 'TLS014');
    assert.equal(result.safeFixCount, stale.length, `only the consequences of the retarget are left: ${rulesOf(consoleApp).join(', ')}`);
    if (stale.length > 0) {
      const second = await vscode.commands.executeCommand<{ applied: number; files: string[]; result?: CheckWorkspaceResult }>('dynamicsTls.fixAllSafeIssues', { confirmed: true });
      assert.deepEqual(second.files.map((u) => vscode.workspace.asRelativePath(vscode.Uri.parse(u))), ['Contoso.CrmSync/App.config']);
      assert.equal(second.result?.safeFixCount, 0, 'nothing safe is left to fix');
      await restoreFixture('Contoso.CrmSync/App.config');
    }
    const state = await vscode.commands.executeCommand<ReportState>('dynamicsTls.reportState');
    assert.equal(state.result?.safeFixCount, 0, 'the open report shows the re-check');
  });
});
