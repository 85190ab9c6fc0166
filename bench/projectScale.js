#!/usr/bin/env node
'use strict';
/**
 * Benchmark (not a test): how a scan grows with the size of one project. Generates an old-style project listing every
 * file in `<Compile Include>`, an SDK-style project with the same files, and an SDK-style project with a long
 * `<TargetFrameworks>` list, then times `tls-readiness scan` at N and 4×N. Goal: N files in under 10 s, 4× the files
 * (or the TFMs) in at most 5× the time. Prints one JSON line to stdout and a table to stderr.
 * Usage: [DTLS_CLI=…/cli.js] node bench/projectScale.js [--files 4000] [--tfms 4000] [--timeout 300]
 */
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
/** The CLI to time (DTLS_CLI names another build, e.g. a copy of an older dist/cli.js, for before/after figures). */
const cli = process.env.DTLS_CLI || path.join(root, 'dist', 'cli.js');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const FILES = arg('files', 4000);
const TFMS = arg('tfms', 4000);
const TIMEOUT_S = arg('timeout', 300);

/** Every file creates a Dynamics client, so every file is parsed and analysed (the worst case for ownership). */
const SOURCE = (i) =>
  `using Microsoft.Xrm.Tooling.Connector;\nnamespace Bench\n{\n    public class C${i}\n    {\n        public object Connect() { return new CrmServiceClient("AuthType=OAuth;Url=https://org${i}.crm.dynamics.com"); }\n    }\n}\n`;

/** A project folder with `count` C# files under src/NN/, listed one by one (old style) or picked up by default (SDK). */
function projectTree(style, count) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `dtls-scale-${style}-`));
  const items = [];
  for (let i = 0; i < count; i++) {
    const sub = `src/${String(i % 100).padStart(2, '0')}`;
    fs.mkdirSync(path.join(dir, sub), { recursive: true });
    fs.writeFileSync(path.join(dir, sub, `C${i}.cs`), SOURCE(i));
    items.push(`    <Compile Include="${sub.replace('/', '\\')}\\C${i}.cs" />`);
  }
  const project =
    style === 'old'
      ? `<?xml version="1.0" encoding="utf-8"?>\n<Project ToolsVersion="14.0" xmlns="http://schemas.microsoft.com/developer/msbuild/2003">\n  <PropertyGroup>\n    <OutputType>Library</OutputType>\n    <TargetFrameworkVersion>v4.5.2</TargetFrameworkVersion>\n  </PropertyGroup>\n  <ItemGroup>\n${items.join('\n')}\n  </ItemGroup>\n</Project>\n`
      : `<Project Sdk="Microsoft.NET.Sdk">\n  <PropertyGroup>\n    <TargetFramework>net452</TargetFramework>\n  </PropertyGroup>\n</Project>\n`;
  fs.writeFileSync(path.join(dir, 'Bench.csproj'), project);
  return dir;
}

/** An SDK-style project whose `<TargetFrameworks>` lists `count` frameworks (all old, so the retarget edit is offered). */
function tfmTree(count) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dtls-scale-tfms-'));
  const tfms = [];
  for (let i = 0; i < count; i++) {
    tfms.push(i % 2 ? 'net452' : `net45${i % 2}`);
  }
  fs.writeFileSync(path.join(dir, 'Many.csproj'), `<Project Sdk="Microsoft.NET.Sdk">\n  <PropertyGroup>\n    <TargetFrameworks>${tfms.join(';')}</TargetFrameworks>\n  </PropertyGroup>\n</Project>\n`);
  fs.writeFileSync(path.join(dir, 'A.cs'), SOURCE(0));
  return dir;
}

/** The scan time of a folder in ms (best of two), or null when it did not finish within the timeout. */
function timeScan(dir) {
  let best = null;
  for (let k = 0; k < 2; k++) {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(process.execPath, [cli, 'scan', dir, '--format', 'json', '--fail-on', 'none'], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, timeout: TIMEOUT_S * 1000 });
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (r.status !== 0) {
      return null;
    }
    best = best === null ? ms : Math.min(best, ms);
  }
  return Math.round(best);
}

const cases = [
  { name: 'oldStyle', make: (n) => projectTree('old', n), n: FILES },
  { name: 'sdkStyle', make: (n) => projectTree('sdk', n), n: FILES },
  { name: 'tfms', make: (n) => tfmTree(n), n: TFMS },
];
const result = { bench: 'projectScale', files: FILES, tfms: TFMS };
for (const c of cases) {
  const small = c.make(c.n);
  const large = c.make(c.n * 4);
  try {
    const a = timeScan(small);
    const b = timeScan(large);
    result[`${c.name}Ms`] = a;
    result[`${c.name}4xMs`] = b;
    result[`${c.name}Ratio`] = a && b ? +(b / a).toFixed(2) : null;
    process.stderr.write(`${c.name.padEnd(9)} n=${c.n}: ${a ?? 'timeout'} ms; 4n=${c.n * 4}: ${b ?? 'timeout'} ms; ratio ${result[`${c.name}Ratio`] ?? '-'}\n`);
  } finally {
    fs.rmSync(small, { recursive: true, force: true });
    fs.rmSync(large, { recursive: true, force: true });
  }
}
result.goal = 'n files < 10 s; 4x files or TFMs <= 5x time';
process.stdout.write(JSON.stringify(result) + '\n');
