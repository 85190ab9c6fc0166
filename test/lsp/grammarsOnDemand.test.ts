import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { REPO_ROOT } from '../support/engineHarness';
import { TestLspClient } from './lspClient';

const SEVERITY = ['', 'error', 'warning', 'information', 'hint'];

/** What the CLI reports for one file of a folder, as comparable lines (rule, start, severity, message). */
function cliLines(dir: string, file: string): string[] {
  const r = spawnSync(process.execPath, [join(REPO_ROOT, 'dist', 'cli.js'), 'scan', dir, '--format', 'json', '--fail-on', 'none', '--jobs', '1'], { encoding: 'utf8' });
  const json = JSON.parse(r.stdout) as { findings: { ruleId: string; path: string; severity: string; message: string; range: { start: { line: number; character: number } } }[] };
  return json.findings
    .filter((f) => f.path === join(dir, file))
    .map((f) => `${f.ruleId} ${f.range.start.line}:${f.range.start.character} ${f.severity} ${f.message}`)
    .sort();
}

const SCRIPT = '[Net.ServicePointManager]::SecurityProtocol = [Net.SecurityProtocolType]::Tls\r\n$c = Get-CrmConnection -ConnectionString "AuthType=Office365;Url=https://contoso.crm.dynamics.com"\r\n';
const CSHARP = 'using System.Net;\nclass Helper { void M() { ServicePointManager.SecurityProtocol = SecurityProtocolType.Tls; } }\n';

describe('language server: the C# and PowerShell grammars are loaded when first needed', () => {
  let client: TestLspClient;
  let ws: string;
  const uriOf = (name: string): string => pathToFileURL(join(ws, name)).toString();
  const grammarLogs = (): string[] => client.logLines().filter((l) => l.startsWith('grammar '));
  before(async () => {
    ws = mkdtempSync(join(tmpdir(), 'dtls-lsp-grammars-'));
    writeFileSync(join(ws, 'App.csproj'), '<Project ToolsVersion="15.0"><PropertyGroup><OutputType>Exe</OutputType><TargetFrameworkVersion>v4.6.2</TargetFrameworkVersion></PropertyGroup></Project>\n');
    client = TestLspClient.start('stdio');
    await client.initialize(ws);
    await client.waitFor(() => client.logLines().some((l) => l.startsWith('indexed ')), 'the start-up index');
  });
  after(async () => {
    assert.deepEqual(client.logLines().filter((l) => / failed: /.test(l)), [], 'nothing failed in the background');
    assert.equal(await client.stop(), 0);
  });

  it('a workspace of project files only: the start-up index loads neither', () => {
    assert.deepEqual(grammarLogs().filter((l) => !l.startsWith('grammar xml ')), []);
  });

  it('a closed C# file created on disk is read for its facts (the C# grammar is loaded first)', async () => {
    writeFileSync(join(ws, 'Helper.cs'), CSHARP);
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf('Helper.cs'), type: 1 }] });
    await client.waitFor(() => grammarLogs().some((l) => l.startsWith('grammar c_sharp ready')), 'the C# grammar');
    assert.equal(grammarLogs().filter((l) => l.startsWith('grammar powershell ')).length, 0, 'PowerShell is still not loaded');
  });

  it('a script opened and hovered at once: the hover is answered and the diagnostics are the CLI\'s', async () => {
    writeFileSync(join(ws, 'Script.ps1'), SCRIPT);
    const uri = uriOf('Script.ps1');
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'powershell', version: 1, text: SCRIPT } });
    // Sent right behind the open: the document is parsed for the hover, in a grammar nothing had loaded yet.
    const hover = (await client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 30 } })) as { contents: { value: string } } | null;
    assert.ok(hover && hover.contents.value.length > 0, 'the hover of SecurityProtocol is answered');
    const diags = await client.waitForDiagnostics(uri, (d) => d.length > 0);
    const served = diags.map((d) => `${String(d.code)} ${d.range.start.line}:${d.range.start.character} ${SEVERITY[d.severity ?? 0]} ${d.message}`).sort();
    assert.deepEqual(served, cliLines(ws, 'Script.ps1'));
    assert.equal(grammarLogs().filter((l) => l.startsWith('grammar powershell ready')).length, 1);
  });

  it('a C# document opened: its diagnostics are the CLI\'s', async () => {
    const uri = uriOf('Helper.cs');
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'csharp', version: 1, text: CSHARP } });
    const diags = await client.waitForDiagnostics(uri, (d) => d.length > 0);
    const served = diags.map((d) => `${String(d.code)} ${d.range.start.line}:${d.range.start.character} ${SEVERITY[d.severity ?? 0]} ${d.message}`).sort();
    assert.deepEqual(served, cliLines(ws, 'Helper.cs'));
  });
});
