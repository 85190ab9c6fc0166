import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { normalizePath } from '../../server/src/engine/project/paths';
import { LadderStep, configTargetOf, ladderSeverity, ladderStep, runtimeOf } from '../../server/src/engine/project/runtime';
import { scanFolder } from '../support/engineHarness';

const oldStyle = (props: string): string =>
  `<Project ToolsVersion="15.0" xmlns="http://schemas.microsoft.com/developer/msbuild/2003">\n  <PropertyGroup>\n${props}  </PropertyGroup>\n  <ItemGroup>\n    <Compile Include="Code.cs" />\n  </ItemGroup>\n</Project>\n`;
const sdk = (props: string, sdkName = 'Microsoft.NET.Sdk'): string => `<Project Sdk="${sdkName}">\n  <PropertyGroup>\n${props}  </PropertyGroup>\n</Project>\n`;
const exe = '    <OutputType>Exe</OutputType>\n';
const plainCode = 'class Code { }\n';
const webConfig = (httpRuntime: string): string => `<configuration>\n  <system.web>\n    ${httpRuntime}\n  </system.web>\n</configuration>\n`;

/** One project shape of the fixtures: its files (App/Code.cs is the file asked about) and the runtime it must get. */
interface Shape {
  name: string;
  files: Record<string, string>;
  kind: string;
  target: string | undefined;
  source: string;
  /** The default protocol set (SecurityProtocolType bits; 0 = the OS chooses) and how it is judged. */
  defaults: [number, string];
  /** The file asked about, when not App/Code.cs. */
  file?: string;
}

const SHAPES: Shape[] = [
  { name: 'old-style exe 4.5.2', files: { 'App/App.csproj': oldStyle(`${exe}    <TargetFrameworkVersion>v4.5.2</TargetFrameworkVersion>\n`), 'App/Code.cs': plainCode }, kind: 'exe', target: '.NET Framework 4.5.2', source: 'compile target', defaults: [240, 'netfx'] },
  { name: 'SDK-style exe net48', files: { 'App/App.csproj': sdk(`${exe}    <TargetFramework>net48</TargetFramework>\n`), 'App/Code.cs': plainCode }, kind: 'exe', target: '.NET Framework 4.8', source: 'compile target', defaults: [0, 'netfx'] },
  { name: 'multi-target net462;net8.0 (the lowest decides)', files: { 'App/App.csproj': sdk(`${exe}    <TargetFrameworks>net8.0;net462</TargetFrameworks>\n`), 'App/Code.cs': plainCode }, kind: 'exe', target: '.NET Framework 4.6.2', source: 'compile target', defaults: [4032, 'netfx'] },
  { name: 'modern exe net8.0', files: { 'App/App.csproj': sdk(`${exe}    <TargetFramework>net8.0</TargetFramework>\n`), 'App/Code.cs': plainCode }, kind: 'exe', target: '.NET 8.0', source: 'compile target', defaults: [0, 'modern'] },
  {
    name: 'web app with httpRuntime targetFramework',
    files: { 'App/App.csproj': sdk('    <TargetFramework>net48</TargetFramework>\n', 'Microsoft.NET.Sdk.Web'), 'App/web.config': webConfig('<httpRuntime targetFramework="4.5.2" />'), 'App/Code.cs': plainCode },
    kind: 'web',
    target: '.NET Framework 4.5.2',
    source: 'httpRuntime',
    defaults: [240, 'netfx'],
  },
  {
    name: 'web app without httpRuntime targetFramework (4.0 behaviour)',
    files: { 'App/App.csproj': sdk('    <TargetFramework>net48</TargetFramework>\n', 'Microsoft.NET.Sdk.Web'), 'App/web.config': webConfig('<httpRuntime />'), 'App/Code.cs': plainCode },
    kind: 'web',
    target: ".NET Framework 4.0 (ASP.NET's behaviour when web.config httpRuntime has no targetFramework)",
    source: 'ASP.NET without httpRuntime targetFramework',
    defaults: [240, 'netfx'],
  },
  {
    name: 'web app whose httpRuntime targetFramework sits in <location path=".">: it applies to the app (as TLS013 reads it)',
    files: { 'App/App.csproj': sdk('    <TargetFramework>net48</TargetFramework>\n', 'Microsoft.NET.Sdk.Web'), 'App/web.config': '<configuration>\n  <location path=".">\n    <system.web>\n      <httpRuntime targetFramework="4.5.2" />\n    </system.web>\n  </location>\n</configuration>\n', 'App/Code.cs': plainCode },
    kind: 'web',
    target: '.NET Framework 4.5.2',
    source: 'httpRuntime',
    defaults: [240, 'netfx'],
  },
  {
    name: 'web app whose only httpRuntime targetFramework sits in <location path="Admin">: not the app’s (4.0 behaviour, as TLS013 reads it)',
    files: { 'App/App.csproj': sdk('    <TargetFramework>net48</TargetFramework>\n', 'Microsoft.NET.Sdk.Web'), 'App/web.config': '<configuration>\n  <system.web />\n  <location path="Admin">\n    <system.web>\n      <httpRuntime targetFramework="4.8" />\n    </system.web>\n  </location>\n</configuration>\n', 'App/Code.cs': plainCode },
    kind: 'web',
    target: ".NET Framework 4.0 (ASP.NET's behaviour when web.config httpRuntime has no targetFramework)",
    source: 'ASP.NET without httpRuntime targetFramework',
    defaults: [240, 'netfx'],
  },
  {
    name: 'binary PowerShell module (Cmdlet class, net48)',
    files: { 'App/App.csproj': sdk('    <TargetFramework>net48</TargetFramework>\n'), 'App/Code.cs': 'using System.Management.Automation;\n[Cmdlet(VerbsCommon.Get, "Thing")]\npublic class GetThing : PSCmdlet { }\n' },
    kind: 'powershellModule',
    target: 'Windows PowerShell 5.1, which loads this binary module with .NET Framework 4.0 behaviour whatever it targets',
    source: 'Windows PowerShell 5.1',
    defaults: [240, 'netfx'],
  },
  {
    name: 'plug-in (IPlugin class, net462)',
    files: { 'App/App.csproj': sdk('    <TargetFramework>net462</TargetFramework>\n'), 'App/Code.cs': 'using Microsoft.Xrm.Sdk;\npublic class Plugin : IPlugin { public void Execute(System.IServiceProvider p) { } }\n' },
    kind: 'plugin',
    target: '.NET Framework 4.6.2',
    source: 'compile target',
    defaults: [4032, 'netfx'],
  },
  { name: 'library netstandard2.0 (the host decides)', files: { 'App/App.csproj': sdk('    <TargetFramework>netstandard2.0</TargetFramework>\n'), 'App/Code.cs': plainCode }, kind: 'library', target: '.NET Standard 2.0', source: 'compile target', defaults: [240, 'unknown'] },
  { name: 'loose file (no project compiles it)', files: { 'App/Code.cs': plainCode }, kind: 'loose', target: undefined, source: 'unknown', defaults: [240, 'unknown'] },
  { name: 'project with no target element (4.0 behaviour)', files: { 'App/App.csproj': oldStyle(exe), 'App/Code.cs': plainCode }, kind: 'exe', target: '.NET Framework 4.0 (no target framework set)', source: 'no target element', defaults: [240, 'netfx'] },
  {
    name: 'test project (test SDK package, net462): run by a test host as an executable',
    files: { 'App/App.csproj': sdk('    <TargetFramework>net462</TargetFramework>\n  </PropertyGroup>\n  <ItemGroup>\n    <PackageReference Include="Microsoft.NET.Test.Sdk" Version="17.8.0" />\n  </ItemGroup>\n  <PropertyGroup>\n'), 'App/Code.cs': plainCode },
    kind: 'exe',
    target: '.NET Framework 4.6.2',
    source: 'compile target',
    defaults: [4032, 'netfx'],
  },
  {
    name: 'shared project file (.projitems) judged by the exe that imports it',
    files: {
      'Shared/Shared.projitems': '<Project xmlns="http://schemas.microsoft.com/developer/msbuild/2003">\n  <ItemGroup>\n    <Compile Include="$(MSBuildThisFileDirectory)Code.cs" />\n  </ItemGroup>\n</Project>\n',
      'Shared/Code.cs': plainCode,
      'App/App.csproj': oldStyle(`${exe}    <TargetFrameworkVersion>v4.5.2</TargetFrameworkVersion>\n`).replace('</Project>', '  <Import Project="..\\Shared\\Shared.projitems" Label="Shared" />\n</Project>'),
    },
    file: 'Shared/Code.cs',
    kind: 'exe',
    target: '.NET Framework 4.5.2',
    source: 'compile target',
    defaults: [240, 'netfx'],
  },
  { name: 'unresolved target property', files: { 'App/App.csproj': sdk(`${exe}    <TargetFramework>$(MissingTfm)</TargetFramework>\n`), 'App/Code.cs': plainCode }, kind: 'exe', target: undefined, source: 'unknown', defaults: [240, 'unknown'] },
];

describe('project/runtime.ts: which process runs a file, for every project shape the fixtures have', () => {
  for (const shape of SHAPES) {
    it(shape.name, async () => {
      const root = mkdtempSync(join(tmpdir(), 'dtls-runtime-'));
      for (const [rel, text] of Object.entries(shape.files)) {
        mkdirSync(dirname(join(root, rel)), { recursive: true });
        writeFileSync(join(root, rel), text);
      }
      const { analyzer } = await scanFolder(root);
      const index = analyzer.index;
      const runtime = runtimeOf(index.ownerOf(normalizePath(join(root, shape.file ?? 'App/Code.cs'))), (path) => index.file(path));
      assert.deepEqual(
        { kind: runtime.kind, target: runtime.target?.display, source: runtime.source, defaults: [runtime.defaults.defaultSet, runtime.defaults.family] },
        { kind: shape.kind, target: shape.target, source: shape.source, defaults: shape.defaults },
      );
    });
  }
});

describe('the severity ladder', () => {
  it('on-premises or a library → information; a module or an unknown target → warning; else the rule\'s own', () => {
    const steps: LadderStep[] = ['onPremises', 'library', 'powershellModule', 'unknownTarget', 'process'];
    assert.deepEqual(steps.map((s) => ladderSeverity(s, 'error')), ['information', 'information', 'warning', 'warning', 'error']);
    const netfx = { family: 'netfx' as const, target: undefined, defaultSet: 240, label: '' };
    assert.equal(ladderStep({ kind: 'exe', defaults: netfx }, true), 'onPremises', 'on-premises evidence wins');
    assert.equal(ladderStep({ kind: 'plugin', defaults: netfx }, false), 'library');
    assert.equal(ladderStep({ kind: 'exe', defaults: { ...netfx, family: 'unknown' } }, false), 'unknownTarget');
    assert.equal(ladderStep({ kind: 'web', defaults: netfx }, false), 'process');
  });
});

/** A config file's shape: its files (the config asked about is `config`) and the target its switches are judged on. */
interface ConfigShape {
  name: string;
  files: Record<string, string>;
  config: string;
  target: string | undefined;
  source: string;
  evidence: string[];
}

const CONFIG_SHAPES: ConfigShape[] = [
  { name: 'exe App.config: the compile target', files: { 'App/App.csproj': sdk(`${exe}    <TargetFramework>net452</TargetFramework>\n`), 'App/App.config': '<configuration />\n' }, config: 'App/App.config', target: '.NET Framework 4.5.2', source: 'compile target', evidence: ['the project targets .NET Framework 4.5.2'] },
  {
    name: 'web.config with httpRuntime targetFramework: the runtime target',
    files: { 'App/App.csproj': sdk('    <TargetFramework>net48</TargetFramework>\n', 'Microsoft.NET.Sdk.Web'), 'App/web.config': webConfig('<httpRuntime targetFramework="4.5.2" />') },
    config: 'App/web.config',
    target: '.NET Framework 4.5.2',
    source: 'httpRuntime',
    evidence: ['httpRuntime targetFramework="4.5.2" sets the runtime target'],
  },
  {
    name: 'web.config without httpRuntime targetFramework: the compile target (no 4.0 fallback for switches)',
    files: { 'App/App.csproj': sdk('    <TargetFramework>net48</TargetFramework>\n', 'Microsoft.NET.Sdk.Web'), 'App/web.config': webConfig('<httpRuntime />') },
    config: 'App/web.config',
    target: '.NET Framework 4.8',
    source: 'compile target',
    evidence: ['the project targets .NET Framework 4.8'],
  },
  { name: 'loose web.config with httpRuntime targetFramework', files: { 'Site/web.config': webConfig('<httpRuntime targetFramework="4.7.2" />') }, config: 'Site/web.config', target: '.NET Framework 4.7.2', source: 'httpRuntime', evidence: ['httpRuntime targetFramework="4.7.2" sets the runtime target'] },
  { name: 'loose App.config', files: { 'Tool/App.config': '<configuration />\n' }, config: 'Tool/App.config', target: undefined, source: 'unknown', evidence: [] },
  { name: 'unresolved target property', files: { 'App/App.csproj': sdk(`${exe}    <TargetFramework>$(MissingTfm)</TargetFramework>\n`), 'App/App.config': '<configuration />\n' }, config: 'App/App.config', target: undefined, source: 'unknown', evidence: ['the project targets $(MissingTfm)'] },
];

describe('project/runtime.ts: the target a config file is judged on, for every config shape', () => {
  for (const shape of CONFIG_SHAPES) {
    it(shape.name, async () => {
      const root = mkdtempSync(join(tmpdir(), 'dtls-config-target-'));
      for (const [rel, text] of Object.entries(shape.files)) {
        mkdirSync(dirname(join(root, rel)), { recursive: true });
        writeFileSync(join(root, rel), text);
      }
      const { analyzer } = await scanFolder(root);
      const path = normalizePath(join(root, shape.config));
      const file = analyzer.index.file(path);
      assert.ok(file, `${shape.config} is indexed`);
      const got = configTargetOf(path, file.xml, analyzer.index.ownerOf(path));
      assert.deepEqual(
        { target: got.target?.display, source: got.source, evidence: got.evidence.map((e) => e.description) },
        { target: shape.target, source: shape.source, evidence: shape.evidence },
      );
    });
  }
});
