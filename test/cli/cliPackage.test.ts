import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import Ajv from 'ajv';
import { parse as parseYaml } from 'yaml';
import { offline } from '../support/offline';
import { ONE_WORKER_FILES, largeSolution } from '../support/largeSolution';
import { REPO_ROOT } from '../support/engineHarness';
import { runCli } from './cliRunner';

const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
const TARBALL = join(REPO_ROOT, 'out', `dynamics-tls-readiness-cli-${manifest.version}.tgz`);

/** Runs a command with the network off (see offline()); returns its exit code and output. */
function runOffline(command: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}): { status: number | null; stdout: string; stderr: string } {
  const o = offline(command, args, env);
  const r = spawnSync(o.file, o.args, { cwd, env: o.env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A fresh folder holding a copy of the samples (a user's repository). */
function userRepository(): string {
  const dir = mkdtempSync(join(tmpdir(), 'dtls-repo-'));
  cpSync(join(REPO_ROOT, 'samples'), join(dir, 'samples'), { recursive: true });
  return dir;
}

describe('the CLI tarball (npm run pack:cli)', () => {
  before(() => {
    const pack = spawnSync(process.execPath, [join(REPO_ROOT, 'scripts', 'packCli.mjs')], { cwd: REPO_ROOT, encoding: 'utf8' });
    assert.equal(pack.status, 0, pack.stderr);
  });

  it('is a package with the tls-readiness bin, node >= 20, no dependencies, its own README, the CLI and every wasm', () => {
    const list = spawnSync('tar', ['-tzf', TARBALL], { encoding: 'utf8' }).stdout.split('\n');
    for (const f of ['package.json', 'README.md', 'LICENSE', 'dist/cli.js', 'dist/cli-main.js', 'dist/tree-sitter.wasm', 'grammars/tree-sitter-c_sharp.wasm', 'grammars/tree-sitter-powershell.wasm', 'grammars/tree-sitter-xml.wasm', 'docs/rules/TLS001.md']) {
      assert.ok(list.includes(`package/${f}`), `${f} is packed`);
    }
    assert.ok(!list.some((f) => f.endsWith('.map') || f.includes('node_modules') || f.endsWith('.ts')), 'no source maps, sources or node_modules');
    const pkg = JSON.parse(spawnSync('tar', ['-xzOf', TARBALL, 'package/package.json'], { encoding: 'utf8' }).stdout) as Record<string, unknown>;
    assert.equal(pkg.name, 'dynamics-tls-readiness-cli');
    assert.equal(pkg.version, manifest.version);
    assert.deepEqual(pkg.bin, { 'tls-readiness': 'dist/cli.js' });
    assert.deepEqual(pkg.engines, { node: '>=20' });
    assert.equal(pkg.dependencies, undefined);
    assert.deepEqual(Object.values(pkg.peerDependenciesMeta as Record<string, { optional: boolean }>).map((m) => m.optional), [true, true, true, true]);
    const readme = spawnSync('tar', ['-xzOf', TARBALL, 'package/README.md'], { encoding: 'utf8' }).stdout;
    assert.match(readme, /^# dynamics-tls-readiness-cli/);
  });

  it('installs into an empty folder with the network off and scans a repository for real (npm install, then npx)', () => {
    const repo = userRepository();
    const install = runOffline('npm', ['install', '--offline', '--no-audit', '--no-fund', '--prefix', repo, TARBALL], repo);
    assert.equal(install.status, 0, install.stderr);
    const bin = join(repo, 'node_modules', '.bin', 'tls-readiness');
    assert.ok(existsSync(bin));
    const installed = runOffline(bin, ['scan', 'samples', '--fail-on', 'error'], repo);
    assert.equal(installed.status, 1, installed.stderr);
    assert.match(installed.stdout, /^ContosoCrmSync\/Program\.cs:14:\d+\s+error\s+TLS027/m);
    assert.match(installed.stdout, /Total: 4 error\(s\), 6 warning\(s\), 6 information, 0 hint\(s\) — Will fail/);
    assert.equal(installed.stdout, runCli(['scan', join(repo, 'samples')]).stdout, 'the installed CLI reports exactly what the repository build does');
    // Its worker threads start from the installed bundle and find what one thread finds.
    const big = largeSolution(ONE_WORKER_FILES);
    const pooled = runOffline(bin, ['scan', big, '--format', 'json', '--fail-on', 'none', '--jobs', '2', '--stats'], repo);
    assert.equal(pooled.status, 0, pooled.stderr);
    assert.match(pooled.stderr, /summed over 2 thread\(s\)/);
    assert.equal(pooled.stdout, runOffline(bin, ['scan', big, '--format', 'json', '--fail-on', 'none', '--jobs', '1'], repo).stdout);

    const elsewhere = userRepository();
    const npx = runOffline('npx', ['--yes', '--package', TARBALL, 'tls-readiness', 'scan', '.', '--format', 'sarif', '--fail-on', 'none'], join(elsewhere, 'samples'));
    assert.equal(npx.status, 0, npx.stderr);
    const sarif = JSON.parse(npx.stdout) as { runs: { results: { ruleId: string }[] }[] };
    assert.equal(sarif.runs[0]?.results.length, 16);
  });

  describe('the GitHub Action (github-action/)', () => {
    const actionDir = join(REPO_ROOT, 'github-action');

    /** Runs the action's entry as the runner does: its Node, INPUT_* variables, GITHUB_* files, cwd = the workspace. */
    function runAction(workspace: string, inputs: Record<string, string>): { status: number | null; stdout: string; stderr: string; output: string; summary: string } {
      const runnerTemp = mkdtempSync(join(tmpdir(), 'dtls-runner-temp-'));
      const files = mkdtempSync(join(tmpdir(), 'dtls-runner-files-'));
      const outputFile = join(files, 'output');
      const summaryFile = join(files, 'summary');
      writeFileSync(outputFile, '');
      writeFileSync(summaryFile, '');
      const env: NodeJS.ProcessEnv = { GITHUB_ACTIONS: 'true', GITHUB_WORKSPACE: workspace, RUNNER_TEMP: runnerTemp, GITHUB_OUTPUT: outputFile, GITHUB_STEP_SUMMARY: summaryFile, INPUT_CLI: TARBALL };
      for (const [name, value] of Object.entries(inputs)) {
        env[`INPUT_${name.toUpperCase()}`] = value;
      }
      const r = runOffline(process.execPath, [join(actionDir, 'index.js')], workspace, env);
      return { ...r, output: readFileSync(outputFile, 'utf8'), summary: readFileSync(summaryFile, 'utf8') };
    }

    it('action.yml validates against the action metadata schema, names every input index.js reads, and runs the CLI of this version', () => {
      const action = parseYaml(readFileSync(join(actionDir, 'action.yml'), 'utf8')) as { inputs: Record<string, unknown>; runs: { main: string } };
      const schema = JSON.parse(readFileSync(join(REPO_ROOT, 'test', 'fixtures', 'schemas', 'github-action.schema.json'), 'utf8')) as object;
      const validate = new Ajv({ allErrors: true }).compile(schema);
      assert.ok(validate(action), JSON.stringify(validate.errors));
      const entry = readFileSync(join(actionDir, action.runs.main), 'utf8');
      const read = [...entry.matchAll(/\binput\('([^']+)'/g)].map((m) => m[1]);
      assert.deepEqual([...new Set(read)].sort(), Object.keys(action.inputs).sort());
      for (const name of ['path', 'fail-on', 'baseline', 'sarif-file', 'args']) {
        assert.ok(name in action.inputs, `input ${name}`);
      }
      assert.match(entry, new RegExp(`const CLI_VERSION = '${manifest.version.replace(/\./g, '\\.')}';`));
    });

    it('writes SARIF, sets outputs and the job summary, and fails the step on findings', () => {
      const workspace = userRepository();
      const run = runAction(workspace, { path: 'samples', 'fail-on': 'error', 'sarif-file': 'reports/tls.sarif' });
      assert.equal(run.status, 1, run.stderr);
      assert.match(run.stdout, /^::error::Dynamics TLS readiness: finding\(s\) at or above "error" \(16 in all\)/m);
      const sarif = JSON.parse(readFileSync(join(workspace, 'reports', 'tls.sarif'), 'utf8')) as { runs: { results: unknown[] }[] };
      assert.equal(sarif.runs[0]?.results.length, 16);
      assert.equal(run.output, `sarif-file=${join(workspace, 'reports', 'tls.sarif')}\nfindings=16\nnew-findings=16\n`);
      assert.match(run.summary, /^# Dynamics 365 TLS and connection readiness\n\nOverall: \*\*Will fail\*\*/);
    });

    it('with a baseline passes when nothing is new, and drops suppressed results from the SARIF unless asked to keep them', () => {
      const workspace = userRepository();
      mkdirSync(join(workspace, '.tls'));
      const baseline = runCli(['scan', 'samples', '--format', 'sarif', '--fail-on', 'none'], workspace);
      writeFileSync(join(workspace, '.tls', 'baseline.sarif'), baseline.stdout);
      const program = join(workspace, 'samples', 'ContosoCrmSync', 'Program.cs');
      writeFileSync(program, readFileSync(program, 'utf8').replace(/\n(\s*)(var client = new CrmServiceClient)/, '\n$1// tls-readiness-disable-next-line TLS027 -- set by the host\n$1$2'));
      const passed = runAction(workspace, { path: 'samples', 'fail-on': 'warning', baseline: '.tls/baseline.sarif' });
      assert.equal(passed.status, 0, passed.stdout + passed.stderr);
      assert.equal(passed.output.split('\n').slice(1).join('\n'), 'findings=15\nnew-findings=0\n');
      assert.match(passed.summary, /Baseline \.tls\/baseline\.sarif: 0 new, 15 unchanged/);
      const dropped = JSON.parse(readFileSync(join(workspace, 'tls-readiness.sarif'), 'utf8')) as { runs: { results: { ruleId: string }[] }[] };
      assert.deepEqual(dropped.runs[0]?.results.filter((r) => r.ruleId === 'TLS027'), []);
      const kept = runAction(workspace, { path: 'samples', 'fail-on': 'none', 'keep-suppressed': 'true', 'sarif-file': 'kept.sarif' });
      assert.equal(kept.status, 0);
      const all = JSON.parse(readFileSync(join(workspace, 'kept.sarif'), 'utf8')) as { runs: { results: { ruleId: string; suppressions?: { kind: string }[] }[] }[] };
      assert.deepEqual(all.runs[0]?.results.filter((r) => r.ruleId === 'TLS027').map((r) => r.suppressions?.[0]?.kind), ['inSource']);
    });

    it('reports a scan that cannot run (a missing path) as an error with exit 2', () => {
      const run = runAction(userRepository(), { path: 'no-such-folder' });
      assert.equal(run.status, 2);
      assert.match(run.stderr, /no such file or folder: no-such-folder/);
      assert.match(run.stdout, /^::error::tls-readiness scan failed \(exit 2\)/m);
    });
  });
});
