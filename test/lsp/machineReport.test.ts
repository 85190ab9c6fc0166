import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CheckWorkspaceResult } from '../../server/src/lsp/protocol';
import { REPO_ROOT } from '../support/engineHarness';
import { TestLspClient } from './lspClient';

describe('language server: the workspace check reports a row per machine export', () => {
  let client: TestLspClient;
  let ws: string;
  before(async () => {
    ws = mkdtempSync(join(tmpdir(), 'dtls-lsp-machine-'));
    mkdirSync(join(ws, 'exports'));
    copyFileSync(join(REPO_ROOT, 'test', 'fixtures', 'machine', 'win7-sp1-no-tls12-keys.reg'), join(ws, 'exports', 'pc-finance-07.reg'));
    copyFileSync(join(REPO_ROOT, 'test', 'fixtures', 'machine', 'server2019-net48.reg'), join(ws, 'exports', 'web02.reg'));
    client = TestLspClient.start('stdio');
    await client.initialize(ws);
  });
  after(async () => {
    assert.equal(await client.stop(), 0);
  });

  it('machines: path, Windows, .NET Framework, verdict and reasons of each export (UTF-16 included)', async () => {
    const result = (await client.connection.sendRequest('dynamicsTls/checkWorkspace', {})) as CheckWorkspaceResult;
    assert.deepEqual(
      (result.machines ?? []).map((m) => [m.path.slice(ws.length), m.windows, m.netFramework, m.verdict]),
      [
        ['/exports/pc-finance-07.reg', 'Windows 7 Professional Service Pack 1 (build 7601)', '4.8', 'Will fail'],
        ['/exports/web02.reg', 'Windows Server 2019 Datacenter (build 17763)', '4.8', 'Ready'],
      ],
    );
    assert.ok(result.machines?.[0]?.reasons.some((r) => /^\.NET Framework apps built for 4\.7 or later: Will fail — /.test(r)));
  });
});
