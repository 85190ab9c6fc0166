import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { Diagnostic } from 'vscode-languageserver-protocol/node';
import { REPO_ROOT } from '../support/engineHarness';
import { runCli } from '../cli/cliRunner';
import { TestLspClient } from './lspClient';

/** A template whose `SecurityProtocolType.#{Protocol}` line does not parse, beside a write that does (RULES item 12). */
const CASE = join(REPO_ROOT, 'test', 'fixtures', 'conformance', 'revision2', 'r2-12-unparsable-cs-says-so-once-where-a-rule-could-not-run', 'workspace');
const FILE = 'Tool/Templates/ConnectionTemplate.cs';

/** The findings of a file as the CLI reports them: rule, severity, start line and message. */
function cliFindings(ws: string): string[] {
  const run = runCli(['scan', ws, '--format', 'json', '--fail-on', 'none']);
  assert.equal(run.status, 0, run.stderr);
  const json = JSON.parse(run.stdout) as { findings: { ruleId: string; severity: string; path: string; message: string; range: { start: { line: number } } }[] };
  return json.findings.filter((f) => f.path.endsWith('ConnectionTemplate.cs')).map((f) => `${f.ruleId} ${f.severity} ${f.range.start.line} ${f.message}`).sort();
}

const SEVERITY = ['', 'error', 'warning', 'information', 'hint'];
const textOf = (d: Diagnostic): string => (typeof d.message === 'string' ? d.message : d.message.value);
const asLines = (d: Diagnostic[]): string[] => d.map((x) => `${String(x.code)} ${SEVERITY[x.severity ?? 0] ?? ''} ${x.range.start.line} ${textOf(x)}`).sort();

describe('language server: a .cs file that does not parse says so as the CLI does', () => {
  let client: TestLspClient;
  let ws: string;
  const uri = (rel: string): string => pathToFileURL(join(ws, rel)).toString();

  before(async () => {
    ws = mkdtempSync(join(tmpdir(), 'dtls-lsp-unparsable-'));
    cpSync(CASE, ws, { recursive: true });
    client = TestLspClient.start('stdio');
    await client.initialize(ws);
  });
  after(async () => {
    await client.stop();
    rmSync(ws, { recursive: true, force: true });
  });

  it('publishes the same information finding and error for the closed file (workspace check) and the open one', async () => {
    const cli = cliFindings(ws);
    assert.equal(cli.filter((l) => l.startsWith('TLS020 information 10 ') && l.includes('does not parse as C#')).length, 1, cli.join('\n'));
    await client.connection.sendRequest('dynamicsTls/checkWorkspace', {});
    const closed = await client.waitForDiagnostics(uri(FILE), (d) => d.length === cli.length, 'the closed file checked');
    assert.deepEqual(asLines(closed), cli);
    const text = readFileSync(join(ws, FILE), 'utf8');
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: uri(FILE), languageId: 'csharp', version: 1, text } });
    await client.waitFor(() => client.publications.filter((p) => p.uri === uri(FILE)).length > 1 || undefined, 'the open file analysed');
    assert.deepEqual(asLines(client.diagnostics.get(uri(FILE))?.diagnostics ?? []), cli);
  });

  it('drops the information finding once the line parses, and judges the write instead', async () => {
    const text = readFileSync(join(ws, FILE), 'utf8');
    await client.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri: uri(FILE), version: 2 },
      contentChanges: [{ text: text.replace('SecurityProtocolType.#{Protocol};', 'SecurityProtocolType.Tls11;') }],
    });
    const d = await client.waitForDiagnostics(uri(FILE), (x) => !x.some((y) => textOf(y).includes('does not parse')), 'the gap gone');
    // The TLS findings only: the template's XrmTooling using also carries DYN103, which the edit does not touch.
    assert.deepEqual(
      d.filter((x) => String(x.code).startsWith('TLS')).map((x) => [x.code, x.range.start.line, x.severity]).sort(),
      [
        ['TLS020', 10, 1],
        ['TLS020', 17, 1],
      ],
    );
  });
});
