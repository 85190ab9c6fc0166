// PowerShell in a real VS Code: a script that calls Get-CrmConnection before enabling TLS 1.2 shows TLS030, the quick fix
// "Add TLS 1.2 before Get-CrmConnection" inserts the KB line before the call (same indentation and line ending), the
// diagnostic goes away, and a save keeps the file's BOM and CRLF line endings.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import {
  activateExtension,
  applyCodeAction,
  closeAllEditors,
  findCodeAction,
  openFixture,
  pristineBytes,
  readWorkspaceFile,
  restoreFixture,
  waitForNoRule,
  waitForRule,
} from './helpers';

const SCRIPT = 'scripts/Deploy-Solution.ps1';
const KB_LINE = '[System.Net.ServicePointManager]::SecurityProtocol = [System.Net.SecurityProtocolType]::Tls12';
const FIX_TITLE = 'Add TLS 1.2 before Get-CrmConnection';

describe('PowerShell: TLS 1.2 before Get-CrmConnection (TLS030)', () => {
  before(async () => {
    await activateExtension();
  });

  after(async () => {
    await restoreFixture(SCRIPT);
    await closeAllEditors();
  });

  it('shows TLS030 on the Get-CrmConnection statement; the quick fix adds the KB line before it and the error goes away', async () => {
    const { uri, doc } = await openFixture(SCRIPT);
    const diagnostic = await waitForRule(uri, 'TLS030');
    assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Error, 'the URL is a Dynamics 365 online host: error');
    assert.equal(diagnostic.range.start.line, 4);
    assert.match(doc.lineAt(diagnostic.range.start.line).text, /^\$conn = Get-CrmConnection /);

    const action = await findCodeAction(uri, diagnostic.range, FIX_TITLE);
    await applyCodeAction(action);
    await waitForNoRule(uri, 'TLS030');

    assert.equal(doc.lineAt(4).text, KB_LINE, 'the KB line sits on its own line before the call');
    assert.match(doc.lineAt(5).text, /^\$conn = Get-CrmConnection /);
    assert.equal(doc.eol, vscode.EndOfLine.CRLF, 'the document keeps CRLF line endings');

    assert.ok(await doc.save(), 'the fixed script saves');
    const bytes = await readWorkspaceFile(SCRIPT);
    const pristine = pristineBytes(SCRIPT);
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'the UTF-8 BOM stays');
    const expected = pristine.toString('utf8').replace('$conn = Get-CrmConnection', `${KB_LINE}\r\n$conn = Get-CrmConnection`);
    assert.equal(bytes.toString('utf8'), expected, 'only the KB line and its CRLF were added');
  });
});
