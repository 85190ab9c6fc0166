import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createAnalyzer } from '../../server/src/engine/engine';
import { GrammarId } from '../../server/src/engine/model/fileKind';
import { ParserBackend, SyntaxTree } from '../../server/src/engine/parsing/parserPort';
import { normalizePath } from '../../server/src/engine/project/paths';
import { scanWorkspace } from '../../server/src/engine/scan/workspaceScan';
import { nodeFileSystem } from '../../server/src/node/nodeFileSystem';
import { backend } from '../support/engineHarness';

const PROJECT = `<Project ToolsVersion="15.0" xmlns="http://schemas.microsoft.com/developer/msbuild/2003">
  <PropertyGroup><OutputType>Exe</OutputType><TargetFrameworkVersion>v4.5.2</TargetFrameworkVersion></PropertyGroup>
  <ItemGroup><Compile Include="*.cs" /></ItemGroup>
</Project>
`;

/** C# files that exercise every record kind, ordering across methods, and one suppression comment. */
const SOURCES: Record<string, string> = {
  'Writes.cs': [
    'using System.Net;',
    'class Writes',
    '{',
    '    const SecurityProtocolType Legacy = SecurityProtocolType.Tls | SecurityProtocolType.Tls11;',
    '    static void A() { ServicePointManager.SecurityProtocol = Legacy; }',
    '    static void B() { ServicePointManager.SecurityProtocol = SecurityProtocolType.Tls12; }',
    '    static void C() { var p = SecurityProtocolType.Ssl3; ServicePointManager.SecurityProtocol = p; }',
    '}',
    '',
  ].join('\r\n'),
  'Clients.cs': [
    'using System;',
    'using System.Net;',
    'using System.Net.Security;',
    'using System.Security.Authentication;',
    'using Microsoft.Xrm.Tooling.Connector;',
    'class Clients',
    '{',
    '    static void Late(string cs)',
    '    {',
    '        var c = new CrmServiceClient(cs);',
    '        ServicePointManager.SecurityProtocol |= SecurityProtocolType.Tls12;',
    '    }',
    '    static void Plain(string cs) { var c = new CrmServiceClient(cs); }',
    '    static void Stream(SslStream s) { s.AuthenticateAsClient("h", null, SslProtocols.Tls, false); }',
    '    static void Switch() { AppContext.SetSwitch("Switch.System.Net.DontEnableSchUseStrongCrypto", true); }',
    '}',
    '',
  ].join('\n'),
  'Suppressed.cs': [
    'using System.Net;',
    'class Suppressed',
    '{',
    '    // tls-readiness-disable-next-line TLS020',
    '    static void A() { ServicePointManager.SecurityProtocol = SecurityProtocolType.Tls; }',
    '    static void B() { ServicePointManager.SecurityProtocol = SecurityProtocolType.Tls11; }',
    '}',
    '',
  ].join('\n'),
};

const OTHER = 'using Microsoft.Xrm.Tooling.Connector;\nclass Other { static void Main(string[] a) { var c = new CrmServiceClient(a[0]); } }\n';

/** A backend that counts how often each text is parsed. */
function counting(inner: ParserBackend, counts: Map<string, number>): ParserBackend {
  return {
    name: inner.name,
    parse(grammar: GrammarId, text: string, previous?: SyntaxTree): SyntaxTree {
      counts.set(text, (counts.get(text) ?? 0) + 1);
      return inner.parse(grammar, text, previous);
    },
    prepare: (grammar) => inner.prepare(grammar),
  };
}

describe('workspace scan: a C# file is parsed once and analysed from its kept records', () => {
  let root = '';
  before(() => {
    root = mkdtempSync(join(tmpdir(), 'dtls-single-pass-'));
    mkdirSync(join(root, 'App'));
    writeFileSync(join(root, 'App', 'App.csproj'), PROJECT);
    for (const [name, text] of Object.entries(SOURCES)) {
      writeFileSync(join(root, 'App', name), text);
    }
    // A second project with nothing that enables TLS 1.2 (TLS027).
    mkdirSync(join(root, 'Other'));
    writeFileSync(join(root, 'Other', 'Other.csproj'), PROJECT);
    writeFileSync(join(root, 'Other', 'Other.cs'), OTHER);
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('parses each C# file without a suppression comment once, and finds what a per-file analysis with a tree finds', async () => {
    const counts = new Map<string, number>();
    const analyzer = createAnalyzer(counting(await backend(), counts));
    // No kept-tree budget: only the records can spare the second parse.
    const result = await scanWorkspace(nodeFileSystem, analyzer, { roots: [normalizePath(root)], excludes: [], maxFileSizeKB: 1024, keptTreeBudget: 0 });
    assert.equal(counts.get(SOURCES['Writes.cs'] ?? ''), 1);
    assert.equal(counts.get(SOURCES['Clients.cs'] ?? ''), 1);
    assert.equal(counts.get(SOURCES['Suppressed.cs'] ?? ''), 2, 'a file with a suppression comment is parsed again for the comment');

    assert.equal(counts.get(OTHER), 1);
    const files = [...Object.entries(SOURCES).map(([name, text]) => [join(root, 'App', name), text]), [join(root, 'Other', 'Other.cs'), OTHER]];
    const perFile = files.flatMap(([path, text]) => analyzer.analyze(normalizePath(path ?? ''), text ?? ''));
    const csharp = (fs: typeof perFile): string[] => fs.filter((f) => f.path.endsWith('.cs')).map((f) => JSON.stringify(f)).sort();
    assert.deepEqual(csharp(result.findings), csharp(perFile));
    const rules = new Set(csharp(result.findings).map((f) => (JSON.parse(f) as { ruleId: string }).ruleId));
    for (const id of ['TLS020', 'TLS022', 'TLS024', 'TLS025', 'TLS026', 'TLS027']) {
      assert.ok(rules.has(id), `${id} is found from kept records`);
    }
    assert.ok(!result.findings.some((f) => f.path.endsWith('Suppressed.cs') && f.range.start.line === 4), 'the suppressed line stays suppressed');
  });
});
