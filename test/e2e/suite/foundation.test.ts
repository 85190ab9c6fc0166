// Foundation: the extension in a real VS Code extension host finds TLS001 in the VS 2015 console project on
// .NET Framework 4.5.2, offers and applies the preferred 4.8 retarget, and runs the workspace check command.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { CheckWorkspaceResult } from '../../../server/src/lsp/protocol';
import {
  activateExtension,
  applyCodeAction,
  codeActionsAt,
  findCodeAction,
  fixtureUri,
  openFixture,
  ourDiagnostics,
  pristineBytes,
  restoreFixture,
  ruleCode,
  usePristineFixture,
  waitForDiagnostics,
  waitForNoRule,
  waitForRule,
  withSettings,
} from './helpers';

/** Ready as far as TLS goes: Ready, or not Ready only for the connection family (DYN103's CrmServiceClient is ADAL-based). */
const tlsReady = (u: { verdict: string; why?: string[] }): boolean => u.verdict === 'Ready' || (u.why ?? []).every((w) => w.startsWith('connection:'));


const CONSOLE_PROJECT = 'Contoso.CrmSync/Contoso.CrmSync.csproj';
const READY_PROJECT = 'Contoso.Reporting/Contoso.Reporting.csproj';
const RETARGET_48 = 'Retarget to .NET Framework 4.8';

describe('foundation: the workspace check command', () => {
  before(async () => {
    await activateExtension();
  });

  it('"Check Dynamics TLS readiness" returns rows and verdicts and fills Problems for files no editor shows', async () => {
    const uri = fixtureUri(CONSOLE_PROJECT);
    // Before any editor showed the project (unless another test file did), Problems has nothing for it.
    const neverOpened = !vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString());
    if (neverOpened) {
      assert.equal(ourDiagnostics(uri).length, 0, 'no diagnostics for an unopened file before the check');
    }
    const result = await vscode.commands.executeCommand<CheckWorkspaceResult | undefined>('dynamicsTls.checkWorkspace');
    assert.ok(result, 'the command returns its result');
    assert.equal(result.cancelled, false);
    assert.ok(result.files >= 3, `files scanned: ${result.files}`);
    const row = (rel: string): CheckWorkspaceResult['units'][number] => {
      const unit = result.units.find((u) => u.path.replace(/\\/g, '/').endsWith(rel));
      assert.ok(unit, `a row for ${rel}; rows: ${JSON.stringify(result.units.map((u) => u.path))}`);
      return unit;
    };
    const console452 = row(CONSOLE_PROJECT);
    assert.equal(console452.verdict, 'Will fail');
    assert.ok(console452.findings.some((f) => f.ruleId === 'TLS001' && f.severity === 'error'), JSON.stringify(console452.findings));
    assert.ok(tlsReady(row(READY_PROJECT)), JSON.stringify(row(READY_PROJECT).why));
    assert.ok(row('Contoso.Plugins/Contoso.Plugins.csproj'), 'the plug-in library has a row');
    assert.equal(result.verdict, 'Will fail');
    assert.ok((result.totals.error ?? 0) >= 1, JSON.stringify(result.totals));
    // Problems: every file no editor has open shows exactly the check's findings for it.
    assert.equal(neverOpened, !vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString()), 'the check opens no document');
    const open = new Set(vscode.workspace.textDocuments.map((d) => d.uri.fsPath));
    const expected = new Map<string, Set<string>>();
    for (const f of result.units.flatMap((u) => u.findings)) {
      const file = path.isAbsolute(f.path) ? f.path : path.join(result.baseDir, f.path);
      if (!open.has(file)) {
        expected.set(file, (expected.get(file) ?? new Set()).add(`${f.ruleId}@${f.line}:${f.character}`));
      }
    }
    if (neverOpened) {
      assert.ok(expected.has(uri.fsPath), `the console project's findings are among the closed files': ${JSON.stringify([...expected.keys()])}`);
    }
    for (const [file, keys] of expected) {
      const want = [...keys].sort().join(', ');
      await waitForDiagnostics(vscode.Uri.file(file), `the check's findings (${want})`, (ds) =>
        ds.map((d) => `${ruleCode(d)}@${d.range.start.line}:${d.range.start.character}`).sort().join(', ') === want,
      );
    }
    // Nothing of the TLS family (the project's CrmServiceClient package carries DYN103, the connection family).
    assert.equal(ourDiagnostics(fixtureUri(READY_PROJECT)).filter((d) => !/^DYN/.test(ruleCode(d) ?? '')).length, 0);
  });
});

describe('foundation: TLS001 in a real VS Code', () => {
  // Every test starts from the pristine project, whatever the one before it did.
  usePristineFixture(CONSOLE_PROJECT);

  it('publishes TLS001 on the TargetFrameworkVersion of the 4.5.2 console project', async () => {
    const { uri, doc } = await openFixture(CONSOLE_PROJECT);
    const d = await waitForRule(uri, 'TLS001');
    assert.equal(d.source, 'Dynamics TLS');
    assert.equal(d.severity, vscode.DiagnosticSeverity.Error);
    assert.ok(typeof d.code === 'object', 'the diagnostic carries a docs link');
    assert.equal(String(d.code.value), 'TLS001');
    assert.match(d.code.target.toString(), /docs\/rules\/TLS001\.md$/);
    assert.equal(doc.getText(d.range), 'v4.5.2');
    assert.match(doc.lineAt(d.range.start.line).text, /^\s*<TargetFrameworkVersion>v4\.5\.2<\/TargetFrameworkVersion>\s*$/);
    assert.match(d.message, /4\.5\.2/);
  });

  it('offers the "Retarget to .NET Framework 4.8" quick fix, preferred', async () => {
    const { uri } = await openFixture(CONSOLE_PROJECT);
    const d = await waitForRule(uri, 'TLS001');
    const actions = await codeActionsAt(uri, d.range, vscode.CodeActionKind.QuickFix);
    const titles = actions.map((a) => a.title);
    assert.ok(titles.includes(RETARGET_48), `offered: ${JSON.stringify(titles)}`);
    const fix = actions.find((a) => a.title === RETARGET_48);
    assert.equal(fix?.isPreferred, true);
    // (vscode.executeCodeActionProvider does not return an action's `diagnostics`, so the link is not checked here.)
    assert.ok(fix?.kind && vscode.CodeActionKind.QuickFix.contains(fix.kind), `kind: ${fix?.kind?.value}`);
    assert.ok(fix?.edit?.has(uri), 'the fix edits the project file');
  });

  it('applying the fix changes only the version text and the diagnostic goes away', async () => {
    const { uri, doc } = await openFixture(CONSOLE_PROJECT);
    const d = await waitForRule(uri, 'TLS001');
    const before = doc.getText();
    const fix = await findCodeAction(uri, d.range, RETARGET_48);
    await applyCodeAction(fix);
    const after = doc.getText();
    assert.equal(after, before.replace('<TargetFrameworkVersion>v4.5.2<', '<TargetFrameworkVersion>v4.8<'));
    assert.notEqual(after, before);
    await waitForNoRule(uri, 'TLS001');
    // Saved, the file keeps its BOM and CRLF line endings: every byte but the version's is the original's.
    assert.ok(await doc.save(), 'the retargeted project saves');
    const onDisk = Buffer.from(await vscode.workspace.fs.readFile(uri));
    const expected = Buffer.from(pristineBytes(CONSOLE_PROJECT).toString('utf8').replace('>v4.5.2<', '>v4.8<'), 'utf8');
    assert.ok(onDisk.equals(expected), 'the saved file differs from the original only in the version');
  });

  it('turning TLS001 off in the workspace settings removes it, and it comes back', async () => {
    const { uri } = await openFixture(CONSOLE_PROJECT);
    await waitForRule(uri, 'TLS001');
    await withSettings({ 'dynamicsTls.rules': { TLS001: 'off' } }, () => waitForNoRule(uri, 'TLS001'));
    await waitForRule(uri, 'TLS001');
  });

  it('restoring the retargeted project brings TLS001 back', async () => {
    const { uri, doc } = await openFixture(CONSOLE_PROJECT);
    await applyCodeAction(await findCodeAction(uri, (await waitForRule(uri, 'TLS001')).range, RETARGET_48));
    await waitForNoRule(uri, 'TLS001');
    assert.ok(await doc.save());
    await restoreFixture(CONSOLE_PROJECT);
    await waitForRule(uri, 'TLS001');
  });
});
