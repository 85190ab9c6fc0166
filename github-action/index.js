// @ts-check
// The GitHub Action's entry (runs.main, on the runner's Node): installs the packaged CLI, scans, writes SARIF for code
// scanning, puts the readiness report in the job summary and fails the step per `fail-on`. Plain CommonJS with no
// dependencies, because a `uses:` reference runs the repository's files as they are, unbuilt.
'use strict';
const { spawnSync } = require('node:child_process');
const { appendFileSync, mkdirSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { dirname, isAbsolute, join, resolve } = require('node:path');

/** The CLI version this action runs unless the `cli` input names another: kept equal to the repository's version. */
const CLI_VERSION = '0.1.0';
const CLI_PACKAGE = 'dynamics-tls-readiness-cli';

/** An input as the runner passes it (`INPUT_<NAME>`, upper-cased, hyphens kept), trimmed, or its default. */
function input(name, fallback = '') {
  const value = (process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim();
  return value === '' ? fallback : value;
}

/** Splits an `args` input like a shell does for plain words and single or double quotes (no expansion). */
function splitArgs(text) {
  const words = [];
  const pattern = /"([^"]*)"|'([^']*)'|(\S+)/g;
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
    words.push(m[1] ?? m[2] ?? m[3] ?? '');
  }
  return words;
}

/** A workflow command (`::error::…`), its data escaped as the runner expects. */
function command(name, message) {
  const data = String(message).replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
  process.stdout.write(`::${name}::${data}\n`);
}

/** Installs the CLI package into the runner's temp folder with npm and returns the path of its `cli.js`. */
function installCli(workspace) {
  const requested = input('cli', `${CLI_PACKAGE}@${CLI_VERSION}`);
  const spec = /\.(tgz|tar\.gz)$/i.test(requested) && !isAbsolute(requested) ? resolve(workspace, requested) : requested;
  const prefix = join(process.env.RUNNER_TEMP || tmpdir(), 'dynamics-tls-readiness-cli');
  mkdirSync(prefix, { recursive: true });
  const windows = process.platform === 'win32';
  const npmArgs = ['install', '--no-save', '--no-package-lock', '--no-audit', '--no-fund', '--prefix', prefix, spec];
  const r = spawnSync(windows ? 'npm.cmd' : 'npm', windows ? npmArgs.map((a) => `"${a}"`) : npmArgs, {
    stdio: ['ignore', 'inherit', 'inherit'],
    shell: windows,
  });
  if (r.status !== 0) {
    throw new Error(`npm could not install ${spec} (exit ${r.status ?? r.error?.message})`);
  }
  return join(prefix, 'node_modules', CLI_PACKAGE, 'dist', 'cli.js');
}

/** Runs `tls-readiness scan` with the runner's Node; stderr goes to the log, stdout is returned. */
function scan(cli, workspace, scanArgs) {
  const r = spawnSync(process.execPath, [cli, 'scan', ...scanArgs], {
    cwd: workspace,
    encoding: 'utf8',
    maxBuffer: 1024 * 1024 * 1024,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return { status: r.status ?? 2, stdout: r.stdout ?? '' };
}

/**
 * The SARIF log to upload: without `keep`, results silenced in source are dropped (code scanning ignores SARIF
 * suppressions), and results of a baseline that are gone (`absent`) always are, since their code no longer exists.
 */
function forUpload(log, keep) {
  for (const run of log.runs ?? []) {
    run.results = (run.results ?? []).filter((r) => r.baselineState !== 'absent' && (keep || !(r.suppressions ?? []).length));
  }
  return log;
}

function main() {
  const workspace = process.env.GITHUB_WORKSPACE || process.cwd();
  const failOn = input('fail-on', 'error');
  const baseline = input('baseline');
  const sarifFile = resolve(workspace, input('sarif-file', 'tls-readiness.sarif'));
  const shared = [...splitArgs(input('path', '.')), ...(baseline ? ['--baseline', baseline] : []), ...splitArgs(input('args'))];
  const cli = installCli(workspace);

  const sarifRun = scan(cli, workspace, [...shared, '--fail-on', failOn, '--format', 'sarif']);
  if (sarifRun.status !== 0 && sarifRun.status !== 1) {
    command('error', `tls-readiness scan failed (exit ${sarifRun.status}); see the log above`);
    return 2;
  }
  const log = JSON.parse(sarifRun.stdout);
  const current = (log.runs?.[0]?.results ?? []).filter((r) => r.baselineState !== 'absent' && !(r.suppressions ?? []).length);
  const fresh = baseline ? current.filter((r) => r.baselineState === 'new') : current;
  mkdirSync(dirname(sarifFile), { recursive: true });
  writeFileSync(sarifFile, JSON.stringify(forUpload(log, input('keep-suppressed', 'false') === 'true'), null, 2) + '\n');

  const markdownRun = scan(cli, workspace, [...shared, '--fail-on', 'none', '--format', 'markdown']);
  if (process.env.GITHUB_STEP_SUMMARY && markdownRun.status === 0) {
    appendFileSync(process.env.GITHUB_STEP_SUMMARY, markdownRun.stdout + '\n');
  }
  if (process.env.GITHUB_OUTPUT) {
    appendFileSync(process.env.GITHUB_OUTPUT, `sarif-file=${sarifFile}\nfindings=${current.length}\nnew-findings=${fresh.length}\n`);
  }
  if (sarifRun.status === 1) {
    const which = baseline ? 'new finding(s) since the baseline' : 'finding(s)';
    command('error', `Dynamics TLS readiness: ${which} at or above "${failOn}" (${fresh.length} ${baseline ? 'new' : 'in all'}); see the job summary and ${sarifFile}`);
  }
  return sarifRun.status;
}

try {
  process.exitCode = main();
} catch (e) {
  command('error', `Dynamics TLS readiness: ${e instanceof Error ? e.message : String(e)}`);
  process.exitCode = 2;
}
