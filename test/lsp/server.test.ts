import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { CodeAction, DiagnosticSeverity, TextEdit } from 'vscode-languageserver-protocol/node';
import { applyTextEdits } from '../../server/src/engine/text/edits';
import { TestLspClient } from './lspClient';

const CSPROJ = `<?xml version="1.0" encoding="utf-8"?>\r
<Project ToolsVersion="15.0" xmlns="http://schemas.microsoft.com/developer/msbuild/2003">\r
  <PropertyGroup>\r
    <OutputType>Exe</OutputType>\r
    <TargetFrameworkVersion>v4.5.2</TargetFrameworkVersion>\r
  </PropertyGroup>\r
  <ItemGroup>\r
    <Reference Include="Microsoft.Xrm.Tooling.Connector" />\r
  </ItemGroup>\r
</Project>\r
`;

/** The App.config beside it: a Dynamics online connection string, the connection evidence that makes TLS001 an error. */
const APP_CONFIG = `<?xml version="1.0" encoding="utf-8"?>\r
<configuration>\r
  <connectionStrings>\r
    <add name="Crm" connectionString="AuthType=OAuth;Url=https://contoso.crm.dynamics.com;AppId=x" />\r
  </connectionStrings>\r
</configuration>\r
`;

function workspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'dtls-lsp-'));
  mkdirSync(join(dir, 'App'));
  writeFileSync(join(dir, 'App', 'App.csproj'), CSPROJ);
  writeFileSync(join(dir, 'App', 'App.config'), APP_CONFIG);
  return dir;
}

describe('language server over stdio (tls-readiness lsp --stdio)', () => {
  let client: TestLspClient;
  let ws: string;
  let projUri: string;
  before(async () => {
    ws = workspace();
    projUri = pathToFileURL(join(ws, 'App', 'App.csproj')).toString();
    client = TestLspClient.start('stdio');
    const init = await client.initialize(ws);
    assert.equal(typeof init.capabilities.textDocumentSync, 'object');
    assert.equal((init.capabilities.textDocumentSync as { change: number }).change, 2, 'incremental sync');
    assert.ok(init.capabilities.codeActionProvider, 'code actions');
  });
  after(async () => {
    assert.equal(await client.stop(), 0, 'the server exits with 0 after shutdown + exit');
  });

  it('publishes TLS001 with source, code, docs link and the range of the version text', async () => {
    await client.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri: projUri, languageId: 'xml', version: 1, text: CSPROJ },
    });
    const diags = await client.waitForDiagnostics(projUri, (d) => d.some((x) => x.code === 'TLS001'));
    const d = diags.find((x) => x.code === 'TLS001');
    assert.ok(d);
    assert.equal(d.source, 'Dynamics TLS');
    assert.equal(d.severity, DiagnosticSeverity.Error);
    assert.match(d.codeDescription?.href ?? '', /\/docs\/rules\/TLS001\.md$/);
    assert.deepEqual(d.range, { start: { line: 4, character: 28 }, end: { line: 4, character: 34 } });
  });

  it('applies incremental changes: editing the version clears the diagnostic, undoing brings it back', async () => {
    await client.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri: projUri, version: 2 },
      contentChanges: [{ range: { start: { line: 4, character: 31 }, end: { line: 4, character: 32 } }, text: '6' }],
    });
    await client.waitForDiagnostics(projUri, (d) => !d.some((x) => x.code === 'TLS001'), 'TLS001 gone');
    await client.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri: projUri, version: 3 },
      contentChanges: [{ range: { start: { line: 4, character: 31 }, end: { line: 4, character: 32 } }, text: '5' }],
    });
    await client.waitForDiagnostics(projUri, (d) => d.some((x) => x.code === 'TLS001'), 'TLS001 back');
  });

  it('offers the retarget quick fixes; the preferred one rewrites only the version text', async () => {
    const diags = client.diagnostics.get(projUri)?.diagnostics ?? [];
    const d = diags.find((x) => x.code === 'TLS001');
    assert.ok(d);
    const actions = (await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri: projUri },
      range: d.range,
      context: { diagnostics: [d], only: ['quickfix'] },
    })) as CodeAction[];
    const titles = actions.map((a) => a.title);
    assert.ok(titles.includes('Retarget to .NET Framework 4.6.2'), titles.join(', '));
    assert.ok(titles.includes('Retarget to .NET Framework 4.8'), titles.join(', '));
    const preferred = actions.find((a) => a.isPreferred);
    assert.equal(preferred?.title, 'Retarget to .NET Framework 4.8');
    const edits = (preferred?.edit?.changes?.[projUri] ?? []) as TextEdit[];
    const fixed = applyTextEdits(CSPROJ, edits);
    assert.equal(fixed, CSPROJ.replace('v4.5.2', 'v4.8'));
  });

  it('answers source.fixAll.dynamicsTls with the safe fixes of the file', async () => {
    const actions = (await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri: projUri },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], only: ['source.fixAll.dynamicsTls'] },
    })) as CodeAction[];
    assert.equal(actions.length, 1);
    const edits = (actions[0]?.edit?.changes?.[projUri] ?? []) as TextEdit[];
    assert.equal(applyTextEdits(CSPROJ, edits), CSPROJ.replace('v4.5.2', 'v4.8'));
  });

  it('reads settings per resource: a severity override and "off" change the published diagnostics', async () => {
    client.settings[''] = { rules: { TLS001: 'warning' } };
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await client.waitForDiagnostics(projUri, (d) => d.some((x) => x.code === 'TLS001' && x.severity === DiagnosticSeverity.Warning), 'warning');
    client.settings[''] = { rules: { TLS001: 'off' } };
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    // The project's other finding (DYN103: XrmTooling is built on ADAL) stays; TLS001 is gone.
    await client.waitForDiagnostics(projUri, (d) => !d.some((x) => x.code === 'TLS001') && d.some((x) => x.code === 'DYN103'), 'no TLS001');
    client.settings[''] = {};
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await client.waitForDiagnostics(projUri, (d) => d.some((x) => x.code === 'TLS001' && x.severity === DiagnosticSeverity.Error), 'error again');
  });

  it('clears the diagnostics of a closed file that no workspace check covered', async () => {
    await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri: projUri } });
    await client.waitForDiagnostics(projUri, (d) => d.length === 0, 'cleared on close');
  });

  it('runs the workspace check: rows, verdicts, and diagnostics for closed files', async () => {
    const result = (await client.connection.sendRequest('dynamicsTls/checkWorkspace', { folders: [pathToFileURL(ws).toString()] })) as {
      units: { name: string; verdict: string }[];
      files: number;
      cancelled: boolean;
    };
    assert.equal(result.cancelled, false);
    assert.deepEqual(result.units.map((u) => [u.name, u.verdict]), [['App.csproj', 'Will fail']]);
    await client.waitForDiagnostics(projUri, (d) => d.some((x) => x.code === 'TLS001'), 'check results for the closed file');
    assert.equal(readFileSync(join(ws, 'App', 'App.csproj'), 'utf8'), CSPROJ, 'the check writes nothing');
  });
});

describe('language server over IPC (as the extension starts it)', () => {
  it('initializes, publishes diagnostics, and exits cleanly', async () => {
    const ws = workspace();
    const client = TestLspClient.start('ipc');
    await client.initialize(ws, 'vscode-no-configuration');
    const uri = pathToFileURL(join(ws, 'App', 'App.csproj')).toString();
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'xml', version: 1, text: CSPROJ } });
    await client.waitForDiagnostics(uri, (d) => d.some((x) => x.code === 'TLS001'));
    assert.equal(await client.stop(), 0);
  });
});
