// Shared harness of the e2e runners (plain Node, run by the project's Node 20): starts code-server (VS Code server +
// web workbench, provisioned by setup.sh) on 127.0.0.1 and Debian's chromium through playwright-core, in a per-run
// folder under test-results/e2e/ (XDG_* dirs, a short TMPDIR, user data, extensions, a copy of the fixture workspace),
// measures memory, and tears everything down: the code-server process group, the browser, the temporary files.
'use strict';
const { spawn, execFileSync } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

/** The checkout (extensionDevelopmentPath). */
const PROJECT = path.resolve(__dirname, '..', '..');
/** Where every run keeps its logs and screenshots (gitignored: test-results*). */
const RESULTS = path.join(PROJECT, 'test-results', 'e2e');
/** The fixture workspace each run copies. */
const FIXTURE_WORKSPACE = path.join(PROJECT, 'test', 'fixtures', 'e2e', 'workspace');
/** The compiled in-host mocha entry point. */
const SUITE_INDEX = path.join(PROJECT, 'out', 'test', 'e2e', 'suite', 'index.js');
/** The marker the suite prints before its own output (see suite/index.ts). */
const START_MARKER = '##DTLS-E2E-START##';

// Settings that keep the workbench quiet and deterministic: no welcome page, tips, chat, telemetry, git, updates,
// recommendations or auto-save; files keep their line endings and encoding as found.
const QUIET_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.editor.enablePreview': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'telemetry.telemetryLevel': 'off',
  'chat.disableAIFeatures': true,
  'chat.commandCenter.enabled': false,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'git.enabled': false,
  'git.autoRepositoryDetection': false,
  'github.gitAuthentication': false,
  'update.mode': 'none',
  'security.workspace.trust.enabled': false,
  'files.autoSave': 'off',
  'editor.codeActionsOnSave': {},
  'editor.formatOnSave': false,
  'files.insertFinalNewline': false,
  'files.trimTrailingWhitespace': false,
};

/** Prints a line prefixed with the runner's name and the seconds since `t0`. */
function logger(name, t0 = Date.now()) {
  const since = () => ((Date.now() - t0) / 1000).toFixed(1) + 's';
  const log = (msg) => console.log(`[${name} ${since()}] ${msg}`);
  return { log, since, elapsedMs: () => Date.now() - t0 };
}

/** The cache outside the checkout that setup.sh provisions (same rule as setup.sh). */
function cacheDir() {
  return process.env.DTLS_E2E_CACHE || path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'dynamics-tls-e2e');
}

/** Paths of Node 24 and code-server, from the file setup.sh writes into its cache. */
function provisioned() {
  const file = path.join(cacheDir(), 'current.json');
  let env;
  try {
    env = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    throw new Error(`e2e: ${file} is missing: run \`bash test/e2e/setup.sh\` first (npm run test:e2e does)`);
  }
  for (const p of [env.node, env.codeServer]) {
    if (!fs.existsSync(p)) throw new Error(`e2e: ${p} is missing: run \`bash test/e2e/setup.sh\` again`);
  }
  return env;
}

/** Fails early, with the fix, when the extension or the suite has not been built. */
function requireBuild() {
  for (const f of [path.join(PROJECT, 'dist', 'extension.js'), path.join(PROJECT, 'dist', 'server.js'), SUITE_INDEX]) {
    if (!fs.existsSync(f)) throw new Error(`e2e: ${path.relative(PROJECT, f)} is missing: run \`npm run build\` first`);
  }
}

// A run folder holds the pid of the runner using it until the run is cleaned up.
const OWNER_FILE = '.owner-pid';

function ownerAlive(dir) {
  let pid;
  try {
    pid = Number(fs.readFileSync(path.join(dir, OWNER_FILE), 'utf8'));
  } catch {
    return false;
  }
  try {
    process.kill(pid, 0);
    return pid !== process.pid;
  } catch {
    return false;
  }
}

// test-results/e2e/<name>/, or <name>-<pid>/ while another runner (another engineer's, a parallel CI job) uses it; a
// suffixed folder whose runner is gone is removed, so they do not pile up.
function runFolder(name) {
  fs.mkdirSync(RESULTS, { recursive: true });
  for (const entry of fs.readdirSync(RESULTS)) {
    const dir = path.join(RESULTS, entry);
    if (entry.startsWith(`${name}-`) && /^\d+$/.test(entry.slice(name.length + 1)) && !ownerAlive(dir)) fs.rmSync(dir, { recursive: true, force: true });
  }
  const plain = path.join(RESULTS, name);
  return ownerAlive(plain) ? path.join(RESULTS, `${name}-${process.pid}`) : plain;
}

/**
 * A fresh run folder test-results/e2e/<name>/ with the fixture workspace copied in, XDG dirs, user settings and a
 * short TMPDIR (unix socket paths are limited to 107 bytes). `clean()` removes what is not worth keeping.
 */
function prepareRun(name, { settings = QUIET_SETTINGS } = {}) {
  const dir = runFolder(name);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, OWNER_FILE), String(process.pid));
  const workspace = path.join(dir, 'workspace');
  fs.cpSync(FIXTURE_WORKSPACE, workspace, { recursive: true });
  const userData = path.join(dir, 'user-data');
  fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
  fs.writeFileSync(path.join(userData, 'User', 'settings.json'), JSON.stringify(settings, null, 2));
  const extensions = path.join(dir, 'extensions');
  fs.mkdirSync(extensions, { recursive: true });
  const xdg = { XDG_CONFIG_HOME: path.join(dir, 'xdg', 'config'), XDG_DATA_HOME: path.join(dir, 'xdg', 'data'), XDG_CACHE_HOME: path.join(dir, 'xdg', 'cache'), XDG_STATE_HOME: path.join(dir, 'xdg', 'state') };
  for (const d of Object.values(xdg)) fs.mkdirSync(d, { recursive: true });
  // vscode-ipc-<uuid>.sock is ~50 bytes: keep TMPDIR under 50 so the socket path stays well below the 107-byte limit.
  const tmpParent = dir.length <= 45 ? dir : os.tmpdir();
  const tmp = fs.mkdtempSync(path.join(tmpParent, dir.length <= 45 ? 't' : 'dtls-e2e-'));
  const env = { ...withoutNpmVars(process.env), ...xdg, TMPDIR: tmp, XDG_RUNTIME_DIR: tmp, HOME: process.env.HOME || os.homedir() };
  return {
    dir, workspace, userData, extensions, tmp, env,
    /** Removes the browser profile, caches and temporary files; keeps logs, screenshots and the workspace. */
    clean() {
      for (const p of [tmp, path.join(dir, 'chromium-profile'), path.join(dir, 'xdg', 'cache'), path.join(dir, OWNER_FILE)]) fs.rmSync(p, { recursive: true, force: true });
    },
  };
}

// npm exports npm_* variables that describe the outer npm (Node 20); code-server and its extension host need none.
function withoutNpmVars(env) {
  return Object.fromEntries(Object.entries(env).filter(([k]) => !k.startsWith('npm_')));
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

async function waitHttp(url, timeoutMs, proc) {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (proc.exitCode !== null) throw new Error(`code-server exited with code ${proc.exitCode} before it listened (see code-server.log)`);
    try {
      const r = await fetch(url);
      if (r.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`code-server did not answer ${url} within ${timeoutMs} ms`);
}

/** Installs a .vsix into the run's extensions folder with code-server's own CLI. */
function installVsix(run, vsix) {
  const { node, codeServer } = provisioned();
  const out = execFileSync(node, [codeServer, '--config', path.join(run.dir, 'config.yaml'), '--user-data-dir', run.userData,
    '--extensions-dir', run.extensions, '--install-extension', path.resolve(vsix), '--force'], { env: run.env, stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 });
  return out.toString().trim();
}

/**
 * Starts code-server in its own process group with the smoke-test driver enabled (the built workbench honours the
 * extensionDevelopmentPath/extensionTestsPath payload only then). Resolves once /healthz answers.
 */
async function startCodeServer(run, { extraArgs = [] } = {}) {
  const { node, codeServer } = provisioned();
  const port = await freePort();
  fs.writeFileSync(path.join(run.dir, 'config.yaml'), 'auth: none\n');
  const args = [codeServer, '--config', path.join(run.dir, 'config.yaml'), '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`,
    '--user-data-dir', run.userData, '--extensions-dir', run.extensions,
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override',
    '--ignore-last-opened', '--log', 'info', '--vscode-option', 'enable-smoke-test-driver', ...extraArgs, run.workspace];
  const logFd = fs.openSync(path.join(run.dir, 'code-server.log'), 'w');
  const t0 = Date.now();
  const proc = spawn(node, args, { stdio: ['ignore', logFd, logFd], detached: true, env: run.env, cwd: run.dir });
  fs.closeSync(logFd);
  liveGroups.add(proc.pid);
  const stop = async () => {
    const exited = proc.exitCode !== null || proc.signalCode !== null ? Promise.resolve() : new Promise((r) => proc.once('exit', r));
    killGroup(proc.pid, 'SIGTERM');
    const timer = setTimeout(() => killGroup(proc.pid, 'SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
    killGroup(proc.pid, 'SIGKILL'); // stragglers of the group: extension host, pty host, the language server
    liveGroups.delete(proc.pid);
  };
  try {
    await waitHttp(`http://127.0.0.1:${port}/healthz`, 60_000, proc);
  } catch (e) {
    await stop();
    throw e;
  }
  return { proc, port, url: `http://127.0.0.1:${port}/`, startMs: Date.now() - t0, stop,
    /** A vscode-remote URI of a path on this server. */
    remote: (p) => `vscode-remote://127.0.0.1:${port}${p}` };
}

// Process groups this process started and has not stopped yet: killed synchronously when the process exits any way
// (an uncaught error, EPIPE on a closed stdout, process.exit from a timeout), so no code-server outlives its runner.
const liveGroups = new Set();
process.on('exit', () => {
  for (const pid of liveGroups) killGroup(pid, 'SIGKILL');
});
// Output piped into a reader that goes away (`| head`) must not kill the runner before it cleans up.
for (const stream of [process.stdout, process.stderr]) stream.on('error', () => undefined);

function killGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
  } catch {
    // the group is gone already
  }
}

/** Launches Debian's chromium, headless, with a throw-away profile in the run folder. */
async function launchBrowser(run) {
  const { chromium } = require('playwright-core');
  return chromium.launchPersistentContext(path.join(run.dir, 'chromium-profile'), {
    executablePath: process.env.DTLS_E2E_CHROMIUM || '/usr/bin/chromium',
    headless: true,
    env: run.env,
    viewport: { width: 1400, height: 900 },
    timeout: 60_000,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
}

/**
 * Memory of a process tree (the runner, chromium, code-server and their children) in MiB: `pss` counts shared pages
 * once (split between the processes sharing them, from /proc/<pid>/smaps_rollup), `rss` is the plain sum of RSS
 * (counts chromium's and Node's shared pages once per process, so it overstates).
 */
function treeMemory(rootPid) {
  let rows;
  try {
    rows = execFileSync('ps', ['-eo', 'pid=,ppid=,rss=']).toString().trim().split('\n').map((l) => l.trim().split(/\s+/).map(Number));
  } catch {
    return { rss: 0, pss: 0 };
  }
  const kids = new Map();
  for (const [p, pp] of rows) {
    if (!kids.has(pp)) kids.set(pp, []);
    kids.get(pp).push(p);
  }
  const rssOf = new Map(rows.map(([p, , r]) => [p, r]));
  let rss = 0;
  let pss = 0;
  const seen = new Set();
  const stack = [rootPid];
  while (stack.length) {
    const p = stack.pop();
    if (seen.has(p)) continue;
    seen.add(p);
    rss += rssOf.get(p) || 0;
    pss += pssKiB(p) ?? rssOf.get(p) ?? 0;
    stack.push(...(kids.get(p) || []));
  }
  return { rss: Math.round(rss / 1024), pss: Math.round(pss / 1024) };
}

function pssKiB(pid) {
  try {
    const m = /^Pss:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'));
    return m ? Number(m[1]) : undefined;
  } catch {
    return undefined;
  }
}

/** Samples the runner's process tree every 500 ms; `stop()` ends it; `describe()` says the peaks. */
function memorySampler() {
  const peak = treeMemory(process.pid);
  const sample = () => {
    const now = treeMemory(process.pid);
    peak.rss = Math.max(peak.rss, now.rss);
    peak.pss = Math.max(peak.pss, now.pss);
  };
  const timer = setInterval(sample, 500);
  timer.unref();
  const describe = () => `peak memory (runner + chromium + code-server) ${peak.pss} MiB PSS, ${peak.rss} MiB summed RSS`;
  return { peak: () => ({ ...peak }), describe, stop: () => { clearInterval(timer); return describe(); } };
}

/** Resolves `p`, or rejects after `ms` naming `what` (for steps that must not hang the run). */
function withTimeout(p, ms, what) {
  let timer;
  const t = new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms); });
  return Promise.race([p, t]).finally(() => clearTimeout(timer));
}

/** Runs `cleanup` once on SIGINT/SIGTERM/SIGHUP, then exits with 130. */
function onSignals(cleanup) {
  let done = false;
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.once(sig, () => {
      if (done) return;
      done = true;
      console.error(`e2e: ${sig}: cleaning up`);
      void cleanup().finally(() => process.exit(130));
    });
  }
}

module.exports = {
  PROJECT, RESULTS, FIXTURE_WORKSPACE, SUITE_INDEX, START_MARKER, QUIET_SETTINGS,
  logger, cacheDir, provisioned, requireBuild, prepareRun, installVsix, startCodeServer, launchBrowser,
  treeMemory, memorySampler, withTimeout, onSignals,
};
