'use strict';
/**
 * Generates a large, real-shaped legacy solution tree for the benchmarks (not committed): many projects with C#
 * sources, configs, scripts, plus bin/obj/packages noise the scan must skip. Deterministic for a given size; reused
 * when its stamp matches.
 */
const fs = require('node:fs');
const path = require('node:path');

const CS_BODY = (i) => {
  const lines = [`using System;`, `using System.Collections.Generic;`, `using System.Linq;`, ``, `namespace Contoso.Module${i % 97}`, `{`];
  for (let m = 0; m < 60; m++) {
    lines.push(`    // Helper ${m} of file ${i}: formats values for the export pipeline and logs them.`);
    lines.push(`    internal static class Helper${i}_${m}`, `    {`, `        public static string Format(IEnumerable<int> values) => string.Join(",", values.Select(v => (v * ${m + 1}).ToString()));`, `    }`);
  }
  if (i % 50 === 0) {
    lines.push(`    internal static class Connector${i}`, `    {`, `        public static object Open(string cs) { System.Net.ServicePointManager.SecurityProtocol |= System.Net.SecurityProtocolType.Tls12; return new Microsoft.Xrm.Tooling.Connector.CrmServiceClient(cs); }`, `    }`);
  }
  lines.push(`}`, ``);
  return lines.join('\r\n');
};

const PROJECT = (tfm) => `<?xml version="1.0" encoding="utf-8"?>\r\n<Project ToolsVersion="14.0" xmlns="http://schemas.microsoft.com/developer/msbuild/2003">\r\n  <PropertyGroup>\r\n    <OutputType>Exe</OutputType>\r\n    <TargetFrameworkVersion>${tfm}</TargetFrameworkVersion>\r\n  </PropertyGroup>\r\n  <ItemGroup>\r\n    <Reference Include="Microsoft.Xrm.Tooling.Connector" />\r\n  </ItemGroup>\r\n</Project>\r\n`;

/** Creates (or reuses) a tree of `files` source files under `dir`; returns its size figures. */
function generateTree(dir, files) {
  const stamp = path.join(dir, '.stamp');
  if (fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === String(files)) {
    return JSON.parse(fs.readFileSync(path.join(dir, '.figures'), 'utf8'));
  }
  fs.rmSync(dir, { recursive: true, force: true });
  let bytes = 0;
  let count = 0;
  const write = (p, text) => {
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, text);
    bytes += Buffer.byteLength(text);
    count++;
  };
  const perProject = 200;
  for (let i = 0; i < files; i++) {
    const project = Math.floor(i / perProject);
    const projDir = path.join(dir, 'src', `Project${project}`);
    if (i % perProject === 0) {
      write(path.join(projDir, `Project${project}.csproj`), PROJECT(project % 3 === 0 ? 'v4.5.2' : 'v4.8'));
      write(path.join(projDir, 'App.config'), '<?xml version="1.0"?>\r\n<configuration>\r\n  <startup><supportedRuntime version="v4.0" sku=".NETFramework,Version=v4.8" /></startup>\r\n</configuration>\r\n');
      write(path.join(projDir, 'bin', 'Debug', 'App.exe.config'), '<configuration />');
      write(path.join(projDir, 'obj', 'Debug', 'Generated.cs'), CS_BODY(i));
    }
    if (i % 1000 === 0) {
      write(path.join(dir, 'scripts', `Deploy${i}.ps1`), `[System.Net.ServicePointManager]::SecurityProtocol = [System.Net.SecurityProtocolType]::Tls12\r\n$c = Get-CrmConnection -InteractiveMode\r\n`);
    }
    write(path.join(projDir, 'Code', `File${i}.cs`), CS_BODY(i));
  }
  const figures = { files: count, bytes };
  fs.writeFileSync(path.join(dir, '.figures'), JSON.stringify(figures));
  fs.writeFileSync(stamp, String(files));
  return figures;
}

/** The generated tree a benchmark asks for with `--files N` (default 30,000), under $DTLS_BENCH_DIR or the temp folder. */
function benchTreeFromArgs(argv) {
  const i = argv.indexOf('--files');
  const files = i >= 0 ? Number(argv[i + 1]) : 30000;
  const dir = path.join(process.env.DTLS_BENCH_DIR || path.join(require('node:os').tmpdir(), 'dtls-bench'), `tree-${files}`);
  return { dir, figures: generateTree(dir, files) };
}

module.exports = { generateTree, benchTreeFromArgs };
