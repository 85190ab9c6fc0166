// Machines in the readiness report, in a real VS Code: a registry export of a server put into the workspace (UTF-16LE
// with a BOM, as `reg export` writes it) gets a row in the report's Machines section with its Windows, .NET Framework
// and verdict, while a settings .reg file is not taken for a machine. The files are written here and removed after.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { CheckWorkspaceResult } from '../../../server/src/lsp/protocol';
import { FIXTURE_WORKSPACE, activateExtension, closeAllEditors, fixtureUri, waitFor } from './helpers';

const EXPORT = 'Machines.Exports/app01.reg';
const SETTINGS = 'Machines.Exports/enable-tls12.reg';

describe('readiness report: a row per machine export', () => {
  before(async () => {
    await activateExtension();
    const bytes = fs.readFileSync(path.resolve(FIXTURE_WORKSPACE, '..', '..', 'machine', 'server2012r2-net452.reg'));
    await vscode.workspace.fs.writeFile(fixtureUri(EXPORT), bytes);
    const advisory = 'Windows Registry Editor Version 5.00\r\n\r\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\.NETFramework\\v4.0.30319]\r\n"SchUseStrongCrypto"=dword:00000001\r\n"SystemDefaultTlsVersions"=dword:00000001\r\n';
    await vscode.workspace.fs.writeFile(fixtureUri(SETTINGS), Buffer.from(advisory, 'utf8'));
  });

  after(async () => {
    await vscode.workspace.fs.delete(fixtureUri(path.dirname(EXPORT)), { recursive: true });
    await closeAllEditors();
  });

  it('the check returns the machine and the report view shows it in the Machines section', async () => {
    const result = await vscode.commands.executeCommand<CheckWorkspaceResult>('dynamicsTls.checkWorkspace');
    const machines = (result.machines ?? []).map((m) => [vscode.workspace.asRelativePath(vscode.Uri.file(m.path)), m.windows, m.netFramework, m.verdict]);
    assert.deepEqual(machines, [[EXPORT, 'Windows Server 2012 R2 Standard (build 9600)', '4.5.2', 'Will fail']]);
    const state = await waitFor('the report view with its Machines section', async () => {
      const s = await vscode.commands.executeCommand<{ open: boolean; html: string | undefined }>('dynamicsTls.reportState');
      return s.open && s.html?.includes('Machines (1 registry export)') ? s : undefined;
    });
    assert.ok(state.html?.includes('Windows Server 2012 R2 Standard (build 9600)'));
    assert.ok(state.html?.includes('.NET Framework apps built for 4.5.2 or earlier: Will fail'));
  });
});
