import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type { CheckWorkspaceResult } from '../../server/src/lsp/protocol';
import { TestLspClient } from './lspClient';

const FORBIDDEN = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/u;
const HOSTILE = 'E\x1b[31mRED\x1b]0;pwned\x07\u202Egnp\rX';
const project = (version: string): string =>
  `<Project ToolsVersion="14.0" xmlns="http://schemas.microsoft.com/developer/msbuild/2003">\n  <PropertyGroup>\n    <OutputType>Exe</OutputType>\n    <TargetFrameworkVersion>${version}</TargetFrameworkVersion>\n  </PropertyGroup>\n</Project>\n`;

describe('language server: the workspace check never says Ready on a partial reading, and shows names escaped (real server over stdio)', () => {
  let client: TestLspClient;
  let ws: string;

  before(async () => {
    ws = mkdtempSync(join(tmpdir(), 'dtls-lsp-hostile-'));
    mkdirSync(join(ws, HOSTILE));
    writeFileSync(join(ws, HOSTILE, 'App.csproj'), project('v4.8'));
    mkdirSync(join(ws, 'Value'));
    writeFileSync(join(ws, 'Value', 'Value.csproj'), project('v4.5\x1b]0;pwned\x07\x1b[2J'));
    symlinkSync(join(ws, 'gone', 'Missing.csproj'), join(ws, 'Broken.csproj'));
    client = TestLspClient.start('stdio');
    await client.initialize(ws);
  });
  after(async () => {
    await client.stop();
  });

  it('a file it could not read is listed with its reason and the verdict is Incomplete', async () => {
    const report = (await client.connection.sendRequest('dynamicsTls/checkWorkspace', {})) as CheckWorkspaceResult;
    assert.equal(report.verdict, 'Incomplete');
    assert.deepEqual(report.skipped.map((s) => [s.path, s.incomplete]), [[`${ws}/Broken.csproj`, true]]);
  });

  it('diagnostics quote a hostile value escaped, never raw', async () => {
    const uri = pathToFileURL(join(ws, 'Value', 'Value.csproj')).toString();
    const diagnostics = await client.waitForDiagnostics(uri, (d) => d.length > 0, 'findings of the hostile value');
    const messages = diagnostics.map((d) => String(d.message));
    for (const m of messages) {
      assert.equal(FORBIDDEN.exec(m), null, m);
    }
    assert.ok(messages.some((m) => m.includes('"v4.5\\x1b]0" is not a target framework')), messages.join('\n'));
  });
});
