// Explaining connection errors in a real VS Code: an open .log file gets information diagnostics on the recognised lines
// with the explanation on hover (through the language server), and "Dynamics TLS: Explain a connection error" explains
// the selection (or the text it is given) and shows the explanation as Markdown.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension, closeAllEditors, openFixture, ruleCode, waitFor, waitForDiagnostics } from './helpers';

const LOG = 'logs/crmsync.log';

interface ExplainResult {
  matches: { line: number; id: string; cause: string; fix: string }[];
  markdown: string;
}

function hoverText(hovers: vscode.Hover[]): string {
  return hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))).join('\n');
}

describe('Explain a connection error', () => {
  before(async () => {
    await activateExtension();
  });

  after(async () => {
    await closeAllEditors();
  });

  it('an open .log file: information diagnostics on the recognised lines, the explanation on hover', async () => {
    const { uri } = await openFixture(LOG);
    const diags = await waitForDiagnostics(uri, 'the log explanations', (d) => d.length === 3);
    assert.deepEqual(
      diags.map((d) => [d.range.start.line, ruleCode(d), d.severity]).sort(),
      [
        [1, 'transport-stream-closed', vscode.DiagnosticSeverity.Information],
        [1, 'underlying-connection-send', vscode.DiagnosticSeverity.Information],
        [4, 'crm-token-request', vscode.DiagnosticSeverity.Information],
      ].sort(),
    );
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(4, 40));
    const text = hoverText(hovers);
    assert.match(text, /Likely cause\./);
    assert.match(text, /CrmServiceClient/);
    assert.match(text, /TLS001/);
    assert.match(text, /Fix\./);
    const none = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(3, 10));
    assert.doesNotMatch(hoverText(none), /Likely cause/);
  });

  it('the command explains the selection and shows the explanation as Markdown', async () => {
    const { editor } = await openFixture(LOG);
    editor.selections = [new vscode.Selection(4, 0, 5, 0)];
    const result = await vscode.commands.executeCommand<ExplainResult | undefined>('dynamicsTls.explainError');
    assert.ok(result, 'the command returns its result');
    assert.deepEqual(result.matches.map((m) => [m.line, m.id]), [[1, 'crm-token-request']]);
    assert.match(result.markdown, /^# Connection errors explained/);
    const shown = await waitFor('the explanation document', () => vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'dynamicstls-explanation' && d.getText() === result.markdown));
    assert.equal(shown.languageId, 'markdown');
    assert.equal(shown.isDirty, false, 'read-only: closing it asks nothing');
  });

  it('the command explains the text it is given; text without a known error says so', async () => {
    const sspi = await vscode.commands.executeCommand<ExplainResult | undefined>('dynamicsTls.explainError', 'A call to SSPI failed, see inner exception.');
    assert.deepEqual(sspi?.matches.map((m) => m.id), ['sspi-failed']);
    const nothing = await vscode.commands.executeCommand<ExplainResult | undefined>('dynamicsTls.explainError', 'Everything is fine.');
    assert.deepEqual(nothing?.matches, []);
    assert.match(nothing?.markdown ?? '', /No known TLS connection error/);
  });
});
