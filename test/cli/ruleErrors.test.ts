import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { THROWING_ENTRY, samplesWithMarker } from '../support/throwingRule';
import { runCli } from './cliRunner';

interface JsonFinding {
  ruleId: string;
  path: string;
  range: unknown;
}

/** Runs the CLI entry with the test-only rule, stdout and stderr in one stream (to see their order) and apart. */
function runThrowing(args: readonly string[]): { status: number | null; stdout: string; stderr: string; merged: string } {
  const apart = spawnSync(process.execPath, [THROWING_ENTRY, ...args], { encoding: 'utf8' });
  const merged = spawnSync('sh', ['-c', `"${process.execPath}" "${THROWING_ENTRY}" "$@" 2>&1`, 'sh', ...args], { encoding: 'utf8' });
  return { status: apart.status, stdout: apart.stdout, stderr: apart.stderr, merged: merged.stdout };
}

describe('CLI: a rule that throws loses only its own findings', () => {
  it('prints every other finding, then the error with rule, file and stack on stderr, and exits 2', () => {
    const { dir, project } = samplesWithMarker();
    const product = runCli(['scan', dir, '--format', 'json', '--fail-on', 'none']);
    assert.equal(product.status, 0, product.stderr);
    const run = runThrowing(['scan', dir, '--format', 'json', '--fail-on', 'none']);
    assert.equal(run.status, 2, 'a rule failure fails the run even with --fail-on none');
    const expected = (JSON.parse(product.stdout) as { findings: JsonFinding[] }).findings;
    const got = (JSON.parse(run.stdout) as { findings: JsonFinding[] }).findings;
    assert.deepEqual(got, expected, 'the other rules’ findings all appear, on the failing file too');
    assert.ok(got.some((f) => f.path.endsWith('ContosoCrmSync.csproj') && f.ruleId === 'TLS001'));
    const errors = run.stderr.split('\n').filter((l) => l.startsWith('tls-readiness: error:'));
    assert.equal(errors.length, 1, run.stderr);
    assert.match(errors[0] ?? '', /rule TLS999 failed on .*ContosoCrmSync\/ContosoCrmSync\.csproj/);
    assert.ok(project.endsWith('ContosoCrmSync.csproj'));
    assert.match(run.stderr, /TLS999 was told to throw\n\s+at /, 'the stack follows');
    assert.ok(run.merged.indexOf('"findings"') < run.merged.indexOf('tls-readiness: error:'), 'findings first, then the error');
  });

  it('exits as the product does when the rule does not throw, and `fix` also exits 2 on a failure', () => {
    const { dir: plain } = samplesWithMarker();
    const clean = runThrowing(['scan', `${plain}/ContosoPortal`, '--format', 'json']);
    assert.equal(clean.stderr, '');
    assert.equal(clean.status, runCli(['scan', `${plain}/ContosoPortal`, '--format', 'json']).status, 'the product’s own exit code');
    assert.equal(clean.status, 1, 'TLS013 is an error');
    const { dir } = samplesWithMarker();
    const fix = runThrowing(['fix', dir, '--dry-run']);
    assert.equal(fix.status, 2);
    assert.match(fix.stdout, /would fix .*Web\.config/);
    assert.match(fix.stderr, /rule TLS999 failed on/);
  });
});
