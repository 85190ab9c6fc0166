// "Dynamics TLS: Probe endpoints" in a real VS Code: the command (endpoints and consent given with its test-only
// arguments) probes TLS servers started here on loopback, the readiness report shows the results beside "Outside the
// code" with when each probe ran, the checklist gains the probe line, the Markdown export carries the section, and
// cancelling a probe of a server that never answers stops it at once.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { Server, createServer as createNetServer } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { createServer as createTlsServer } from 'node:tls';
import * as vscode from 'vscode';
import type { ProbeRun } from '../../../server/src/engine/probe/probeResult';
import { ClosableServer, listenClosable } from '../../../server/src/node/listen/closableServer';
import { createLoopbackCertificate } from '../../../server/src/node/tls/selfSignedCert';
import { activateExtension, waitFor } from './helpers';

interface ReportState {
  open: boolean;
  html: string | undefined;
}

const CERT = createLoopbackCertificate();

function listen(server: Server): Promise<ClosableServer> {
  return listenClosable(server, '127.0.0.1', 0);
}

describe('Probe endpoints', function () {
  this.timeout(60_000);
  const servers: { close: () => Promise<void> }[] = [];

  after(async () => {
    await Promise.all(servers.map((s) => s.close()));
  });

  it('probes loopback servers and shows the results, with their times, in the readiness report and its Markdown export', async () => {
    await activateExtension();
    const modern = await listen(createTlsServer({ ...CERT, minVersion: 'TLSv1.2', maxVersion: 'TLSv1.3' }, (s) => s.end()).on('tlsClientError', () => undefined));
    const legacy = await listen(
      createTlsServer({ ...CERT, minVersion: 'TLSv1', maxVersion: 'TLSv1.3', ciphers: 'DEFAULT@SECLEVEL=0' }, (s) => s.end()).on('tlsClientError', () => undefined),
    );
    servers.push(modern, legacy);
    const a = `127.0.0.1:${modern.port}`;
    const b = `127.0.0.1:${legacy.port}`;
    const started = new Date().toISOString();
    const run = await vscode.commands.executeCommand<ProbeRun | undefined>('dynamicsTls.probeEndpoints', { endpoints: [a, b], confirmed: true, extraCa: [CERT.cert] });
    assert.ok(run, 'the probe ran (the workspace is trusted)');
    assert.deepEqual(
      run.records.map((r) => [r.probe.endpoint, r.probe.verdict, r.probe.versions]),
      [
        [a, 'ok', { TLSv1: false, 'TLSv1.1': false, 'TLSv1.2': true, 'TLSv1.3': true }],
        [b, 'warning', { TLSv1: true, 'TLSv1.1': true, 'TLSv1.2': true, 'TLSv1.3': true }],
      ],
    );
    const state = await vscode.commands.executeCommand<ReportState>('dynamicsTls.reportState');
    assert.ok(state.open && state.html, 'the report is open');
    const html = state.html;
    assert.ok(html.indexOf('Outside the code') < html.indexOf('Endpoints probed (1 warning, 1 ok)'), 'the probe section follows the checklist');
    for (const r of run.records) {
      assert.ok(r.probedAt >= started, 'probe times are from this run');
      assert.ok(html.includes(`data-endpoint="${r.probe.endpoint}"`), `a row for ${r.probe.endpoint}`);
      assert.ok(html.includes(`<td class="probed-at">${r.probedAt}</td>`), `the row says when ${r.probe.endpoint} was probed`);
    }
    assert.match(html, /<li class="probe-result"><label><input type="checkbox" disabled checked><span><strong>Endpoints accept TLS 1\.2 \(probe results\)<\/strong><span class="detail">All 2 probed endpoint\(s\) accept TLS 1\.2 or later/);
    const target = vscode.Uri.file(path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'dtls-probe-e2e-')), 'report.md'));
    await vscode.commands.executeCommand('dynamicsTls.exportReport', { format: 'markdown', target: target.toString() });
    const markdown = fs.readFileSync(target.fsPath, 'utf8');
    assert.match(markdown, /## Outside the code[\s\S]*## Endpoints probed/);
    assert.ok(markdown.includes(`| ${b} | ${run.records[1]?.probedAt ?? '?'} | yes | yes | yes | yes |`), 'the export says when the probe ran');
  });

  it('cancelling stops a probe of a server that never answers', async () => {
    let connections = 0;
    const silent = await listen(createNetServer((s) => (connections++, s.resume())));
    servers.push(silent);
    const t0 = Date.now();
    const pending = vscode.commands.executeCommand<ProbeRun | undefined>('dynamicsTls.probeEndpoints', { endpoints: [`127.0.0.1:${silent.port}`], confirmed: true, timeoutMs: 30_000 });
    await waitFor('the probe to connect to the silent server', () => connections > 0);
    await vscode.commands.executeCommand('dynamicsTls.probeCancel');
    const run = await pending;
    assert.ok(run, 'the probe returns its (partial) run');
    assert.deepEqual([run.cancelled, run.records.length], [true, 0]);
    assert.ok(Date.now() - t0 < 10_000, `stopped at once (${Date.now() - t0} ms), not after the 30 s timeout`);
    const state = await vscode.commands.executeCommand<ReportState>('dynamicsTls.reportState');
    assert.match(state.html ?? '', /The probe was cancelled/);
  });
});
