import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import Ajv from 'ajv';
import { offline } from '../support/offline';
import { REPO_ROOT } from '../support/engineHarness';
import { zipEntries } from '../support/zipEntries';
import { runCli } from './cliRunner';

const SOURCE = join(REPO_ROOT, 'azure-pipelines');
const STAGED_TASK = join(REPO_ROOT, 'out', 'ado', 'TlsReadinessScan');
const extension = JSON.parse(readFileSync(join(SOURCE, 'vss-extension.json'), 'utf8')) as { id: string; version: string; files: { path: string }[] };
const taskJson = JSON.parse(readFileSync(join(SOURCE, 'TlsReadinessScan', 'task.json'), 'utf8')) as {
  name: string;
  version: { Major: number; Minor: number; Patch: number };
  inputs: { name: string }[];
  instanceNameFormat: string;
  execution: Record<string, { target: string }>;
};

/** A `##vso[area.action key=value;…]message` line of the task's output, parsed. */
interface VsoCommand {
  command: string;
  properties: Record<string, string>;
  message: string;
}

function vsoCommands(stdout: string): VsoCommand[] {
  return [...stdout.matchAll(/^##vso\[([\w.]+)((?: [^\]]*)?)\](.*)$/gm)].map((m) => ({
    command: m[1] ?? '',
    properties: Object.fromEntries((m[2] ?? '').trim().split(';').filter(Boolean).map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)])),
    message: m[3] ?? '',
  }));
}

/**
 * Runs the staged task's entry as the agent's Node 20 handler does: task inputs as INPUT_<NAME> variables, the agent's
 * variables (Agent.TempDirectory → AGENT_TEMPDIRECTORY, …), the sources folder as the working directory.
 */
function runTask(sources: string, inputs: Record<string, string>): { status: number | null; stdout: string; stderr: string; commands: VsoCommand[]; temp: string } {
  const temp = mkdtempSync(join(tmpdir(), 'dtls-agent-temp-'));
  const env: NodeJS.ProcessEnv = {
    AGENT_TEMPDIRECTORY: temp,
    AGENT_VERSION: '4.255.0',
    BUILD_SOURCESDIRECTORY: sources,
    SYSTEM_DEFAULTWORKINGDIRECTORY: sources,
    TF_BUILD: 'True',
  };
  for (const [name, value] of Object.entries(inputs)) {
    env[`INPUT_${name.toUpperCase()}`] = value;
  }
  const o = offline(process.execPath, [join(STAGED_TASK, taskJson.execution.Node20_1?.target ?? 'index.js')], env);
  const r = spawnSync(o.file, o.args, { cwd: sources, env: o.env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, commands: vsoCommands(r.stdout), temp };
}

function sourcesWithSamples(): string {
  const dir = mkdtempSync(join(tmpdir(), 'dtls-sources-'));
  cpSync(join(REPO_ROOT, 'samples'), join(dir, 'samples'), { recursive: true });
  return dir;
}

describe('the Azure Pipelines task and extension (npm run pack:ado)', () => {
  const vsix = join(REPO_ROOT, 'out', `${extension.id}-${extension.version}.vsix`);

  before(() => {
    const o = offline(process.execPath, [join(REPO_ROOT, 'scripts', 'packAdo.mjs')]);
    const pack = spawnSync(o.file, o.args, { cwd: REPO_ROOT, env: o.env, encoding: 'utf8' });
    assert.equal(pack.status, 0, pack.stdout + pack.stderr);
  });

  it('task.json validates against the task manifest schema, with a Node 20 handler and every input the entry reads', () => {
    const schema = JSON.parse(readFileSync(join(REPO_ROOT, 'test', 'fixtures', 'schemas', 'azure-pipelines-task.schema.json'), 'utf8')) as object;
    const validate = new Ajv({ allErrors: true }).compile(schema);
    assert.ok(validate(taskJson), JSON.stringify(validate.errors));
    assert.deepEqual(Object.keys(taskJson.execution), ['Node20_1']);
    const entry = readFileSync(join(SOURCE, 'TlsReadinessScan', 'src', 'index.ts'), 'utf8');
    const read = [...new Set([...entry.matchAll(/tl\.getInput\('(\w+)'/g)].map((m) => m[1]))].sort();
    assert.deepEqual(read, taskJson.inputs.map((i) => i.name).sort());
    for (const m of taskJson.instanceNameFormat.matchAll(/\$\((\w+)\)/g)) {
      assert.ok(taskJson.inputs.some((i) => i.name === m[1]), `instanceNameFormat names input ${m[1]}`);
    }
    const [major, minor, patch] = extension.version.split('.').map(Number);
    assert.deepEqual(taskJson.version, { Major: major, Minor: minor, Patch: patch });
  });

  it('tfx (offline) packs a .vsix holding the manifest, the task, its bundled entry and the CLI with its wasm', () => {
    const entries = zipEntries(vsix);
    for (const f of ['extension.vsixmanifest', 'TlsReadinessScan/task.json', 'TlsReadinessScan/index.js', 'TlsReadinessScan/cli/dist/cli.js', 'TlsReadinessScan/cli/dist/tree-sitter.wasm', 'TlsReadinessScan/cli/grammars/tree-sitter-xml.wasm']) {
      assert.ok(entries.includes(f), `${f} in ${entries.join(', ')}`);
    }
    assert.ok(!entries.some((e) => e.includes('node_modules')), 'the entry is bundled: no node_modules');
  });

  it('publishes SARIF as CodeAnalysisLogs, the report as a summary, one issue per finding, and fails per failOn', () => {
    const sources = sourcesWithSamples();
    const run = runTask(sources, { path: 'samples', failOn: 'error' });
    assert.equal(run.status, 1, run.stderr);
    const upload = run.commands.find((c) => c.command === 'artifact.upload');
    assert.deepEqual(upload?.properties, { containerfolder: 'CodeAnalysisLogs', artifactname: 'CodeAnalysisLogs' });
    assert.equal(upload?.message, join(run.temp, 'tls-readiness.sarif'));
    const sarif = JSON.parse(readFileSync(upload?.message ?? '', 'utf8')) as { runs: { results: { ruleId: string; level: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[] }[] }[] };
    const summary = run.commands.find((c) => c.command === 'task.uploadsummary');
    assert.match(readFileSync(summary?.message ?? '', 'utf8'), /^# Dynamics 365 TLS and connection readiness/);
    const issues = run.commands.filter((c) => c.command === 'task.logissue');
    const results = sarif.runs[0]?.results ?? [];
    assert.equal(issues.length, results.length);
    assert.deepEqual(
      issues.map((i) => `${i.properties.type} ${i.properties.code} ${i.properties.sourcepath}:${i.properties.linenumber}`),
      results.map((r) => `${r.level === 'error' ? 'error' : 'warning'} ${r.ruleId} samples/${r.locations[0]?.physicalLocation.artifactLocation.uri}:${r.locations[0]?.physicalLocation.region.startLine}`),
    );
    assert.ok(issues.some((i) => i.properties.sourcepath === 'samples/ContosoCrmSync/Program.cs' && i.properties.code === 'TLS027'));
    assert.ok(issues.some((i) => i.properties.sourcepath === 'samples/ContosoCrmSync/App.config' && i.properties.code === 'DYN101'), 'the legacy Office365 connection of the sample');
    const complete = run.commands.find((c) => c.command === 'task.complete');
    assert.equal(complete?.properties.result, 'Failed');
    assert.match(complete?.message ?? '', /^4 finding\(s\) at or above "error"/);
  });

  it('with a baseline succeeds while nothing is new, and fails on a new finding alone', () => {
    const sources = sourcesWithSamples();
    writeFileSync(join(sources, 'tls-baseline.sarif'), runCli(['scan', 'samples', '--format', 'sarif', '--fail-on', 'none'], sources).stdout);
    const clean = runTask(sources, { path: 'samples', failOn: 'warning', baseline: 'tls-baseline.sarif', sarifFile: 'out/tls.sarif' });
    assert.equal(clean.status, 0, clean.stderr);
    assert.equal(clean.commands.find((c) => c.command === 'task.complete')?.properties.result, 'Succeeded');
    assert.ok(existsSync(join(sources, 'out', 'tls.sarif')));
    writeFileSync(join(sources, 'samples', 'scripts', 'Export.ps1'), '$c = Get-CrmConnection -InteractiveMode\n');
    const fresh = runTask(sources, { path: 'samples', failOn: 'warning', baseline: 'tls-baseline.sarif' });
    assert.equal(fresh.status, 1);
    // The new script's one line: TLS030 (no TLS 1.2 before it) and DYN103 (Get-CrmConnection runs on CrmServiceClient, ADAL).
    assert.match(fresh.commands.find((c) => c.command === 'task.complete')?.message ?? '', /^2 new finding\(s\) at or above "warning"/);
    for (const rule of ['TLS030', 'DYN103']) {
      assert.ok(fresh.commands.some((c) => c.command === 'task.logissue' && c.message.startsWith(`${rule} (new):`) && c.properties.sourcepath === 'samples/scripts/Export.ps1'), rule);
    }
  });

  it('fails with the CLI’s reason when the scan cannot run', () => {
    const run = runTask(sourcesWithSamples(), { path: 'missing-folder', failOn: 'error' });
    assert.equal(run.status, 2);
    assert.match(run.stderr, /no such file or folder: missing-folder/);
    assert.equal(run.commands.find((c) => c.command === 'task.complete')?.properties.result, 'Failed');
  });
});
