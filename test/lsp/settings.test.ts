import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { CodeAction, Diagnostic, DiagnosticSeverity, DiagnosticTag, TextEdit } from 'vscode-languageserver-protocol/node';
import { applyTextEdits } from '../../server/src/engine/text/edits';
import { TestLspClient } from './lspClient';

/** A 4.5.2 console project: TLS001 (warning without Dynamics evidence) on the version text of line 4. */
const PROJECT = [
  '<?xml version="1.0" encoding="utf-8"?>',
  '<Project ToolsVersion="15.0" xmlns="http://schemas.microsoft.com/developer/msbuild/2003">',
  '  <PropertyGroup>',
  '    <OutputType>Exe</OutputType>',
  '    <TargetFrameworkVersion>v4.5.2</TargetFrameworkVersion>',
  '  </PropertyGroup>',
  '</Project>',
  '',
].join('\r\n');

function workspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'dtls-lsp-settings-'));
  for (const sub of ['App', 'legacy/Old', 'Sup']) {
    mkdirSync(join(dir, sub), { recursive: true });
    writeFileSync(join(dir, sub, `${sub.split('/').pop() ?? 'x'}.csproj`), PROJECT);
  }
  return dir;
}

const tls001 = (d: Diagnostic[]): Diagnostic | undefined => d.find((x) => x.code === 'TLS001');
const messageOf = (d: Diagnostic | undefined): string => (d === undefined ? '' : typeof d.message === 'string' ? d.message : d.message.value);

describe('language server: settings, exclusion, suppression and fix-all (real server over stdio)', () => {
  let client: TestLspClient;
  let ws: string;
  const uri = (rel: string): string => pathToFileURL(join(ws, rel)).toString();
  let versions = 1;

  async function open(rel: string, text = PROJECT): Promise<void> {
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: uri(rel), languageId: 'xml', version: versions++, text } });
  }
  async function replace(rel: string, text: string): Promise<void> {
    await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri: uri(rel), version: versions++ }, contentChanges: [{ text }] });
  }
  async function configure(settings: Record<string, unknown>): Promise<void> {
    client.settings = settings;
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
  }
  async function codeActions(rel: string, diagnostic: Diagnostic, only?: string[]): Promise<CodeAction[]> {
    return (await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri: uri(rel) },
      range: diagnostic.range,
      context: { diagnostics: [diagnostic], ...(only ? { only } : {}) },
    })) as CodeAction[];
  }

  before(async () => {
    ws = workspace();
    client = TestLspClient.start('stdio');
    await client.initialize(ws);
    await open('App/App.csproj');
    await open('legacy/Old/Old.csproj');
    await client.waitForDiagnostics(uri('App/App.csproj'), (d) => Boolean(tls001(d)), 'TLS001 in App');
    await client.waitForDiagnostics(uri('legacy/Old/Old.csproj'), (d) => Boolean(tls001(d)), 'TLS001 in legacy');
  });
  after(async () => {
    await client.stop();
  });

  it('dynamicsTls.rules is resource-scoped: one document\'s override leaves the other alone; "off" drops the rule', async () => {
    await configure({ [uri('legacy/Old/Old.csproj')]: { rules: { TLS001: 'hint' } }, '': {} });
    await client.waitForDiagnostics(uri('legacy/Old/Old.csproj'), (d) => tls001(d)?.severity === DiagnosticSeverity.Hint, 'hint in legacy');
    assert.notEqual(tls001(client.diagnostics.get(uri('App/App.csproj'))?.diagnostics ?? [])?.severity, DiagnosticSeverity.Hint);
    await configure({ '': { rules: { TLS001: 'off' } } });
    await client.waitForDiagnostics(uri('App/App.csproj'), (d) => !tls001(d), 'TLS001 off in App');
    await client.waitForDiagnostics(uri('legacy/Old/Old.csproj'), (d) => !tls001(d), 'TLS001 off in legacy');
  });

  it('dynamicsTls.retargetTo is resource-scoped: it picks the preferred retarget, its message and the fix-all edit; a bad value falls back to 4.8', async () => {
    const retargets = async (rel: string): Promise<{ message: string; titles: [string, boolean][]; fixAll: string }> => {
      const d = tls001(client.diagnostics.get(uri(rel))?.diagnostics ?? []);
      assert.ok(d, `TLS001 in ${rel}`);
      const actions = await codeActions(rel, d);
      const fixAll = (await codeActions(rel, d, ['source.fixAll.dynamicsTls']))[0];
      return {
        message: messageOf(d),
        titles: actions.filter((a) => a.title.startsWith('Retarget')).map((a) => [a.title, a.isPreferred ?? false]),
        fixAll: applyTextEdits(PROJECT, (fixAll?.edit?.changes?.[uri(rel)] ?? []) as TextEdit[]),
      };
    };
    await configure({ '': {} });
    await client.waitForDiagnostics(uri('App/App.csproj'), (d) => Boolean(tls001(d)), 'TLS001 back in App');
    await client.waitForDiagnostics(uri('legacy/Old/Old.csproj'), (d) => Boolean(tls001(d)), 'TLS001 back in legacy');
    const defaults = await retargets('App/App.csproj');
    assert.match(defaults.message, /retarget to \.NET Framework 4\.8 \(4\.6\.2's support ends on 12 January 2027\)\.$/);
    assert.deepEqual(defaults.titles, [
      ['Retarget to .NET Framework 4.8', true],
      ['Retarget to .NET Framework 4.6.2', false],
    ]);
    assert.equal(defaults.fixAll, PROJECT.replace('v4.5.2', 'v4.8'));

    await configure({ [uri('legacy/Old/Old.csproj')]: { retargetTo: '4.6.2' }, '': { retargetTo: '4.7.2' } });
    await client.waitForDiagnostics(uri('legacy/Old/Old.csproj'), (d) => /4\.6\.2 \(the KB's minimum/.test(messageOf(tls001(d))), '4.6.2 preferred in legacy');
    await client.waitForDiagnostics(uri('App/App.csproj'), (d) => /to \.NET Framework 4\.7\.2 /.test(messageOf(tls001(d))), '4.7.2 preferred in App');
    const legacy = await retargets('legacy/Old/Old.csproj');
    assert.deepEqual(legacy.titles, [
      ['Retarget to .NET Framework 4.6.2', true],
      ['Retarget to .NET Framework 4.8', false],
    ]);
    assert.equal(legacy.fixAll, PROJECT.replace('v4.5.2', 'v4.6.2'));
    const app = await retargets('App/App.csproj');
    assert.deepEqual(app.titles, [
      ['Retarget to .NET Framework 4.7.2', true],
      ['Retarget to .NET Framework 4.8', false],
      ['Retarget to .NET Framework 4.6.2', false],
    ]);
    assert.equal(app.fixAll, PROJECT.replace('v4.5.2', 'v4.7.2'));

    await configure({ '': { retargetTo: '4.5' } });
    await client.waitForDiagnostics(uri('App/App.csproj'), (d) => /to \.NET Framework 4\.8 /.test(messageOf(tls001(d))), 'back to 4.8 on a bad value');
    await client.waitForDiagnostics(uri('legacy/Old/Old.csproj'), (d) => /to \.NET Framework 4\.8 /.test(messageOf(tls001(d))), 'legacy back to 4.8');
    assert.equal((await retargets('App/App.csproj')).fixAll, PROJECT.replace('v4.5.2', 'v4.8'));
    await configure({ '': {} });
  });

  it('dynamicsTls.exclude applies to open documents: an excluded file gets no diagnostics', async () => {
    await configure({ '': { exclude: ['legacy/**'] } });
    await client.waitForDiagnostics(uri('legacy/Old/Old.csproj'), (d) => d.length === 0, 'legacy excluded');
    await client.waitForDiagnostics(uri('App/App.csproj'), (d) => Boolean(tls001(d)), 'App still checked');
    await replace('legacy/Old/Old.csproj', PROJECT.replace('v4.5.2', 'v4.0'));
    await client.waitForDiagnostics(uri('legacy/Old/Old.csproj'), (d) => d.length === 0, 'still nothing after an edit');
  });

  it('dynamicsTls.maxFileSizeKB applies to open documents', async () => {
    await configure({ '': { maxFileSizeKB: 0.1 } });
    // Above the cap: not parsed, one information diagnostic (no rule id) saying why, instead of the findings.
    await client.waitForDiagnostics(
      uri('App/App.csproj'),
      (d) => d.length === 1 && d[0]?.code === undefined && d[0]?.severity === DiagnosticSeverity.Information && /maxFileSizeKB/.test(String(d[0]?.message)),
      'App above the size cap',
    );
    await configure({ '': {} });
    await client.waitForDiagnostics(uri('App/App.csproj'), (d) => Boolean(tls001(d)), 'App checked again');
    await client.waitForDiagnostics(uri('legacy/Old/Old.csproj'), (d) => Boolean(tls001(d)), 'legacy checked again');
  });

  it('offers Suppress on this line / in this file and Show documentation; the inserted comment silences the finding', async () => {
    await open('Sup/Sup.csproj');
    const d = tls001(await client.waitForDiagnostics(uri('Sup/Sup.csproj'), (x) => Boolean(tls001(x)), 'TLS001 in Sup'));
    assert.ok(d);
    const actions = await codeActions('Sup/Sup.csproj', d);
    const titles = actions.map((a) => a.title);
    for (const title of ['Suppress TLS001 on this line', 'Suppress TLS001 in this file', 'Show documentation for TLS001']) {
      assert.ok(titles.includes(title), `${title} in ${titles.join(', ')}`);
    }
    const docs = actions.find((a) => a.title === 'Show documentation for TLS001');
    assert.deepEqual(docs?.command, { title: 'Show documentation for TLS001', command: 'dynamicsTls.showRuleDocs', arguments: ['TLS001'] });
    const line = actions.find((a) => a.title === 'Suppress TLS001 on this line');
    const fixed = applyTextEdits(PROJECT, (line?.edit?.changes?.[uri('Sup/Sup.csproj')] ?? []) as TextEdit[]);
    assert.equal(fixed, PROJECT.replace('    <TargetFrameworkVersion>', '    <!-- tls-readiness-disable-next-line TLS001 -->\r\n    <TargetFrameworkVersion>'));
    await replace('Sup/Sup.csproj', fixed);
    await client.waitForDiagnostics(uri('Sup/Sup.csproj'), (x) => x.length === 0, 'suppressed, and the suppression is used');
  });

  it('a suppression that suppresses nothing is TLS090, information, tagged unnecessary', async () => {
    await replace('Sup/Sup.csproj', PROJECT.replace('    <TargetFrameworkVersion>', '    <!-- tls-readiness-disable-next-line TLS003 -->\r\n    <TargetFrameworkVersion>'));
    const diags = await client.waitForDiagnostics(uri('Sup/Sup.csproj'), (x) => x.some((y) => y.code === 'TLS090'), 'TLS090');
    const unused = diags.find((x) => x.code === 'TLS090');
    assert.equal(unused?.severity, DiagnosticSeverity.Information);
    assert.deepEqual(unused?.tags, [DiagnosticTag.Unnecessary]);
    assert.equal(unused?.range.start.line, 4);
    assert.ok(tls001(diags), 'TLS001 is back: the comment names another rule');
    const removal = (await codeActions('Sup/Sup.csproj', unused as Diagnostic)).find((a) => a.title === 'Remove the unused suppression');
    assert.ok(removal, 'TLS090 offers to remove the comment');
  });

  it('source.fixAll.dynamicsTls right after an edit uses the new text (the save that follows typing)', async () => {
    const edited = `<!-- a comment line that moves everything down -->\r\n${PROJECT.replace('v4.5.2', 'v4.5')}`;
    await replace('App/App.csproj', edited);
    const actions = (await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri: uri('App/App.csproj') },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], only: ['source.fixAll'] },
    })) as CodeAction[];
    const fixAll = actions.find((a) => a.kind === 'source.fixAll.dynamicsTls');
    assert.ok(fixAll, 'the fix-all action is offered for the source.fixAll family');
    assert.equal(applyTextEdits(edited, (fixAll.edit?.changes?.[uri('App/App.csproj')] ?? []) as TextEdit[]), edited.replace('v4.5', 'v4.8'));
  });
});
