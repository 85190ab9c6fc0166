import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** A folder name that is markup: the report must show it as text. */
export const HOSTILE_FOLDER = '<img src=x onerror=alert(1)>';

/** The projects and the script of the report workspace, by relative path. */
export const REPORT_UNITS = {
  consoleApp: 'ConsoleApp/ConsoleApp.csproj',
  plugin: 'Plugins/Plugins.csproj',
  modernApp: 'ModernApp/ModernApp.csproj',
  script: 'scripts/Deploy.ps1',
  hostile: `${HOSTILE_FOLDER}/Legacy.csproj`,
} as const;

function oldStyleProject(outputType: string, target: string, references: string[], compile: string[]): string {
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<Project ToolsVersion="15.0" DefaultTargets="Build" xmlns="http://schemas.microsoft.com/developer/msbuild/2003">',
    '  <PropertyGroup>',
    `    <OutputType>${outputType}</OutputType>`,
    `    <TargetFrameworkVersion>${target}</TargetFrameworkVersion>`,
    '  </PropertyGroup>',
    '  <ItemGroup>',
    ...references.map((r) => `    <Reference Include="${r}" />`),
    '    <Reference Include="System" />',
    '  </ItemGroup>',
    '  <ItemGroup>',
    ...compile.map((c) => `    <Compile Include="${c}" />`),
    '  </ItemGroup>',
    '  <Import Project="$(MSBuildToolsPath)\\Microsoft.CSharp.targets" />',
    '</Project>',
    '',
  ].join('\r\n');
}

const CONSOLE_PROGRAM = `using Microsoft.Xrm.Tooling.Connector;

namespace Contoso.Sync
{
    internal static class Program
    {
        private static void Main()
        {
            var client = new CrmServiceClient("AuthType=OAuth;Url=https://contoso.crm.dynamics.com;AppId=1;RedirectUri=app://x");
            System.Console.WriteLine(client.IsReady);
        }
    }
}
`;

const PLUGIN = `using System;
using Microsoft.Xrm.Sdk;

namespace Contoso.Plugins
{
    public class AccountPreCreate : IPlugin
    {
        public void Execute(IServiceProvider serviceProvider)
        {
        }
    }
}
`;

const MODERN_PROJECT = `<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <TargetFramework>net48</TargetFramework>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="Microsoft.PowerPlatform.Dataverse.Client" Version="1.1.32" />
  </ItemGroup>
</Project>
`;

const MODERN_PROGRAM = `using Microsoft.PowerPlatform.Dataverse.Client;

internal static class Program
{
    private static void Main()
    {
        var client = new ServiceClient("AuthType=OAuth;Url=https://contoso.crm.dynamics.com");
        System.Console.WriteLine(client.IsReady);
    }
}
`;

const SCRIPT = `param([string]$Url = "https://contoso.crm.dynamics.com")
Import-Module Microsoft.Xrm.Data.PowerShell
$conn = Get-CrmConnection -ConnectionString "AuthType=Office365;Url=https://contoso.crm.dynamics.com"
Write-Host $conn.ConnectedOrgFriendlyName
`;

/** Writes a file, creating its folders. */
export function writeFile(root: string, rel: string, text: string): void {
  const full = join(root, ...rel.split('/'));
  mkdirSync(dirname(full), { recursive: true });
  writeFileSync(full, text);
}

/**
 * Generates the report workspace in a fresh temporary folder: a 4.5.2 Dynamics console app (CrmServiceClient), a plug-in
 * library, a ready net48 app (ServiceClient), a PowerShell script calling Get-CrmConnection without TLS 1.2 — and, when asked, a legacy app in a folder
 * whose name is an HTML tag.
 */
export function makeReportWorkspace(withHostileFolder = false): string {
  const root = mkdtempSync(join(tmpdir(), 'dtls-report-'));
  writeFile(root, REPORT_UNITS.consoleApp, oldStyleProject('Exe', 'v4.5.2', ['Microsoft.Xrm.Tooling.Connector'], ['Program.cs']));
  writeFile(root, 'ConsoleApp/Program.cs', CONSOLE_PROGRAM);
  writeFile(root, REPORT_UNITS.plugin, oldStyleProject('Library', 'v4.6.2', ['Microsoft.Xrm.Sdk'], ['AccountPreCreate.cs']));
  writeFile(root, 'Plugins/AccountPreCreate.cs', PLUGIN);
  writeFile(root, REPORT_UNITS.modernApp, MODERN_PROJECT);
  writeFile(root, 'ModernApp/Program.cs', MODERN_PROGRAM);
  writeFile(root, REPORT_UNITS.script, SCRIPT);
  if (withHostileFolder) {
    writeFile(root, REPORT_UNITS.hostile, oldStyleProject('Exe', 'v4.5.2', ['Microsoft.Xrm.Tooling.Connector'], ['Program.cs']));
    writeFile(root, `${HOSTILE_FOLDER}/Program.cs`, CONSOLE_PROGRAM);
  }
  return root;
}
