import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { CodeAction, Diagnostic } from 'vscode-languageserver-protocol/node';
import { REPO_ROOT } from '../support/engineHarness';
import { runCli } from '../cli/cliRunner';
import { TestLspClient } from './lspClient';

/** Two 4.5.2 console projects; Tool's `|= Tls11` would be a TLS020 error on 4.8, so only Other's retarget is safe. */
const CASE = join(REPO_ROOT, 'test', 'fixtures', 'conformance', 'revision2', 'r2-10-safe-retarget-not-bulk-while-additive-write-would-be-tls020', 'workspace');

interface SafeFixes {
  count: number;
  changes: Record<string, unknown[]>;
  items?: { uri: string; ruleId: string; title: string }[];
}

describe('language server: the editor, the report and the CLI withhold the same retarget from bulk fixing', () => {
  let client: TestLspClient;
  let ws: string;
  const uri = (rel: string): string => pathToFileURL(join(ws, rel)).toString();
  let version = 1;

  async function fixAllOf(rel: string, diagnostic: Diagnostic): Promise<CodeAction | undefined> {
    const actions = (await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri: uri(rel) },
      range: diagnostic.range,
      context: { diagnostics: [diagnostic], only: ['source.fixAll.dynamicsTls'] },
    })) as CodeAction[];
    return actions.find((a) => a.kind === 'source.fixAll.dynamicsTls');
  }
  const tls001 = async (rel: string, what: string): Promise<Diagnostic> =>
    (await client.waitForDiagnostics(uri(rel), (d) => d.some((x) => x.code === 'TLS001'), what)).find((x) => x.code === 'TLS001') as Diagnostic;

  before(async () => {
    ws = mkdtempSync(join(tmpdir(), 'dtls-lsp-safefix-'));
    cpSync(CASE, ws, { recursive: true });
    client = TestLspClient.start('stdio');
    await client.initialize(ws);
    for (const rel of ['Tool/Tool.csproj', 'Other/Other.csproj']) {
      await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: uri(rel), languageId: 'xml', version: version++, text: readFileSync(join(ws, rel), 'utf8') } });
    }
  });
  after(async () => {
    await client.stop();
    rmSync(ws, { recursive: true, force: true });
  });

  it("applies Other's retarget and not Tool's, as `tls-readiness fix` does, and names the write that keeps Tool's back", async () => {
    const tool = await tls001('Tool/Tool.csproj', 'TLS001 in Tool');
    const other = await tls001('Other/Other.csproj', 'TLS001 in Other');
    assert.ok(
      tool.relatedInformation?.some((r) => r.location.uri === uri('Tool/Program.cs') && /TLS020 \(error\) on \.NET Framework 4\.8/.test(r.message)),
      'the related information names the write and what it would become',
    );
    assert.equal(await fixAllOf('Tool/Tool.csproj', tool), undefined, 'no source.fixAll edit for Tool');
    assert.ok((await fixAllOf('Other/Other.csproj', other))?.edit?.changes?.[uri('Other/Other.csproj')]?.length, 'source.fixAll retargets Other');

    await client.connection.sendRequest('dynamicsTls/checkWorkspace', {});
    const report = (await client.connection.sendRequest('dynamicsTls/safeFixes', {})) as SafeFixes;
    assert.deepEqual(Object.keys(report.changes), [uri('Other/Other.csproj')], "the report's Fix all changes Other only");

    const copy = mkdtempSync(join(tmpdir(), 'dtls-lsp-safefix-cli-'));
    try {
      cpSync(CASE, copy, { recursive: true });
      const run = runCli(['fix', copy]);
      assert.equal(run.status, 0, run.stderr);
      assert.match(run.stdout, /fixed Other\/Other\.csproj: TLS001/);
      assert.doesNotMatch(run.stdout, /Tool/, 'the CLI leaves Tool alone too');
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });

  it('offers the retarget in bulk again once the write includes TLS 1.2 (the facts follow the edit)', async () => {
    const rel = 'Tool/Program.cs';
    const text = readFileSync(join(ws, rel), 'utf8');
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: uri(rel), languageId: 'csharp', version: version++, text } });
    await client.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri: uri(rel), version: version++ },
      contentChanges: [{ text: text.replace('SecurityProtocolType.Tls11;', 'SecurityProtocolType.Tls12;') }],
    });
    const diagnostics = await client.waitForDiagnostics(uri('Tool/Tool.csproj'), (d) => d.some((x) => x.code === 'TLS001' && x.severity === 3), 'TLS001 information once Tool enables TLS 1.2');
    const fixAll = await fixAllOf('Tool/Tool.csproj', diagnostics.find((x) => x.code === 'TLS001') as Diagnostic);
    assert.ok(fixAll?.edit?.changes?.[uri('Tool/Tool.csproj')]?.length, 'source.fixAll now retargets Tool');
  });
});
