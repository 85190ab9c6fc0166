import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, linkSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { REPO_ROOT } from '../support/engineHarness';
import { fixWorkspace, legacyProject } from '../support/fixWorkspace';
import { runCli } from './cliRunner';

/** True when `chattr +i` works here (root on a file system that supports it). */
function canMakeImmutable(path: string): boolean {
  return spawnSync('chattr', ['+i', path]).status === 0;
}

describe('fix: atomic, faithful, inside the given folders, refusing per file with the reason', () => {
  it('a kill -9 at a random instant leaves a large project file with its old bytes or its new bytes, never torn', async () => {
    const old = legacyProject(20_000);
    assert.ok(old.length > 1_800_000);
    const reference = fixWorkspace(old);
    assert.equal(runCli(['fix', reference]).status, 0);
    const fixed = readFileSync(join(reference, 'App.csproj'), 'utf8');
    assert.notEqual(fixed, old);
    const full = timedRun(reference);
    for (let i = 0; i < 12; i++) {
      const ws = fixWorkspace(old);
      const at = Math.round(((i + Math.random()) / 12) * (await full) * 1.1);
      await killedAfter(ws, at);
      const now = readFileSync(join(ws, 'App.csproj'), 'utf8');
      assert.ok(now === old || now === fixed, `torn after a kill at ${at} ms (${now.length} chars)`);
      assert.equal(readdirSync(ws).filter((n) => !n.endsWith('.dtls-tmp')).length, 1, 'only the project and, at most, a temporary file');
    }
  });

  it('keeps the file mode and refuses a read-only, an immutable and a hard-linked file, going on with the rest', () => {
    const ws = mkdtempSync(join(tmpdir(), 'dtls-refuse-'));
    for (const name of ['Kept', 'ReadOnly', 'Immutable', 'Linked']) {
      mkdirSync(join(ws, name));
      writeFileSync(join(ws, name, `${name}.csproj`), legacyProject());
    }
    chmodSync(join(ws, 'Kept', 'Kept.csproj'), 0o640);
    chmodSync(join(ws, 'ReadOnly', 'ReadOnly.csproj'), 0o444);
    linkSync(join(ws, 'Linked', 'Linked.csproj'), join(ws, 'Linked', 'other-name.txt'));
    const immutable = canMakeImmutable(join(ws, 'Immutable', 'Immutable.csproj'));
    try {
      const r = runCli(['fix', ws]);
      assert.equal(r.status, 1, `some fixed, some refused: ${r.stdout}${r.stderr}`);
      assert.doesNotMatch(r.stderr, /internal error|\n\s+at /);
      assert.match(r.stdout, /fixed Kept\/Kept\.csproj/);
      assert.match(r.stdout, /refused ReadOnly\/ReadOnly\.csproj: it is read-only \(mode 0444\)/);
      assert.match(r.stdout, /refused Linked\/Linked\.csproj: it is hard-linked \(2 names\)/);
      if (immutable) {
        assert.match(r.stdout, /refused Immutable\/Immutable\.csproj: permission denied while replacing it \(EPERM/);
      }
      assert.match(r.stdout, new RegExp(`1 file\\(s\\) changed, ${immutable ? 3 : 2} refused`));
      assert.equal(statSync(join(ws, 'Kept', 'Kept.csproj')).mode & 0o7777, 0o640);
      for (const name of ['ReadOnly', 'Linked', ...(immutable ? ['Immutable'] : [])]) {
        assert.equal(readFileSync(join(ws, name, `${name}.csproj`), 'utf8'), legacyProject(), `${name} untouched`);
      }
      assert.deepEqual(readdirSync(join(ws, 'Immutable')), ['Immutable.csproj'], 'no temporary file left behind');
    } finally {
      spawnSync('chattr', ['-i', join(ws, 'Immutable', 'Immutable.csproj')]);
    }
  });

  it('exits 2 when every planned file was refused (nothing could be done)', () => {
    const ws = fixWorkspace();
    chmodSync(join(ws, 'App.csproj'), 0o444);
    const r = runCli(['fix', ws]);
    assert.equal(r.status, 2, r.stdout);
    assert.match(r.stdout, /0 file\(s\) changed, 1 refused/);
  });

  it('never writes through a link that leaves the folder: the scan lists it as skipped, fix --follow-links refuses naming the target', () => {
    const outside = mkdtempSync(join(tmpdir(), 'dtls-outside-'));
    writeFileSync(join(outside, 'Real.csproj'), legacyProject());
    const ws = fixWorkspace();
    symlinkSync(join(outside, 'Real.csproj'), join(ws, 'Linked.csproj'));
    const scan = runCli(['scan', ws, '--format', 'json', '--fail-on', 'none']);
    const skipped = (JSON.parse(scan.stdout) as { skipped: { path: string; reason: string }[] }).skipped;
    assert.ok(skipped.some((s) => s.path.endsWith('Linked.csproj') && s.reason.includes(join(outside, 'Real.csproj')) && /outside the scanned folders/.test(s.reason)), JSON.stringify(skipped));
    assert.equal(runCli(['fix', ws]).status, 0);
    const followed = runCli(['fix', ws, '--follow-links']);
    assert.match(followed.stdout, new RegExp(`refused Linked\\.csproj: it resolves to ${join(outside, 'Real.csproj').replace(/[.]/g, '\\.')}, outside the folders given to fix`));
    assert.equal(followed.status, 2, 'the inside file was fixed by the first run: only the refused link was planned');
    assert.equal(readFileSync(join(outside, 'Real.csproj'), 'utf8'), legacyProject(), 'the file outside is untouched');
    assert.notEqual(readFileSync(join(ws, 'App.csproj'), 'utf8'), legacyProject(), 'the file inside was fixed');
  });

  it('a FIFO or a link to /dev/zero with a project name neither blocks a scan nor a fix', () => {
    const ws = fixWorkspace();
    assert.equal(spawnSync('mkfifo', [join(ws, 'Pipe.csproj')]).status, 0);
    symlinkSync('/dev/zero', join(ws, 'Zero.cs'));
    const scan = runCli(['scan', ws, '--format', 'json', '--fail-on', 'none', '--follow-links']);
    const skipped = (JSON.parse(scan.stdout) as { skipped: { path: string; reason: string }[] }).skipped;
    assert.ok(skipped.some((s) => s.path.endsWith('Pipe.csproj') && /not a regular file/.test(s.reason)), JSON.stringify(skipped));
    assert.ok(skipped.some((s) => s.path.endsWith('Zero.cs') && /not a regular file/.test(s.reason)), JSON.stringify(skipped));
    const fix = runCli(['fix', ws, '--follow-links']);
    assert.equal(fix.status, 0, fix.stdout + fix.stderr);
  });

  it('--config naming a file that is not settings says why without quoting it; a FIFO is not waited on', () => {
    const r = runCli(['scan', join(REPO_ROOT, 'samples'), '--config', '/etc/passwd']);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /cannot read settings from \/etc\/passwd: it is not a valid JSON settings file/);
    assert.doesNotMatch(r.stderr, /root:|:0:0/);
    const fifo = join(mkdtempSync(join(tmpdir(), 'dtls-fifo-')), 'settings.json');
    assert.equal(spawnSync('mkfifo', [fifo]).status, 0);
    const f = runCli(['scan', join(REPO_ROOT, 'samples'), '--config', fifo]);
    assert.equal(f.status, 2);
    assert.match(f.stderr, /it is not a regular file/);
  });
});

/** How long a complete `fix` of the folder takes (on a copy: the folder is fixed already). */
async function timedRun(dir: string): Promise<number> {
  const copy = fixWorkspace(readFileSync(join(dir, 'App.csproj'), 'utf8'));
  const t0 = Date.now();
  await killedAfter(copy, 60_000);
  return Date.now() - t0;
}

/** Runs `fix` on a folder and SIGKILLs it after `ms` (or lets it finish first). */
function killedAfter(dir: string, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(REPO_ROOT, 'dist', 'cli.js'), 'fix', dir], { stdio: 'ignore' });
    const timer = setTimeout(() => child.kill('SIGKILL'), ms);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}
