import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';
import { PublishDiagnosticsParams } from 'vscode-languageserver-protocol/node';
import { REPO_ROOT } from '../support/engineHarness';
import { TestLspClient } from './lspClient';

/** Case folders per server in the fixture test (each case a workspace folder of its own). */
const CASES_PER_SERVER = 40;

/** Starts a server on several workspace folders (initialize + initialized), as VS Code does for a multi-root workspace. */
async function startOn(folders: readonly string[]): Promise<TestLspClient> {
  const client = TestLspClient.start('stdio');
  await client.connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri: pathToFileURL(folders[0] ?? '/').toString(),
    workspaceFolders: folders.map((f, i) => ({ uri: pathToFileURL(f).toString(), name: `ws${i}` })),
    capabilities: { workspace: { configuration: true, workspaceFolders: true }, textDocument: { publishDiagnostics: { relatedInformation: true } } },
  });
  await client.connection.sendNotification('initialized', {});
  return client;
}

/** Opens files as an editor restoring its tabs does: right after `initialized`, before the start-up index is done. */
async function openAll(client: TestLspClient, files: readonly string[]): Promise<string[]> {
  const uris: string[] = [];
  for (const file of files) {
    const uri = pathToFileURL(file).toString();
    uris.push(uri);
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'plaintext', version: 1, text: readFileSync(file, 'utf8') } });
  }
  return uris;
}

/** The position of the start-up index's completion among the publications (publications before it came early). */
async function indexedAt(client: TestLspClient): Promise<number> {
  const line = await client.waitFor(
    () => client.notifications.find((n) => n.method === 'window/logMessage' && /^indexed \d+ project/.test((n.params as { message: string }).message)),
    'the start-up index',
    60_000,
  );
  return line.afterPublications ?? 0;
}

/** Every publication of `uri`, in order. */
function publicationsOf(client: TestLspClient, uri: string): PublishDiagnosticsParams[] {
  return client.publications.filter((p) => p.uri === uri);
}

/** Waits until every URI has a publication after the index (the start-up analysis re-analyses every open document). */
async function finalPublications(client: TestLspClient, uris: readonly string[], indexed: number): Promise<void> {
  await client.waitFor(
    () => {
      const after = new Set(client.publications.slice(indexed).map((p) => p.uri));
      return uris.every((u) => after.has(u));
    },
    'a publication of every open document after the start-up index',
    120_000,
  );
  // Re-analyses that one document's analysis schedules for others (a changed index) come later: wait for a quiet spell.
  for (let seen = -1; seen !== client.publications.length; ) {
    seen = client.publications.length;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** Every file under a folder. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : e.isFile() ? [join(dir, e.name)] : []));
}

/** The fixture workspaces: each case folder of rules/ and conformance/ (two levels down), each folder of the others. */
function fixtureWorkspaces(): string[] {
  const root = join(REPO_ROOT, 'test', 'fixtures');
  const subfolders = (dir: string): string[] => readdirSync(dir).map((n) => join(dir, n)).filter((p) => statSync(p).isDirectory());
  return subfolders(root).flatMap((group) => {
    const inner = subfolders(group);
    if (inner.length === 0) {
      return [group];
    }
    return inner.flatMap((sub) => (['rules', 'conformance'].some((g) => group.endsWith(g)) && subfolders(sub).length > 0 ? subfolders(sub) : [sub]));
  });
}

/** A legacy console project targeting .NET Framework 4.5.2 that references the Dynamics client (a TLS001 finding). */
const PROJECT = (compile: string): string => `<Project ToolsVersion="15.0" xmlns="http://schemas.microsoft.com/developer/msbuild/2003">
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <TargetFrameworkVersion>v4.5.2</TargetFrameworkVersion>
  </PropertyGroup>
  <ItemGroup>
    <Reference Include="Microsoft.Xrm.Tooling.Connector" />
    ${compile}
  </ItemGroup>
</Project>
`;

describe('the start-up index publishes open documents that need only their project group first', () => {
  it('an open project file gets its diagnostics before the rest of the workspace is indexed, equal to those after', async () => {
    const ws = mkdtempSync(join(tmpdir(), 'dtls-early-'));
    mkdirSync(join(ws, 'App'));
    writeFileSync(join(ws, 'App', 'App.csproj'), PROJECT('<Compile Include="Program.cs" />'));
    writeFileSync(join(ws, 'App', 'Program.cs'), 'class Program { static void Main() { var c = new Microsoft.Xrm.Tooling.Connector.CrmServiceClient("x"); } }\n');
    // Another project with many source files that pass the gate: indexing them takes a while.
    mkdirSync(join(ws, 'Big'));
    const items: string[] = [];
    for (let i = 0; i < 400; i++) {
      writeFileSync(join(ws, 'Big', `File${i}.cs`), `class File${i} { void M() { System.Net.ServicePointManager.SecurityProtocol = System.Net.SecurityProtocolType.Tls12; } }\n`);
      items.push(`<Compile Include="File${i}.cs" />`);
    }
    writeFileSync(join(ws, 'Big', 'Big.csproj'), PROJECT(items.join('\n    ')));
    const client = await startOn([ws]);
    try {
      const [proj] = await openAll(client, [join(ws, 'App', 'App.csproj')]);
      const uri = proj ?? '';
      const indexed = await indexedAt(client);
      await finalPublications(client, [uri], indexed);
      const all = publicationsOf(client, uri);
      const firstAt = client.publications.indexOf(all[0] as PublishDiagnosticsParams);
      assert.ok(firstAt >= 0 && firstAt < indexed, `the project file was published before the index was complete (publication ${firstAt}, index complete after ${indexed})`);
      assert.ok((all[0]?.diagnostics.length ?? 0) > 0, 'with its findings');
      assert.deepEqual(all[0]?.diagnostics, all[all.length - 1]?.diagnostics, 'the early diagnostics are the final ones');
      assert.ok(client.logLines().some((l) => l.startsWith('start-up index: 1 open document(s) need only 1 project(s)')), client.logLines().join('\n'));
    } finally {
      await client.stop();
    }
  });

  it('a large workspace: the server thread loads no C# grammar for the start-up index nor for a check asked for during it', async () => {
    const ws = mkdtempSync(join(tmpdir(), 'dtls-early-'));
    mkdirSync(join(ws, 'App'));
    // 300 files of ≈ 1 KB that pass the gate: more than the pool's threshold (256 KB) for starting its workers.
    const filler = `// ${'padding '.repeat(110)}\n`;
    for (let i = 0; i < 300; i++) {
      writeFileSync(join(ws, 'App', `File${i}.cs`), `${filler}class File${i} { void M() { var c = new Microsoft.Xrm.Tooling.Connector.CrmServiceClient("x"); } }\n`);
    }
    writeFileSync(join(ws, 'App', 'App.csproj'), PROJECT('<Compile Include="*.cs" />'));
    const client = await startOn([ws]);
    try {
      await openAll(client, [join(ws, 'App', 'App.csproj')]);
      const check = (await client.connection.sendRequest('dynamicsTls/checkWorkspace', {})) as { files: number };
      assert.equal(check.files, 301, 'every file checked');
      const lines = client.logLines();
      // The index leaves one core to the server's thread (and starts two workers at most); the check takes them all.
      const cores = availableParallelism();
      assert.ok(lines.some((l) => new RegExp(`^indexed 1 project\\(s\\) in \\d+ ms on ${Math.min(2, Math.max(1, cores - 1))} worker thread`).test(l)), lines.join('\n'));
      assert.ok(lines.some((l) => new RegExp(`^check: 301 file\\(s\\), \\d+ finding\\(s\\) in \\d+ ms on ${cores} worker thread`).test(l)), lines.join('\n'));
      assert.ok(!lines.some((l) => l.startsWith('grammar c_sharp ready')), `the server's own thread loaded the C# grammar:\n${lines.join('\n')}`);
    } finally {
      await client.stop();
    }
  });

  it('every fixture workspace, every file open at start-up: the first diagnostics equal those after the complete index', async () => {
    const workspaces = fixtureWorkspaces();
    let early = 0;
    let compared = 0;
    for (let i = 0; i < workspaces.length; i += CASES_PER_SERVER) {
      const folders = workspaces.slice(i, i + CASES_PER_SERVER);
      const client = await startOn(folders);
      try {
        const uris = await openAll(client, folders.flatMap(filesUnder));
        const indexed = await indexedAt(client);
        await finalPublications(client, uris, indexed);
        for (const uri of uris) {
          const all = publicationsOf(client, uri);
          const first = all[0];
          const last = all[all.length - 1];
          if (first && client.publications.indexOf(first) < indexed) {
            early++;
          }
          assert.deepEqual(first?.diagnostics, last?.diagnostics, `${uri}: the first diagnostics differ from those after the start-up index`);
          compared++;
        }
      } finally {
        await client.stop();
      }
    }
    assert.ok(compared > 1000, `compared ${compared} documents`);
    assert.ok(early > 100, `${early} of ${compared} documents were published before the index was complete`);
  });
});
