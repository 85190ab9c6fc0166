import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { TestLspClient } from './lspClient';

const PROJECT = (tfm: string): string => `<Project ToolsVersion="15.0" xmlns="http://schemas.microsoft.com/developer/msbuild/2003">
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <TargetFrameworkVersion>${tfm}</TargetFrameworkVersion>
  </PropertyGroup>
  <ItemGroup>
    <Reference Include="Microsoft.Xrm.Tooling.Connector" />
    <Compile Include="Program.cs" />
  </ItemGroup>
</Project>
`;
const PROGRAM = `using Microsoft.Xrm.Tooling.Connector;

class Program
{
    static void Main()
    {
        var client = new CrmServiceClient("AuthType=OAuth;Url=https://contoso.crm.dynamics.com");
    }
}
`;

describe('project context in the language server', () => {
  let client: TestLspClient;
  let ws: string;
  let projUri: string;
  let programUri: string;
  const tls027 = (d: { code?: string | number }[]): boolean => d.some((x) => x.code === 'TLS027');

  before(async () => {
    ws = mkdtempSync(join(tmpdir(), 'dtls-ctx-'));
    mkdirSync(join(ws, 'App'));
    writeFileSync(join(ws, 'App', 'App.csproj'), PROJECT('v4.5.2'));
    writeFileSync(join(ws, 'App', 'Program.cs'), PROGRAM);
    projUri = pathToFileURL(join(ws, 'App', 'App.csproj')).toString();
    programUri = pathToFileURL(join(ws, 'App', 'Program.cs')).toString();
    client = TestLspClient.start('stdio');
    await client.initialize(ws);
  });
  after(async () => {
    await client.stop();
  });

  it('judges an open C# file by its project: TLS027 on a 4.5.2 exe', async () => {
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: programUri, languageId: 'csharp', version: 1, text: PROGRAM } });
    const diags = await client.waitForDiagnostics(programUri, tls027, 'TLS027');
    assert.equal(diags.find((d) => d.code === 'TLS027')?.range.start.line, 6, 'on the statement that creates the client');
  });

  it('editing the open project file re-analyses the open C# file of that project', async () => {
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: projUri, languageId: 'xml', version: 1, text: PROJECT('v4.5.2') } });
    await client.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri: projUri, version: 2 },
      contentChanges: [{ range: { start: { line: 3, character: 31 }, end: { line: 3, character: 32 } }, text: '6' }],
    });
    await client.waitForDiagnostics(programUri, (d) => !tls027(d), 'TLS027 gone after retargeting to 4.6.2');
    await client.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri: projUri, version: 3 },
      contentChanges: [{ range: { start: { line: 3, character: 31 }, end: { line: 3, character: 32 } }, text: '5' }],
    });
    await client.waitForDiagnostics(programUri, tls027, 'TLS027 back on 4.5.2');
    await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri: projUri } });
  });

  it('a project file changed on disk (watched-file notification) re-analyses the open C# file', async () => {
    writeFileSync(join(ws, 'App', 'App.csproj'), PROJECT('v4.8'));
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: projUri, type: 2 }] });
    await client.waitForDiagnostics(programUri, (d) => !tls027(d), 'TLS027 gone after the project moved to 4.8 on disk');
  });
});
