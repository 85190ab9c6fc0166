#!/usr/bin/env node
'use strict';
/**
 * Benchmark (not a test): how a scan grows with the size of one project. Generates an old-style project listing every
 * file in `<Compile Include>`, an SDK-style project with the same files, and SDK-style projects with long
 * `<TargetFrameworks>` lists, then times `tls-readiness scan` at N and 4×N: wall time and the scan process's CPU time
 * (on a shared machine the wall time measures the load too). Goal (issue 21): 4,000 files in under 10 s on 2 cores,
 * 4× the files (or the TFMs) in at most 5× the time. The TFM lists are measured twice: 250 → 1,000 entries (the
 * largest list the engine analyses; TLS005 says a longer one is too complex) and 4,000 → 16,000 entries (refused at
 * once, whatever the length). Prints one JSON line to stdout and a table to stderr.
 * Usage: [DTLS_CLI=…/cli.js] node bench/projectScale.js [--files 4000] [--tfms 250] [--timeout 300]
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
const TFMS = arg('tfms', 250);
/** The length of a TFM list past the engine's budget (1,000 entries), for the second TFM case. */
const TFMS_PAST_BUDGET = 4000;
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

/**
 * The scan of a folder, best of two runs: wall and CPU time (ms) and peak memory (MB) of the scan process, or null when
 * it failed or did not finish within the timeout.
 */
function timeScan(dir) {
  let best = null;
  const usageFile = path.join(os.tmpdir(), `dtls-scale-usage-${process.pid}.json`);
  for (let k = 0; k < 2; k++) {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(process.execPath, ['--require', path.join(__dirname, 'cpuAtExit.js'), cli, 'scan', dir, '--format', 'json', '--fail-on', 'none'], {
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
      timeout: TIMEOUT_S * 1000,
      env: { ...process.env, DTLS_BENCH_CPU_OUT: usageFile },
    });
    const wallMs = Math.round(Number(process.hrtime.bigint() - t0) / 1e6);
    if (r.status !== 0) {
      return null;
    }
    const run = { wallMs, ...JSON.parse(fs.readFileSync(usageFile, 'utf8')) };
    fs.rmSync(usageFile, { force: true });
    best = best === null || run.cpuMs < best.cpuMs ? run : best;
  }
  return best;
}

const cases = [
  { name: 'oldStyle', make: (n) => projectTree('old', n), n: FILES },
  { name: 'sdkStyle', make: (n) => projectTree('sdk', n), n: FILES },
  { name: 'tfms', make: (n) => tfmTree(n), n: TFMS },
  { name: 'tfmsPastBudget', make: (n) => tfmTree(n), n: TFMS_PAST_BUDGET },
];
const ratio = (a, b) => (a && b ? +(b / a).toFixed(2) : null);
const shown = (t) => (t ? `${t.wallMs} ms wall, ${t.cpuMs} ms CPU, ${t.peakMB} MB` : 'timeout or failure');
const result = { bench: 'projectScale', files: FILES, tfms: TFMS, tfmsPastBudget: TFMS_PAST_BUDGET, loadAtStart: os.loadavg().map((x) => +x.toFixed(1)) };
for (const c of cases) {
  const small = c.make(c.n);
  const large = c.make(c.n * 4);
  try {
    const a = timeScan(small);
    const b = timeScan(large);
    result[`${c.name}WallMs`] = a && a.wallMs;
    result[`${c.name}CpuMs`] = a && a.cpuMs;
    result[`${c.name}4xWallMs`] = b && b.wallMs;
    result[`${c.name}4xCpuMs`] = b && b.cpuMs;
    result[`${c.name}4xPeakMB`] = b && b.peakMB;
    result[`${c.name}WallRatio`] = ratio(a && a.wallMs, b && b.wallMs);
    result[`${c.name}CpuRatio`] = ratio(a && a.cpuMs, b && b.cpuMs);
    process.stderr.write(`${c.name.padEnd(14)} n=${c.n}: ${shown(a)}; 4n=${c.n * 4}: ${shown(b)}; ratio wall ${result[`${c.name}WallRatio`] ?? '-'}, CPU ${result[`${c.name}CpuRatio`] ?? '-'}\n`);
  } finally {
    fs.rmSync(small, { recursive: true, force: true });
    fs.rmSync(large, { recursive: true, force: true });
  }
}
result.loadAtEnd = os.loadavg().map((x) => +x.toFixed(1));
result.goal = 'n files < 10 s on 2 cores; 4x files or TFMs <= 5x time';
process.stdout.write(JSON.stringify(result) + '\n');
