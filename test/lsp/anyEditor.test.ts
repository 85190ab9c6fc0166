import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { Diagnostic, ExecuteCommandOptions, InitializeResult } from 'vscode-languageserver-protocol/node';
import type { CheckWorkspaceResult } from '../../server/src/lsp/protocol';
import { REPO_ROOT } from '../support/engineHarness';
import { TestLspClient } from './lspClient';

/** A fresh copy of samples/ (the server may be asked to write fixes). */
function samplesCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'dtls-any-editor-'));
  cpSync(join(REPO_ROOT, 'samples'), dir, { recursive: true });
  return dir;
}

const codes = (d: readonly Diagnostic[]): string[] => d.map((x) => `${String(x.code)}@${x.range.start.line}:${x.range.start.character}`).sort();

describe('language server for any editor: a Neovim 0.7-like client (no configuration pull, showDocument, progress or dynamic registration)', () => {
  let client: TestLspClient;
  let ws: string;
  const uri = (rel: string): string => pathToFileURL(join(ws, rel)).toString();
  let version = 1;
  const open = async (rel: string, languageId = 'xml'): Promise<void> => {
    const text = readFileSync(join(ws, rel), 'utf8');
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: uri(rel), languageId, version: version++, text } });
  };

  let init: InitializeResult;

  before(async () => {
    ws = samplesCopy();
    client = TestLspClient.start('stdio');
    init = await client.initialize(ws, 'neovim', { dynamicsTls: { rules: { TLS002: 'off' } } });
    // Opened at once, before the start-up index can be ready (failure 5 of issue 22).
    await open('ContosoCrmSync/ContosoCrmSync.csproj');
  });
  after(async () => {
    assert.equal(await client.stop(), 0);
  });

  it('a document opened before the index is ready never shows what the index rules out (no flicker)', async () => {
    const projUri = uri('ContosoCrmSync/ContosoCrmSync.csproj');
    await client.waitFor(() => client.logLines().some((l) => /^indexed \d+ project/.test(l)), 'the start-up index');
    const final = await client.waitForDiagnostics(projUri, (d) => d.some((x) => x.code === 'TLS001'));
    await new Promise((resolve) => setTimeout(resolve, 300));
    const seen = client.publications.filter((p) => p.uri === projUri).map((p) => codes(p.diagnostics));
    assert.ok(seen.length >= 1);
    for (const published of seen) {
      assert.deepEqual(published, codes(final), 'every publication equals the final one: no TLS004 that vanishes once indexed');
    }
    assert.ok(!final.some((d) => d.code === 'TLS004'), 'the packages.config project has its TLS004 on packages.config, not on the HintPaths');
  });

  it('runs "Show documentation for TLS011" itself, with a message carrying the link (no showDocument)', async () => {
    assert.deepEqual((init.capabilities.executeCommandProvider as ExecuteCommandOptions | undefined)?.commands, [
      'dynamicsTls.showRuleDocs',
      'dynamicsTls.checkWorkspace',
      'dynamicsTls.fixAll',
    ]);
    const result = (await client.connection.sendRequest('workspace/executeCommand', { command: 'dynamicsTls.showRuleDocs', arguments: ['TLS011'] })) as {
      uri: string;
      shownWith: string;
    };
    assert.equal(result.shownWith, 'showMessage');
    assert.equal(result.uri, pathToFileURL(join(REPO_ROOT, 'docs', 'rules', 'TLS011.md')).toString(), 'the page packaged beside the server');
    const message = await client.waitFor(
      () => client.notifications.find((n) => n.method === 'window/showMessage' && (n.params as { message: string }).message.includes('TLS011')),
      'the docs message',
    );
    assert.match((message.params as { message: string }).message, /docs\/rules\/TLS011\.md/);
    await assert.rejects(client.connection.sendRequest('workspace/executeCommand', { command: 'dynamicsTls.showRuleDocs', arguments: ['TLS99'] }), /no rule "TLS99"/);
  });

  it('answers the workspace check with params omitted, as [] (a Lua {}), and as a command without progress', async () => {
    const omitted = (await client.connection.sendRequest('dynamicsTls/checkWorkspace')) as CheckWorkspaceResult;
    const asArray = (await client.connection.sendRequest('dynamicsTls/checkWorkspace', [])) as CheckWorkspaceResult;
    const command = (await client.connection.sendRequest('workspace/executeCommand', { command: 'dynamicsTls.checkWorkspace', arguments: [] })) as CheckWorkspaceResult;
    for (const r of [omitted, asArray, command]) {
      assert.equal(r.units.filter((u) => u.kind !== 'script' && u.path.endsWith('proj')).length, 3, 'the three sample projects');
      assert.equal(r.cancelled, false);
    }
    assert.equal(command.totals.error, omitted.totals.error);
  });

  it('takes settings from initializationOptions and from didChangeConfiguration pushes, logging an invalid value once', async () => {
    await open('ContosoPlugins/ContosoPlugins.csproj');
    const plugins = uri('ContosoPlugins/ContosoPlugins.csproj');
    const crm = uri('ContosoCrmSync/ContosoCrmSync.csproj');
    const initial = await client.waitForDiagnostics(plugins, (d) => d.some((x) => x.code === 'TLS004'), 'TLS004 on the plug-in project');
    assert.ok(!initial.some((d) => d.code === 'TLS002'), 'TLS002 is off through initializationOptions');
    assert.ok(client.diagnostics.get(crm)?.diagnostics.some((d) => d.code === 'TLS003'));
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: { dynamicsTls: { rules: { TLS003: 'off', TLS001: 'loud' } } } });
    await client.waitForDiagnostics(crm, (d) => !d.some((x) => x.code === 'TLS003') && d.some((x) => x.code === 'TLS001'), 'TLS003 off after the push');
    await client.waitForDiagnostics(plugins, (d) => d.some((x) => x.code === 'TLS002'), 'TLS002 back: a push replaces the initial settings');
    // The section itself is accepted too.
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: { rules: { TLS001: 'off', TLS003: 'loud' } } });
    await client.waitForDiagnostics(crm, (d) => !d.some((x) => x.code === 'TLS001') && d.some((x) => x.code === 'TLS003'), 'TLS001 off');
    const complaints = client.logLines().filter((l) => l.includes('dynamicsTls.rules.TLS001') && l.includes('"loud"'));
    assert.equal(complaints.length, 1, `one log line for the invalid value, got ${complaints.length}`);
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: { dynamicsTls: {} } });
    await client.waitForDiagnostics(crm, (d) => d.some((x) => x.code === 'TLS001') && d.some((x) => x.code === 'TLS003'), 'defaults back');
  });

  it('indexes and checks a workspace folder added later; forgets a removed one with its diagnostics', async () => {
    const extra = samplesCopy();
    const extraUri = pathToFileURL(extra).toString();
    await client.connection.sendNotification('workspace/didChangeWorkspaceFolders', { event: { added: [{ uri: extraUri, name: 'extra' }], removed: [] } });
    await client.waitFor(() => client.logLines().some((l) => l.startsWith('workspace folders:') && l.includes(extra)), 'the folder change');
    const both = (await client.connection.sendRequest('dynamicsTls/checkWorkspace', {})) as CheckWorkspaceResult;
    assert.ok(both.units.some((u) => u.path.startsWith(extra)), 'the added folder is checked');
    assert.ok(both.units.some((u) => u.path.startsWith(ws)), 'the first folder still is');
    const extraPackages = pathToFileURL(join(extra, 'ContosoCrmSync', 'packages.config')).toString();
    assert.ok(client.diagnostics.get(extraPackages)?.diagnostics.length, 'its closed files have diagnostics');
    await client.connection.sendNotification('workspace/didChangeWorkspaceFolders', { event: { added: [], removed: [{ uri: extraUri, name: 'extra' }] } });
    await client.waitForDiagnostics(extraPackages, (d) => d.length === 0, 'diagnostics of the removed folder cleared');
    const after = (await client.connection.sendRequest('dynamicsTls/checkWorkspace', {})) as CheckWorkspaceResult;
    assert.ok(!after.units.some((u) => u.path.startsWith(extra)), 'the removed folder is no longer checked');
  });

  it('hovers decode PowerShell sets, config switches and .reg values like C#', async () => {
    const hover = async (rel: string, languageId: string, text: string, needle: string): Promise<string> => {
      await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: uri(rel), languageId, version: version++, text } });
      const lines = text.slice(0, text.indexOf(needle) + 1).split(/\r\n|\n/);
      const position = { line: lines.length - 1, character: (lines[lines.length - 1] ?? '').length };
      const result = (await client.connection.sendRequest('textDocument/hover', { textDocument: { uri: uri(rel) }, position })) as { contents: { value: string } } | null;
      assert.ok(result, `a hover on ${needle} in ${rel}`);
      return result.contents.value;
    };
    const script = '[Net.ServicePointManager]::SecurityProtocol = [Net.SecurityProtocolType]::Tls11 -bor [Net.SecurityProtocolType]::Tls12\n$legacy = [Net.SecurityProtocolType]::Tls11\n';
    const bor = await hover('scripts/Tls.ps1', 'powershell', script, '-bor');
    assert.match(bor, /`Tls11, Tls12` \(3840\)/);
    assert.match(bor, /After this line/);
    assert.match(bor, /Dynamics 365 online\*\* accepted/);
    const member = await hover('scripts/Tls.ps1', 'powershell', script, 'Tls11\n');
    assert.match(member, /`Tls11` \(768\)/);
    assert.match(member, /refused: no TLS 1\.2/);
    const config = readFileSync(join(ws, 'ContosoPortal', 'Web.config'), 'utf8');
    const switchHover = await hover('ContosoPortal/Web.config', 'xml', config, 'DontEnableSystemDefaultTlsVersions');
    assert.match(switchHover, /Switch\.System\.Net\.DontEnableSystemDefaultTlsVersions\*\* = `true`: stops \.NET Framework from letting the OS choose/);
    assert.match(switchHover, /4\.7 and later/);
    assert.match(switchHover, /\*\*Applied\*\*/);
    const reg = readFileSync(join(ws, 'registry', 'EnableStrongCrypto.reg')).toString('utf16le').replace(/^\uFEFF/, '');
    const regHover = await hover('registry/EnableStrongCrypto.reg', 'reg', reg, 'SchUseStrongCrypto"=');
    assert.match(regHover, /SchUseStrongCrypto\*\* `dword:00000001`/);
    assert.match(regHover, /strong cryptography on/);
    assert.match(regHover, /64-bit \.NET Framework 4\.x apps/);
  });

  it('applies "fix all" through workspace/applyEdit and never asks for registrations or progress', async () => {
    const crm = uri('ContosoCrmSync/ContosoCrmSync.csproj');
    const result = (await client.connection.sendRequest('workspace/executeCommand', { command: 'dynamicsTls.fixAll', arguments: [crm] })) as { count: number; applied: boolean };
    assert.deepEqual(result, { count: 2, applied: true });
    const edit = client.serverRequests.find((r) => r.method === 'workspace/applyEdit')?.params as { edit: { changes: Record<string, unknown[]> } };
    assert.deepEqual(Object.keys(edit.edit.changes), [crm]);
    const asked = client.serverRequests.map((r) => r.method).filter((m) => m !== 'workspace/applyEdit');
    assert.deepEqual(asked, [], 'no client/registerCapability, no window/workDoneProgress/create');
  });
});

describe('language server for any editor: a client with showDocument and progress', () => {
  it('opens the rule page with window/showDocument and reports the check through workDoneProgress', async () => {
    const ws = samplesCopy();
    const client = TestLspClient.start('stdio');
    await client.initialize(ws, 'vscode-no-configuration');
    const result = (await client.connection.sendRequest('workspace/executeCommand', { command: 'dynamicsTls.showRuleDocs', arguments: ['tls001'] })) as { shownWith: string };
    assert.equal(result.shownWith, 'showDocument');
    const shown = client.serverRequests.find((r) => r.method === 'window/showDocument')?.params as { uri: string };
    assert.match(shown.uri, /^file:.*\/docs\/rules\/TLS001\.md$/);
    await client.connection.sendRequest('workspace/executeCommand', { command: 'dynamicsTls.checkWorkspace', arguments: [{}] });
    assert.ok(client.serverRequests.some((r) => r.method === 'window/workDoneProgress/create'));
    const kinds = client.notifications.filter((n) => n.method === '$/progress').map((n) => (n.params as { value: { kind: string } }).value.kind);
    assert.equal(kinds[0], 'begin');
    assert.equal(kinds[kinds.length - 1], 'end');
    assert.equal(await client.stop(), 0);
  });
});
