import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { CancellationTokenSource } from 'vscode-languageserver-protocol/node';
import type { CheckWorkspaceResult } from '../../server/src/lsp/protocol';
import { REPO_ROOT } from '../support/engineHarness';
import { largeSolution } from '../support/largeSolution';
import { TestLspClient } from './lspClient';

/** Three copies of a large solution and samples/: enough C# that the check starts its worker threads. */
function pooledWorkspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'dtls-pooled-check-'));
  const big = join(largeSolution(), 'Big');
  for (const k of [1, 2, 3]) {
    cpSync(big, join(dir, `Big${k}`), { recursive: true });
  }
  cpSync(join(REPO_ROOT, 'samples'), join(dir, 'samples'), { recursive: true });
  return dir;
}

/** A finding or diagnostic as one comparable line: rule, file, start, severity and message. */
type Line = string;
const SEVERITY = ['', 'error', 'warning', 'information', 'hint'];

/** What the CLI reports for a folder (one thread), as comparable lines. */
function cliLines(dir: string): Line[] {
  const r = spawnSync(process.execPath, [join(REPO_ROOT, 'dist', 'cli.js'), 'scan', dir, '--format', 'json', '--fail-on', 'none', '--jobs', '1'], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const json = JSON.parse(r.stdout) as { findings: { ruleId: string; path: string; severity: string; message: string; range: { start: { line: number; character: number } } }[] };
  return json.findings.map((f) => `${f.ruleId} ${f.path}:${f.range.start.line}:${f.range.start.character} ${f.severity} ${f.message}`).sort();
}

/** What the server published after its check, as comparable lines. */
function serverLines(client: TestLspClient): Line[] {
  return [...client.diagnostics.values()]
    .flatMap((p) => p.diagnostics.map((d) => `${String(d.code)} ${fileURLToPath(p.uri)}:${d.range.start.line}:${d.range.start.character} ${SEVERITY[d.severity ?? 0]} ${d.message}`))
    .sort();
}

/** The check's log line (`check: … on N worker thread(s)…`), once it came. */
function checkLog(client: TestLspClient, count: number): Promise<string[]> {
  return client.waitFor(() => {
    const lines = client.logLines().filter((l) => l.startsWith('check: '));
    return lines.length >= count ? lines : undefined;
  }, `${count} check log line(s)`);
}

/** Resolves once the check has read `files` files (progress notifications). */
function readPast(client: TestLspClient, files: number): Promise<unknown> {
  return client.waitFor(() => client.notifications.some((n) => n.method === 'dynamicsTls/checkProgress' && (n.params as { phase: string; done: number }).phase !== 'discover' && (n.params as { done: number }).done >= files), `progress past ${files} files`, 60_000);
}

/** Runs `body` against a server started on `transport` and initialized on `dir`, stopping the server afterwards. */
async function withServer(transport: 'stdio' | 'ipc', dir: string, body: (client: TestLspClient) => Promise<void>): Promise<void> {
  const client = TestLspClient.start(transport);
  try {
    await client.initialize(dir);
    await body(client);
  } finally {
    await client.stop();
  }
}

describe('language server: the workspace check on worker threads (real server)', () => {
  const dir = pooledWorkspace();
  const expected = cliLines(dir);

  for (const transport of ['stdio', 'ipc'] as const) {
    it(`${transport}: runs on worker threads and publishes exactly the CLI's findings`, () =>
      withServer(transport, dir, async (client) => {
        const result = (await client.connection.sendRequest('dynamicsTls/checkWorkspace', {})) as CheckWorkspaceResult;
        assert.equal(result.cancelled, false);
        const [log] = await checkLog(client, 1);
        assert.match(log ?? '', / on [1-9]\d* worker thread\(s\)$/);
        assert.ok(expected.length > 40, `${expected.length} findings`);
        assert.deepEqual(serverLines(client), expected);
      }));
  }

  it('stops a pooled check on $/cancelRequest, with what it has; the next check is complete', () =>
    withServer('stdio', dir, async (client) => {
      const source = new CancellationTokenSource();
      const pending = client.connection.sendRequest('dynamicsTls/checkWorkspace', {}, source.token) as Promise<CheckWorkspaceResult>;
      await readPast(client, 60);
      source.cancel();
      const cancelled = await pending;
      assert.equal(cancelled.cancelled, true);
      // Answered before the check ended: no progress up to that answer had reached the end of the files.
      const progress = client.notifications.filter((n) => n.method === 'dynamicsTls/checkProgress').map((n) => n.params as { phase: string; done: number; total: number });
      const last = progress.filter((p) => p.phase !== 'discover').pop();
      assert.ok(last && last.done < last.total, `answered at ${JSON.stringify(last)}`);
      const [log] = await checkLog(client, 1);
      assert.match(log ?? '', / on [1-9]\d* worker thread\(s\) \(cancelled\)$/);
      const full = (await client.connection.sendRequest('dynamicsTls/checkWorkspace', {})) as CheckWorkspaceResult;
      assert.equal(full.cancelled, false);
      assert.deepEqual(serverLines(client), expected);
    }));

  it("stops a pooled check from its progress's cancel button (window/workDoneProgress/cancel)", () =>
    withServer('stdio', dir, async (client) => {
      const pending = client.connection.sendRequest('workspace/executeCommand', { command: 'dynamicsTls.checkWorkspace', arguments: [{}] }) as Promise<CheckWorkspaceResult>;
      const created = await client.waitFor(() => client.serverRequests.find((r) => r.method === 'window/workDoneProgress/create'), 'the progress');
      const begin = await client.waitFor(() => client.notifications.find((n) => n.method === '$/progress' && (n.params as { value: { kind: string } }).value.kind === 'begin'), 'the progress begins');
      assert.equal((begin.params as { value: { cancellable: boolean } }).value.cancellable, true);
      await readPast(client, 60);
      await client.connection.sendNotification('window/workDoneProgress/cancel', { token: (created.params as { token: string | number }).token });
      const result = await pending;
      assert.equal(result.cancelled, true);
    }));
});
