// Project fixes in a real VS Code: the VS 2015 hosting-process note (TLS003) with its "Disable the Visual Studio
// hosting process" quick fix, the 4.6.2 retarget offered beside the preferred 4.8 one, dynamicsTls.retargetTo choosing the
// preferred one, and TLS002 (silent on a 4.6.2 plug-in).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { applyCodeAction, codeActionsAt, findCodeAction, openFixture, ourDiagnostics, pristineBytes, pristineText, restoreFixture, usePristineFixture, waitFor, waitForNoRule, waitForRule, withSettings } from './helpers';

const CONSOLE_PROJECT = 'Contoso.CrmSync/Contoso.CrmSync.csproj';
const PLUGIN_PROJECT = 'Contoso.Plugins/Contoso.Plugins.csproj';
const DISABLE_HOSTING = 'Disable the Visual Studio hosting process';
const HOSTING_LINE = '<UseVSHostingProcess>false</UseVSHostingProcess>';

describe('project fixes: hosting process and retargets in a real VS Code', () => {
  // Every test starts from the pristine project, whatever the one before it did.
  usePristineFixture(CONSOLE_PROJECT);

  it('TLS003 sits on the Debug PropertyGroup of the VS 2015 console project as information', async () => {
    const { uri, doc } = await openFixture(CONSOLE_PROJECT);
    const d = await waitForRule(uri, 'TLS003');
    assert.equal(d.severity, vscode.DiagnosticSeverity.Information);
    assert.match(doc.lineAt(d.range.start.line).text, /<PropertyGroup Condition=".*Debug\|AnyCPU/);
    assert.match(d.message, /vshost\.exe/);
    assert.match(d.message, /Visual Studio 2017 and later are not affected/);
  });

  it('"Disable the Visual Studio hosting process" inserts one line with the siblings\' indentation and CRLF; the note goes away', async () => {
    const { uri, doc } = await openFixture(CONSOLE_PROJECT);
    const d = await waitForRule(uri, 'TLS003');
    const before = doc.getText();
    await applyCodeAction(await findCodeAction(uri, d.range, DISABLE_HOSTING));
    await waitForNoRule(uri, 'TLS003');
    const after = doc.getText();
    assert.equal(after.split(HOSTING_LINE).length - 1, 1, 'exactly one UseVSHostingProcess element');
    const inserted = after.replace(`\r\n    ${HOSTING_LINE}`, '');
    assert.equal(inserted, before, 'nothing but the new line changed');
    assert.ok(await doc.save(), 'the project saves');
    const onDisk = Buffer.from(await vscode.workspace.fs.readFile(uri));
    assert.deepEqual([...onDisk.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'the BOM stays');
    assert.ok(!/(^|[^\r])\n/.test(onDisk.toString('utf8')), 'every line ending stays CRLF');
    assert.notDeepEqual(onDisk, pristineBytes(CONSOLE_PROJECT));
  });

  it('TLS001 offers the 4.6.2 retarget beside the preferred 4.8 one, and 4.6.2 rewrites only the version', async () => {
    const { uri, doc } = await openFixture(CONSOLE_PROJECT);
    const d = await waitForRule(uri, 'TLS001');
    assert.match(d.message, /retarget to \.NET Framework 4\.8 \(4\.6\.2's support ends on 12 January 2027\)/);
    const actions = await codeActionsAt(uri, d.range, vscode.CodeActionKind.QuickFix);
    const titles = actions.map((a) => a.title);
    assert.deepEqual(titles.filter((t) => /^Retarget/.test(t)), ['Retarget to .NET Framework 4.8', 'Retarget to .NET Framework 4.6.2'], JSON.stringify(titles));
    assert.equal(actions.find((a) => a.title === 'Retarget to .NET Framework 4.6.2')?.isPreferred ?? false, false, '4.6.2 is a quick fix only');
    const before = doc.getText();
    await applyCodeAction(await findCodeAction(uri, d.range, 'Retarget to .NET Framework 4.6.2'));
    await waitForNoRule(uri, 'TLS001');
    assert.equal(doc.getText(), before.replace('>v4.5.2<', '>v4.6.2<'));
  });

  it('dynamicsTls.retargetTo "4.6.2" makes 4.6.2 the preferred retarget and the message says so; 4.8 stays offered', async () => {
    const { uri } = await openFixture(CONSOLE_PROJECT);
    await waitForRule(uri, 'TLS001');
    await withSettings({ 'dynamicsTls.retargetTo': '4.6.2' }, async () => {
      const d = await waitFor('TLS001 to name 4.6.2 as the retarget', () => ourDiagnostics(uri, 'TLS001').find((x) => /retarget to \.NET Framework 4\.6\.2 \(the KB's minimum/.test(x.message)));
      const actions = await codeActionsAt(uri, d.range, vscode.CodeActionKind.QuickFix);
      assert.deepEqual(actions.filter((a) => /^Retarget/.test(a.title)).map((a) => [a.title, a.isPreferred ?? false]), [
        ['Retarget to .NET Framework 4.6.2', true],
        ['Retarget to .NET Framework 4.8', false],
      ]);
    });
    await waitFor('TLS001 to name 4.8 again once the setting is gone', () => ourDiagnostics(uri, 'TLS001').some((x) => /retarget to \.NET Framework 4\.8 /.test(x.message)));
  });

  it('a plug-in project on 4.6.2 gets nothing; moved to 4.8 it gets the TLS002 warning, whose 4.6.2 retarget silences it again', async () => {
    const { uri, doc } = await openFixture(PLUGIN_PROJECT);
    try {
      const edit = new vscode.WorkspaceEdit();
      const at = doc.getText().indexOf('>v4.6.2<') + 1;
      edit.replace(uri, new vscode.Range(doc.positionAt(at), doc.positionAt(at + 'v4.6.2'.length)), 'v4.8');
      assert.ok(await vscode.workspace.applyEdit(edit));
      const d = await waitForRule(uri, 'TLS002');
      assert.equal(d.severity, vscode.DiagnosticSeverity.Warning);
      assert.equal(ourDiagnostics(uri, 'TLS001').length, 0, 'a plug-in gets no client retarget');
      await applyCodeAction(await findCodeAction(uri, d.range, 'Retarget to .NET Framework 4.6.2'));
      await waitForNoRule(uri, 'TLS002');
      assert.equal(doc.getText(), pristineText(PLUGIN_PROJECT), 'back to the pristine 4.6.2 project, where a plug-in is silent');
      assert.equal(ourDiagnostics(uri, 'TLS001').length, 0);
    } finally {
      await restoreFixture(PLUGIN_PROJECT);
    }
  });
});
