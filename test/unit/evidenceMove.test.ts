import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Analyzer } from '../../server/src/engine/analyzer';
import { createAnalyzer } from '../../server/src/engine/engine';
import { ParserBackend } from '../../server/src/engine/parsing/parserPort';
import { backend } from '../support/engineHarness';
import { applySeededEdits } from '../support/seededEdits';

const LIB = '/ws/Lib/Lib.csproj';
const APP = '/ws/App/App.csproj';
const CODE = '/ws/Lib/Conn.cs';
const PROJECTS: [string, string][] = [
  [LIB, '<Project Sdk="Microsoft.NET.Sdk">\n  <PropertyGroup>\n    <TargetFramework>net462</TargetFramework>\n  </PropertyGroup>\n</Project>\n'],
  [APP, '<Project Sdk="Microsoft.NET.Sdk">\n  <PropertyGroup>\n    <OutputType>Exe</OutputType>\n    <TargetFramework>net452</TargetFramework>\n  </PropertyGroup>\n  <ItemGroup>\n    <ProjectReference Include="..\\Lib\\Lib.csproj" />\n  </ItemGroup>\n</Project>\n'],
];

/** A library file with the evidence a project model takes from code: a client creation, a subclass's, connection strings, an enabling write (the executable inherits them). */
const SOURCE = [
  'using System;',
  'using System.Net;',
  'using Microsoft.Xrm.Sdk;',
  'using Microsoft.Xrm.Tooling.Connector;',
  'namespace Lib',
  '{',
  '  // notes',
  '  public class MyClient : CrmServiceClient { public MyClient(string c) : base(c) { } }',
  '  public abstract class PluginBase : IPlugin { public void Execute(IServiceProvider s) { } }',
  '  public static class Conn',
  '  {',
  '    const string Url = "AuthType=OAuth;Url=https://contoso.crm.dynamics.com";',
  '    public static object Open()',
  '    {',
  '      ServicePointManager.SecurityProtocol |= SecurityProtocolType.Tls12;',
  '      // between',
  '      var a = new CrmServiceClient(Url);',
  '      var b = new MyClient("AuthType=AD;Url=https://onprem.contoso.local");',
  '      return a;',
  '    }',
  '  }',
  '}',
  '',
].join('\n');

function analyzerWith(parser: ParserBackend, text: string): Analyzer {
  const analyzer = createAnalyzer(parser);
  for (const [path, project] of PROJECTS) {
    analyzer.index.upsert({ path, text: project });
  }
  analyzer.updateFacts(CODE, text);
  return analyzer;
}

/** What the index says of the projects and of the file's evidence, and what the project files' analyses report. */
function state(analyzer: Analyzer): string {
  const index = analyzer.index;
  const projects = index.projects().map((m) => {
    const lists = [m.dynamicsEvidence, m.tlsEnablement, m.pluginEvidence, m.cmdletEvidence];
    return { path: m.path, kind: m.kind, lists, ranges: lists.flat().map((e) => index.sourceRange(e.path, e.start, e.end)) };
  });
  const findings = PROJECTS.map(([path, text]) => analyzer.analyze(path, text));
  return JSON.stringify([projects, index.factsOf(CODE), findings]);
}

describe('project models after a keystroke that only moves a file\'s evidence', () => {
  it('move the evidence in the built models, as building them again gives, edit after edit', async () => {
    const parser = await backend();
    const incremental = analyzerWith(parser, SOURCE);
    state(incremental);
    const edits: [string, string][] = [
      // Before every piece of evidence, between them, after them, and inside one (its end moves).
      ['// notes', '// notes and more'],
      ['// between', '// in between'],
      ['return a;', 'return  a;'],
      ['new CrmServiceClient(Url)', 'new CrmServiceClient( Url )'],
      ['// notes and more', '// notes'],
      // What the models read changes: built again.
      ['contoso.crm', 'contoso2.crm'],
      ['|= SecurityProtocolType.Tls12', '= SecurityProtocolType.Tls'],
      ['= SecurityProtocolType.Tls;', '|= SecurityProtocolType.Tls12;'],
      ['contoso2.crm', 'contoso.crm'],
      ['new CrmServiceClient( Url )', 'new CrmServiceClient(Url)'],
    ];
    let moved = 0;
    applySeededEdits(SOURCE, edits, 5, 3, (text, label) => {
      const app = incremental.index.project(APP);
      const generation = incremental.index.generation;
      incremental.updateFacts(CODE, text);
      // The facts changed (a new generation: the other open files are analysed again) and the models were kept.
      moved += incremental.index.generation !== generation && incremental.index.project(APP) === app ? 1 : 0;
      assert.equal(state(incremental), state(analyzerWith(parser, text)), label);
    });
    assert.ok(moved > 0, 'no keystroke kept the models');
  });
});
