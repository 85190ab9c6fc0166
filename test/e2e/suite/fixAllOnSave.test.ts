// Editor conventions in a real VS Code: fix all on save (editor.codeActionsOnSave with source.fixAll.dynamicsTls),
// the "Fix all TLS issues in this file" command, the suppression quick fix, the offline documentation action and the walkthrough.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import {
  applyCodeAction,
  findCodeAction,
  openFixture,
  ourDiagnostics,
  pristineText,
  readWorkspaceFile,
  ruleCode,
  usePristineFixture,
  waitFor,
  waitForNoRule,
  waitForRule,
  withSettings,
} from './helpers';

const CONSOLE_PROJECT = 'Contoso.CrmSync/Contoso.CrmSync.csproj';
const FIX_ON_SAVE = { 'editor.codeActionsOnSave': { 'source.fixAll.dynamicsTls': 'explicit' } };

/** True when every line break of a text is CRLF (the fixture is written like Visual Studio writes it). */
function allCrlf(text: string): boolean {
  return !/(^|[^\r])\n/.test(text);
}

describe('editor conventions: fix all on save, fix-all command, suppression, docs', () => {
  // Every test starts from the pristine project, whatever the one before it did.
  usePristineFixture(CONSOLE_PROJECT);

  it('saving with source.fixAll.dynamicsTls on save applies the safe fixes and keeps BOM and CRLF', async () => {
    const { uri, doc, editor } = await openFixture(CONSOLE_PROJECT);
    await waitForRule(uri, 'TLS001');
    await withSettings(FIX_ON_SAVE, async () => {
      // An ordinary edit (still a legacy target) makes the document dirty; the save runs the fix-all action.
      await editor.edit((b) => b.replace(rangeOf(doc, 'v4.5.2'), 'v4.5.1'));
      await waitForRule(uri, 'TLS001');
      await vscode.window.showTextDocument(doc);
      await vscode.commands.executeCommand('workbench.action.files.save');
      await waitFor('the save to finish', () => !doc.isDirty);
    });
    assert.match(doc.getText(), /<TargetFrameworkVersion>v4\.8<\/TargetFrameworkVersion>/, 'the preferred retarget to 4.8 was applied on save');
    const onDisk = await readWorkspaceFile(CONSOLE_PROJECT);
    assert.deepEqual([...onDisk.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'the BOM is kept');
    const saved = onDisk.toString('utf8').replace(/^\uFEFF/, '');
    assert.equal(saved, doc.getText(), 'what was saved is the fixed text');
    assert.ok(allCrlf(saved), 'line endings stay CRLF');
    await waitForNoRule(uri, 'TLS001');
    const pristineLines = pristineText(CONSOLE_PROJECT).split('\r\n').filter((l) => !l.includes('<TargetFrameworkVersion>'));
    const savedLines = new Set(saved.split('\r\n'));
    assert.deepEqual(pristineLines.filter((l) => !savedLines.has(l)), [], 'every other line of the project is kept');
  });

  it('without the setting, saving changes nothing but the edit', async () => {
    const { uri, doc, editor } = await openFixture(CONSOLE_PROJECT);
    await waitForRule(uri, 'TLS001');
    await editor.edit((b) => b.replace(rangeOf(doc, 'v4.5.2'), 'v4.5.1'));
    await vscode.commands.executeCommand('workbench.action.files.save');
    await waitFor('the save to finish', () => !doc.isDirty);
    assert.equal(doc.getText(), pristineText(CONSOLE_PROJECT).replace('v4.5.2', 'v4.5.1'));
  });

  it('"Fix all TLS issues in this file" applies every safe fix of the active file', async () => {
    const { uri, doc } = await openFixture(CONSOLE_PROJECT);
    await waitForRule(uri, 'TLS001');
    const edited = await vscode.commands.executeCommand<number>('dynamicsTls.fixAllInFile');
    assert.equal(edited, 1, 'one file was edited');
    assert.match(doc.getText(), /<TargetFrameworkVersion>v4\.8<\/TargetFrameworkVersion>/, 'the preferred retarget, 4.8');
    await waitForNoRule(uri, 'TLS001');
  });

  it('"Suppress TLS001 on this line" inserts the XML comment with the line\'s indentation and CRLF', async () => {
    const { uri, doc } = await openFixture(CONSOLE_PROJECT);
    const d = await waitForRule(uri, 'TLS001');
    const line = d.range.start.line;
    await applyCodeAction(await findCodeAction(uri, d.range, 'Suppress TLS001 on this line'));
    assert.equal(doc.lineAt(line).text, '    <!-- tls-readiness-disable-next-line TLS001 -->');
    assert.ok(allCrlf(doc.getText()), 'the inserted line ends like the others');
    await waitForNoRule(uri, 'TLS001');
    assert.ok(!ourDiagnostics(uri).some((x) => ruleCode(x) === 'TLS090'), 'the suppression is used, so no TLS090');
  });

  it('"Show documentation for TLS001" opens the page packaged with the extension in the Markdown preview', async () => {
    const { uri } = await openFixture(CONSOLE_PROJECT);
    const d = await waitForRule(uri, 'TLS001');
    const action = await findCodeAction(uri, d.range, 'Show documentation for TLS001');
    assert.equal(action.command?.command, 'dynamicsTls.showRuleDocs');
    const opened = await vscode.commands.executeCommand<boolean>('dynamicsTls.showRuleDocs', ...(action.command?.arguments ?? []));
    assert.equal(opened, true);
    await waitFor('a preview tab of TLS001.md', () =>
      vscode.window.tabGroups.all.flatMap((g) => g.tabs).some((t) => t.label.includes('TLS001')),
    );
  });

  it('dynamicsTls.trace.server alone switches the message trace on and off', async () => {
    const ext = vscode.extensions.getExtension('dynamics-tls.dynamics-tls-readiness');
    const api = ext?.exports as { client(): { traceOutputChannel: vscode.LogOutputChannel } | undefined } | undefined;
    const channel = api?.client()?.traceOutputChannel;
    assert.ok(channel, 'the language client has a trace channel');
    assert.equal(channel.logLevel, vscode.LogLevel.Off, 'off by default');
    await withSettings({ 'dynamicsTls.trace.server': 'verbose' }, async () => {
      await waitFor('the trace to be on', () => channel.logLevel === vscode.LogLevel.Trace);
      const { uri } = await openFixture(CONSOLE_PROJECT);
      await waitForRule(uri, 'TLS001');
    });
    await waitFor('the trace to be off again', () => channel.logLevel === vscode.LogLevel.Off);
  });

  it('the getting-started walkthrough is contributed with its steps and opens in the Welcome editor', async () => {
    const ext = vscode.extensions.getExtension('dynamics-tls.dynamics-tls-readiness');
    const walkthroughs = (ext?.packageJSON as { contributes?: { walkthroughs?: { id: string; steps: { id: string }[] }[] } }).contributes?.walkthroughs ?? [];
    assert.deepEqual(walkthroughs[0]?.steps.map((s) => s.id), ['runCheck', 'readFinding', 'applyFix', 'ciSarif', 'explainError']);
    await vscode.commands.executeCommand('workbench.action.openWalkthrough', 'dynamics-tls.dynamics-tls-readiness#dynamicsTls.gettingStarted', false);
    // The walkthrough shows in the Welcome editor, whose content the extension API cannot read: the tab is all we can see.
    await waitFor('the Welcome editor', () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).some((t) => t.label === 'Welcome'));
  });
});

/** The range of the first occurrence of a text in a document. */
function rangeOf(doc: vscode.TextDocument, text: string): vscode.Range {
  const start = doc.getText().indexOf(text);
  assert.ok(start >= 0, `"${text}" is in ${doc.uri.path}`);
  return new vscode.Range(doc.positionAt(start), doc.positionAt(start + text.length));
}
