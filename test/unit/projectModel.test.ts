import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createAnalyzer } from '../../server/src/engine/engine';
import { classifyConnectionString, isDynamicsAssembly, isDynamicsPackage, onlyOnPremises } from '../../server/src/engine/project/dynamicsEvidence';
import { isPreV9 } from '../../server/src/engine/project/sdkPackages';
import { NO_TARGET_BEHAVIOUR } from '../../server/src/engine/project/projectModel';
import { WorkspaceIndex } from '../../server/src/engine/project/workspaceIndex';
import { backend } from '../support/engineHarness';

/** An index over in-memory files (absolute '/ws/…' paths), with C# facts extracted like the scan does. */
async function indexOf(files: Record<string, string>): Promise<WorkspaceIndex> {
  const analyzer = createAnalyzer(await backend());
  for (const [path, text] of Object.entries(files)) {
    if (path.endsWith('.cs')) {
      analyzer.updateFacts(path, text);
    } else {
      analyzer.index.upsert({ path, text });
    }
  }
  return analyzer.index;
}

const OLD_STYLE = (body: string, tools = '14.0'): string => `<?xml version="1.0" encoding="utf-8"?>
<Project ToolsVersion="${tools}" DefaultTargets="Build" xmlns="http://schemas.microsoft.com/developer/msbuild/2003">
${body}
  <Import Project="$(MSBuildToolsPath)\\Microsoft.CSharp.targets" />
</Project>
`;

const PLUGIN_CODE = `using System;
using Microsoft.Xrm.Sdk;
namespace Contoso { public sealed class P : IPlugin { public void Execute(IServiceProvider s) { } } }
`;

describe('project model: MSBuild reading', () => {
  it('old-style project: ToolsVersion, OutputType, target, conditions per configuration (Debug wins for properties)', async () => {
    const index = await indexOf({
      '/ws/App/App.csproj': OLD_STYLE(`  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <TargetFrameworkVersion>v4.5.2</TargetFrameworkVersion>
  </PropertyGroup>
  <PropertyGroup Condition=" '$(Configuration)|$(Platform)' == 'Debug|AnyCPU' ">
    <OutputPath>bin\\Debug\\</OutputPath>
    <UseVSHostingProcess>true</UseVSHostingProcess>
  </PropertyGroup>
  <PropertyGroup Condition=" '$(Configuration)|$(Platform)' == 'Release|AnyCPU' ">
    <OutputPath>bin\\Release\\</OutputPath>
    <UseVSHostingProcess>false</UseVSHostingProcess>
  </PropertyGroup>`),
    });
    const model = index.project('/ws/App/App.csproj');
    assert.ok(model);
    assert.equal(model.toolsVersion, '14.0');
    assert.equal(model.outputType, 'exe');
    assert.equal(model.kind, 'client');
    assert.equal(model.sdkStyle, false);
    assert.equal(model.lowestTarget?.display, '.NET Framework 4.5.2');
    assert.equal(model.property('OutputPath'), 'bin\\Debug\\');
    assert.equal(model.property('UseVSHostingProcess'), 'true');
    const perConfig = model.file.properties.filter((p) => p.name === 'UseVSHostingProcess').map((p) => `${p.configuration}=${p.value}`);
    assert.deepEqual(perConfig, ['Debug=true', 'Release=false']);
  });

  it('resolves $(Property) from the file and from Directory.Build.props above it; the finding element is the literal one', async () => {
    const index = await indexOf({
      '/ws/Directory.Build.props': '<Project>\n  <PropertyGroup>\n    <CompanyTarget>v4.6.1</CompanyTarget>\n  </PropertyGroup>\n</Project>\n',
      '/ws/src/App/App.csproj': OLD_STYLE('  <PropertyGroup>\n    <OutputType>Exe</OutputType>\n    <Target>$(CompanyTarget)</Target>\n    <TargetFrameworkVersion>$(Target)</TargetFrameworkVersion>\n  </PropertyGroup>'),
    });
    const model = index.project('/ws/src/App/App.csproj');
    const def = model?.targets[0];
    assert.equal(def?.target?.display, '.NET Framework 4.6.1');
    assert.equal(def?.path, '/ws/Directory.Build.props');
    assert.equal(def?.element.localName, 'CompanyTarget');
    assert.ok(def?.tokenStart !== undefined);
  });

  it('an undefined property leaves the target unresolved with a reason (TLS005), never a silent skip', async () => {
    const index = await indexOf({ '/ws/A/A.csproj': OLD_STYLE('  <PropertyGroup>\n    <TargetFrameworkVersion>$(Nowhere)</TargetFrameworkVersion>\n  </PropertyGroup>') });
    const def = index.project('/ws/A/A.csproj')?.targets[0];
    assert.equal(def?.target, undefined);
    assert.match(def?.unresolvedReason ?? '', /\$\(Nowhere\) is not defined/);
  });

  it('multi-target SDK-style: one definition per TFM with its own offsets', async () => {
    const text = '<Project Sdk="Microsoft.NET.Sdk">\n  <PropertyGroup>\n    <TargetFrameworks>net452;net48;net8.0</TargetFrameworks>\n  </PropertyGroup>\n</Project>\n';
    const index = await indexOf({ '/ws/Lib/Lib.csproj': text });
    const model = index.project('/ws/Lib/Lib.csproj');
    assert.deepEqual(model?.targets.map((t) => [t.raw, text.slice(t.tokenStart, t.tokenEnd)]), [
      ['net452', 'net452'],
      ['net48', 'net48'],
      ['net8.0', 'net8.0'],
    ]);
    assert.equal(model?.lowestTarget?.raw, 'net452');
    assert.equal(model?.sdkStyle, true);
  });

  it('no target element: 4.0 behaviour; an opaque import instead makes the target unknown', async () => {
    const index = await indexOf({
      '/ws/A/A.csproj': OLD_STYLE('  <PropertyGroup>\n    <OutputType>Exe</OutputType>\n  </PropertyGroup>'),
      '/ws/B/B.csproj': OLD_STYLE('  <Import Project="..\\..\\build\\common.props" />\n  <PropertyGroup>\n    <OutputType>Exe</OutputType>\n  </PropertyGroup>'),
    });
    assert.equal(index.project('/ws/A/A.csproj')?.lowestTarget, NO_TARGET_BEHAVIOUR);
    const b = index.project('/ws/B/B.csproj');
    assert.equal(b?.lowestTarget, undefined);
    assert.deepEqual(b?.opaqueImports.map((i) => i.include), ['..\\..\\build\\common.props']);
  });

  it('commented-out XML is never analysed', async () => {
    const index = await indexOf({
      '/ws/A/A.csproj': OLD_STYLE('  <PropertyGroup>\n    <!-- <TargetFrameworkVersion>v4.0</TargetFrameworkVersion> -->\n    <TargetFrameworkVersion>v4.8</TargetFrameworkVersion>\n  </PropertyGroup>'),
      '/ws/A/App.config': '<configuration>\n  <!-- <connectionStrings><add name="x" connectionString="AuthType=AD;Url=http://crm.local/org" /></connectionStrings> -->\n</configuration>\n',
    });
    const model = index.project('/ws/A/A.csproj');
    assert.deepEqual(model?.targets.map((t) => t.raw), ['v4.8']);
    assert.deepEqual(model?.dynamicsEvidence, []);
  });

  it('malformed and truncated project files give partial results without throwing', async () => {
    const truncated = OLD_STYLE('  <PropertyGroup>\n    <OutputType>Exe</OutputType>\n    <TargetFrameworkVersion>v4.5.2</TargetFrameworkVersion>\n  </PropertyGroup>').slice(0, 330);
    const index = await indexOf({
      '/ws/T/T.csproj': truncated,
      '/ws/M/M.csproj': '<Project><PropertyGroup><TargetFrameworkVersion>v4.5</TargetFrameworkVersion><Broken attr=></PropertyGroup>',
      '/ws/E/E.csproj': '',
      '/ws/X/X.csproj': '\u0000\u0001 not xml at all <<<>>>',
    });
    assert.equal(index.project('/ws/T/T.csproj')?.lowestTarget?.display, '.NET Framework 4.5.2');
    assert.equal(index.project('/ws/M/M.csproj')?.lowestTarget?.display, '.NET Framework 4.5');
    assert.doesNotThrow(() => index.projects());
    assert.equal(index.project('/ws/E/E.csproj')?.targets.length, 0);
  });
});

describe('project model: kind', () => {
  it('web: Microsoft.NET.Sdk.Web, WebApplication targets, or a web.config with <system.web>', async () => {
    const index = await indexOf({
      '/ws/A/A.csproj': '<Project Sdk="Microsoft.NET.Sdk.Web"><PropertyGroup><TargetFramework>net48</TargetFramework></PropertyGroup></Project>',
      '/ws/B/B.csproj': OLD_STYLE('  <PropertyGroup><OutputType>Library</OutputType></PropertyGroup>\n  <Import Project="$(VSToolsPath)\\WebApplications\\Microsoft.WebApplication.targets" />'),
      '/ws/C/C.csproj': OLD_STYLE('  <PropertyGroup><OutputType>Library</OutputType></PropertyGroup>'),
      '/ws/C/Web.config': '<configuration><system.web><httpRuntime targetFramework="4.8" /></system.web></configuration>',
      '/ws/D/D.csproj': OLD_STYLE('  <PropertyGroup><OutputType>WinExe</OutputType></PropertyGroup>'),
      '/ws/E/E.csproj': OLD_STYLE('  <PropertyGroup><OutputType>Library</OutputType></PropertyGroup>'),
    });
    assert.deepEqual(['A', 'B', 'C', 'D', 'E'].map((n) => index.project(`/ws/${n}/${n}.csproj`)?.kind), ['web', 'web', 'web', 'client', 'library']);
  });

  it('plug-in: a Microsoft.Xrm.Sdk IPlugin class in a library; not an own IPlugin interface; CodeActivity needs the workflow SDK', async () => {
    const lib = OLD_STYLE('  <PropertyGroup><OutputType>Library</OutputType><TargetFrameworkVersion>v4.6.2</TargetFrameworkVersion></PropertyGroup>\n  <ItemGroup><Compile Include="P.cs" /></ItemGroup>');
    const workflowLib = OLD_STYLE(
      '  <PropertyGroup><OutputType>Library</OutputType></PropertyGroup>\n  <ItemGroup><Reference Include="Microsoft.Xrm.Sdk.Workflow, Version=9.0.0.0" /><Compile Include="P.cs" /></ItemGroup>',
    );
    const activity = 'using System.Activities;\nnamespace C { public sealed class A : CodeActivity { protected override void Execute(CodeActivityContext c) { } } }\n';
    const index = await indexOf({
      '/ws/Plugins/Plugins.csproj': lib,
      '/ws/Plugins/P.cs': PLUGIN_CODE,
      '/ws/Own/Own.csproj': lib,
      '/ws/Own/P.cs': 'namespace C { public interface IPlugin { } public sealed class X : IPlugin { } }\n',
      '/ws/Flow/Flow.csproj': workflowLib,
      '/ws/Flow/P.cs': activity,
      '/ws/Plain/Plain.csproj': lib,
      '/ws/Plain/P.cs': activity,
    });
    assert.equal(index.project('/ws/Plugins/Plugins.csproj')?.kind, 'plugin');
    assert.equal(index.project('/ws/Own/Own.csproj')?.kind, 'library');
    assert.equal(index.project('/ws/Flow/Flow.csproj')?.kind, 'plugin');
    assert.equal(index.project('/ws/Plain/Plain.csproj')?.kind, 'library');
  });
});

describe('project model: ownership, evidence and references', () => {
  it('config files belong to the project in their folder; C# files to the nearest project that compiles them', async () => {
    const index = await indexOf({
      '/ws/Old/Old.csproj': OLD_STYLE('  <ItemGroup><Compile Include="Src\\A.cs" /></ItemGroup>'),
      '/ws/Old/App.config': '<configuration />',
      '/ws/Sdk/Sdk.csproj': '<Project Sdk="Microsoft.NET.Sdk"><PropertyGroup><TargetFramework>net48</TargetFramework></PropertyGroup></Project>',
    });
    assert.equal(index.ownerOf('/ws/Old/App.config')?.path, '/ws/Old/Old.csproj');
    assert.equal(index.ownerOf('/ws/Old/Src/A.cs')?.path, '/ws/Old/Old.csproj');
    assert.equal(index.ownerOf('/ws/Old/Src/NotCompiled.cs'), undefined);
    assert.equal(index.ownerOf('/ws/Sdk/Deep/Er/B.cs')?.path, '/ws/Sdk/Sdk.csproj');
    assert.equal(index.ownerOf('/ws/Loose/C.cs'), undefined);
    assert.equal(index.ownerOf('/ws/Old/Views/Web.config'), undefined);
  });

  it('an SDK-style project does not compile what <Compile Remove> takes out, nor default items it turned off', async () => {
    const sdk = (body: string): string => `<Project Sdk="Microsoft.NET.Sdk"><PropertyGroup><TargetFramework>net452</TargetFramework>${body}</Project>`;
    const index = await indexOf({
      '/ws/Sdk/Sdk.csproj': sdk('</PropertyGroup><ItemGroup><Compile Remove="Legacy\\**;Old.cs" /></ItemGroup>'),
      '/ws/Explicit/Explicit.csproj': sdk('<EnableDefaultCompileItems>false</EnableDefaultCompileItems></PropertyGroup><ItemGroup><Compile Include="Src\\*.cs" /></ItemGroup>'),
      '/ws/Old/Old.csproj': OLD_STYLE('  <ItemGroup><Compile Include="Lib\\**" /></ItemGroup>'),
    });
    assert.equal(index.ownerOf('/ws/Old/Lib/A/B/C.cs')?.path, '/ws/Old/Old.csproj');
    assert.equal(index.ownerOf('/ws/Sdk/Legacy/Deep/A.cs'), undefined);
    assert.equal(index.ownerOf('/ws/Sdk/Old.cs'), undefined);
    assert.equal(index.ownerOf('/ws/Sdk/New.cs')?.path, '/ws/Sdk/Sdk.csproj');
    assert.equal(index.ownerOf('/ws/Sdk/App.config')?.path, '/ws/Sdk/Sdk.csproj');
    assert.equal(index.ownerOf('/ws/Explicit/Src/B.cs')?.path, '/ws/Explicit/Explicit.csproj');
    assert.equal(index.ownerOf('/ws/Explicit/Other/C.cs'), undefined);
  });

  it('old-style Compile items with ";" lists and ** / * wildcards own the files they match', async () => {
    const index = await indexOf({ '/ws/A/A.csproj': OLD_STYLE('  <ItemGroup><Compile Include="Src\\**\\*.cs;Other.cs" /></ItemGroup>') });
    assert.deepEqual(
      ['/ws/A/Src/X.cs', '/ws/A/Src/Deep/Y.cs', '/ws/A/Other.cs', '/ws/A/Not.cs', '/ws/A/Src/X.txt'].map((p) => index.ownerOf(p)?.path),
      ['/ws/A/A.csproj', '/ws/A/A.csproj', '/ws/A/A.csproj', undefined, undefined],
    );
  });

  it('Dynamics evidence with locations: SDK references, packages.config, connection strings online and on-premises, client creations', async () => {
    const index = await indexOf({
      '/ws/A/A.csproj': OLD_STYLE(
        '  <PropertyGroup><OutputType>Exe</OutputType></PropertyGroup>\n  <ItemGroup><Reference Include="Microsoft.Xrm.Sdk, Version=9.0.0.0" /><Compile Include="Program.cs" /></ItemGroup>',
      ),
      '/ws/A/packages.config': '<packages><package id="Microsoft.CrmSdk.CoreAssemblies" version="9.0.2.34" targetFramework="net452" /></packages>',
      '/ws/A/App.config':
        '<configuration><connectionStrings><add name="a" connectionString="AuthType=AD;Url=http://crm.contoso.local/org" /><add name="b" connectionString="AuthType=OAuth;Url=https://contoso.crm4.dynamics.com" /></connectionStrings></configuration>',
      '/ws/A/Program.cs': 'using Microsoft.Xrm.Tooling.Connector;\nclass P { static void Main() { var c = new CrmServiceClient("x"); } }\n',
    });
    const model = index.project('/ws/A/A.csproj');
    const evidence = model?.dynamicsEvidence ?? [];
    assert.deepEqual(
      evidence.map((e) => [e.description, e.deployment ?? '-']),
      [
        ['reference to Microsoft.Xrm.Sdk', '-'],
        ['package Microsoft.CrmSdk.CoreAssemblies in packages.config', '-'],
        ['on-premises connection string to crm.contoso.local in App.config', 'onPremises'],
        ['connection string to contoso.crm4.dynamics.com in App.config', 'online'],
        ['new CrmServiceClient(…)', '-'],
      ],
    );
    assert.equal(onlyOnPremises(evidence), false);
    assert.equal(onlyOnPremises(evidence.slice(0, 3)), true);
    const program = evidence[4];
    assert.equal(program?.path, '/ws/A/Program.cs');
  });

  it('TLS 1.2 enablement from config only when spelt exactly, set false and placed under configuration/runtime', async () => {
    const project = OLD_STYLE('  <PropertyGroup><OutputType>Exe</OutputType></PropertyGroup>');
    const index = await indexOf({
      '/ws/A/A.csproj': project,
      '/ws/A/App.config': '<configuration><runtime><AppContextSwitchOverrides value="Switch.System.Net.DontEnableSchUseStrongCrypto=false" /></runtime></configuration>',
      '/ws/B/B.csproj': project,
      '/ws/B/App.config': '<configuration><runtime><AppContextSwitchOverrides value="switch.system.net.dontenableschusestrongcrypto=false" /></runtime></configuration>',
      '/ws/C/C.csproj': project,
      '/ws/C/App.config': '<configuration><startup><AppContextSwitchOverrides value="Switch.System.Net.DontEnableSchUseStrongCrypto=false" /></startup></configuration>',
      '/ws/D/D.csproj': project,
      '/ws/D/Web.config': '<configuration><appSettings><add key="AppContext.SetSwitch:Switch.System.Net.DontEnableSchUseStrongCrypto" value="false" /></appSettings></configuration>',
    });
    assert.deepEqual(['A', 'B', 'C', 'D'].map((n) => index.project(`/ws/${n}/${n}.csproj`)?.tlsEnablement.length), [1, 0, 0, 1]);
  });

  it('an executable inherits the Dynamics evidence of the libraries it references; the library knows who loads it', async () => {
    const index = await indexOf({
      '/ws/App/App.csproj': OLD_STYLE('  <PropertyGroup><OutputType>Exe</OutputType></PropertyGroup>\n  <ItemGroup><ProjectReference Include="..\\Data\\Data.csproj" /></ItemGroup>'),
      '/ws/Data/Data.csproj': OLD_STYLE('  <PropertyGroup><OutputType>Library</OutputType></PropertyGroup>\n  <ItemGroup><ProjectReference Include="..\\Core\\Core.csproj" /></ItemGroup>'),
      '/ws/Core/Core.csproj': '<Project Sdk="Microsoft.NET.Sdk"><PropertyGroup><TargetFramework>net452</TargetFramework></PropertyGroup><ItemGroup><PackageReference Include="Microsoft.CrmSdk.XrmTooling.CoreAssembly" Version="9.0.2.34" /></ItemGroup></Project>',
    });
    const app = index.project('/ws/App/App.csproj');
    assert.deepEqual(app?.dynamicsEvidence.map((e) => e.description), ['package Microsoft.CrmSdk.XrmTooling.CoreAssembly (in referenced library Core.csproj)']);
    assert.deepEqual(index.project('/ws/Data/Data.csproj')?.referencedBy, ['/ws/App/App.csproj']);
    assert.deepEqual(index.project('/ws/Data/Data.csproj')?.dynamicsEvidence, []);
  });

  it('the index changes when a project file changes (the language server re-analyses open documents on it)', async () => {
    const index = await indexOf({ '/ws/A/A.csproj': OLD_STYLE('  <PropertyGroup><TargetFrameworkVersion>v4.5.2</TargetFrameworkVersion></PropertyGroup>') });
    const before = index.generation;
    index.upsert({ path: '/ws/A/A.csproj', text: OLD_STYLE('  <PropertyGroup><TargetFrameworkVersion>v4.8</TargetFrameworkVersion></PropertyGroup>') });
    assert.notEqual(index.generation, before);
    assert.equal(index.project('/ws/A/A.csproj')?.lowestTarget?.display, '.NET Framework 4.8');
    index.remove('/ws/A/A.csproj');
    assert.equal(index.project('/ws/A/A.csproj'), undefined);
  });
});

describe('SDK identity: exact assembly names and package ids', () => {
  it('knows the SDK assemblies by exact name and the packages by the reserved prefix, nothing else under Microsoft.Xrm.', () => {
    for (const name of ['Microsoft.Xrm.Sdk', 'Microsoft.Xrm.Sdk.Workflow', 'Microsoft.Xrm.Tooling.Connector, Version=2.2.0.0', 'Microsoft.Crm.Sdk.Proxy', 'Microsoft.Xrm.Client']) {
      assert.equal(isDynamicsAssembly(name), true, name);
    }
    for (const name of ['Microsoft.Xrm.Omnichannel.BotSDK', 'Microsoft.Xrm.Sdk.Fakes', 'Microsoft.Crm.SdkHelpers']) {
      assert.equal(isDynamicsAssembly(name), false, name);
    }
    assert.equal(isDynamicsPackage('Microsoft.CrmSdk.CoreAssemblies'), true);
    assert.equal(isDynamicsPackage('Microsoft.PowerPlatform.Dataverse.Client'), true);
    assert.equal(isDynamicsPackage('Microsoft.PowerPlatform.Dataverse.Client.Dynamics'), false);
    assert.equal(isDynamicsPackage('Microsoft.Xrm.Omnichannel.BotSDK'), false);
  });

  it('judges only the SDK as pre-v9: a Microsoft.Xrm.* package at 1.0 is not the SDK', () => {
    assert.equal(isPreV9({ id: 'Microsoft.CrmSdk.CoreAssemblies', version: '8.2.0.566', isPackage: true }), true);
    assert.equal(isPreV9({ id: 'Microsoft.Xrm.Sdk', version: '8.0.0.0', isPackage: false }), true);
    assert.equal(isPreV9({ id: 'Microsoft.Xrm.Omnichannel.BotSDK', version: '1.0.0', isPackage: true }), false);
    assert.equal(isPreV9({ id: 'Microsoft.CrmSdk.CoreAssemblies', version: '9.0.2.34', isPackage: true }), false);
  });
});

describe('connection strings', () => {
  it('classifies online, Government, on-premises and non-Dynamics strings', () => {
    assert.deepEqual(classifyConnectionString('AuthType=OAuth;Url=https://contoso.crm.dynamics.com;AppId=x'), { deployment: 'online', host: 'contoso.crm.dynamics.com', authType: 'OAuth' });
    assert.equal(classifyConnectionString('AuthType=ClientSecret;Url=https://contoso.crm.microsoftdynamics.us')?.deployment, 'online');
    assert.equal(classifyConnectionString('AuthType=IFD;Url=https://crm.contoso.com/org')?.deployment, 'onPremises');
    assert.equal(classifyConnectionString('AuthType=AD;Url=http://contoso.crm.dynamics.com/org')?.deployment, 'onPremises');
    assert.equal(classifyConnectionString('Server=sql01;Database=crm;Integrated Security=true'), undefined);
    assert.equal(classifyConnectionString('AuthType=OAuth;Url=https://contoso.operations.dynamics.com')?.deployment, 'onPremises');
  });

  it('takes the deployment from AuthType where the URL does not say: AD/IFD/Claims on-premises, ClientSecret/Certificate online', () => {
    assert.deepEqual(classifyConnectionString('AuthType=Claims;Url=;Username=x'), { deployment: 'onPremises', host: undefined, authType: 'Claims' });
    assert.equal(classifyConnectionString('AuthType=ifd')?.deployment, 'onPremises');
    assert.equal(classifyConnectionString('AuthType=ClientSecret;Url=$(CrmUrl);ClientId=x')?.deployment, 'online');
    assert.equal(classifyConnectionString('AuthType=Certificate;Url=https://crm.contoso.local')?.deployment, 'online');
    // A placeholder is no host: still a connection string (connection evidence), but it says nowhere.
    assert.deepEqual(classifyConnectionString('AuthType=OAuth;Url=$(CrmUrl)'), { deployment: undefined, host: undefined, authType: 'OAuth' });
  });
});
