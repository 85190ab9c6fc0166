import assert from 'node:assert/strict';
import { ChildProcessWithoutNullStreams, spawn, spawnSync } from 'node:child_process';
import { connect as netConnect } from 'node:net';
import { join } from 'node:path';
import { connect } from 'node:tls';
import { describe, it } from 'node:test';
import { REPO_ROOT } from '../support/engineHarness';

interface Listening {
  child: ChildProcessWithoutNullStreams;
  port: number;
  lines: () => Record<string, unknown>[];
  waitForLines: (n: number) => Promise<Record<string, unknown>[]>;
  exit: Promise<{ status: number | null; stdout: string; stderr: string }>;
}

/** Starts `tls-readiness listen --port 0 …` and waits for the line naming its port. */
function startListen(args: string[]): Promise<Listening> {
  const child = spawn(process.execPath, [join(REPO_ROOT, 'dist', 'cli.js'), 'listen', '--port', '0', ...args]);
  let stdout = '';
  let stderr = '';
  const waiters: (() => void)[] = [];
  child.stdout.setEncoding('utf8').on('data', (d: string) => {
    stdout += d;
    waiters.splice(0).forEach((w) => w());
  });
  const exit = new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => child.on('close', (status) => resolve({ status, stdout, stderr })));
  const lines = (): Record<string, unknown>[] =>
    stdout
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  return new Promise((resolve, reject) => {
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
      const port = /listening on https:\/\/[^ ]+:(\d+)\//.exec(stderr)?.[1];
      if (port) {
        const waitForLines = async (n: number): Promise<Record<string, unknown>[]> => {
          const deadline = Date.now() + 10_000;
          while (lines().length < n) {
            assert.ok(Date.now() < deadline, `waited for ${n} JSON line(s); have: ${stdout}`);
            await new Promise<void>((r) => {
              waiters.push(r);
              setTimeout(r, 200);
            });
          }
          return lines();
        };
        resolve({ child, port: Number(port), lines, waitForLines, exit });
      }
    });
    child.on('error', reject);
    setTimeout(() => reject(new Error(`listen did not start: ${stderr}`)), 10_000);
  });
}

/** A real client forced to one TLS version: completes a handshake (or not) and sends a request with a User-Agent. */
function clientAt(port: number, version: 'TLSv1' | 'TLSv1.1' | 'TLSv1.2' | 'TLSv1.3', servername: string): Promise<string> {
  const legacy = version === 'TLSv1' || version === 'TLSv1.1';
  return new Promise((resolve) => {
    const s = connect({ host: '127.0.0.1', port, servername, minVersion: version, maxVersion: version, rejectUnauthorized: false, ...(legacy ? { ciphers: 'DEFAULT@SECLEVEL=0' } : {}) }, () => {
      s.write(`GET / HTTP/1.1\r\nHost: ${servername}\r\nUser-Agent: regression-suite/${version}\r\n\r\n`);
    });
    let answer = '';
    s.setEncoding('utf8').on('data', (d: string) => (answer += d));
    s.on('error', (e: NodeJS.ErrnoException) => resolve(`error ${e.code ?? ''}`));
    s.on('close', () => resolve(answer.split('\r\n')[0] ?? ''));
  });
}

describe('tls-readiness listen', () => {
  it('logs what real clients forced to each version offered, flushed per client, and exits 1 on SIGTERM when one would fail', async () => {
    const l = await startListen(['--format', 'json']);
    const answers: string[] = [];
    for (const v of ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'] as const) {
      answers.push(await clientAt(l.port, v, 'contoso.crm.dynamics.com'));
      await l.waitForLines(answers.length);
    }
    assert.deepEqual(answers, ['error ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION', 'error ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION', 'HTTP/1.1 200 OK', 'HTTP/1.1 200 OK']);
    const contract = l.lines().map(({ offered, maxOffered, sni, accepted, verdict, userAgent }) => ({ offered, maxOffered, sni, accepted, verdict, userAgent }));
    assert.deepEqual(contract, [
      { offered: ['TLSv1'], maxOffered: 'TLSv1', sni: 'contoso.crm.dynamics.com', accepted: false, verdict: 'this client offered only TLS 1.0: it will fail against Dynamics 365 online', userAgent: null },
      { offered: ['TLSv1.1'], maxOffered: 'TLSv1.1', sni: 'contoso.crm.dynamics.com', accepted: false, verdict: 'this client offered only TLS 1.1: it will fail against Dynamics 365 online', userAgent: null },
      { offered: ['TLSv1.2'], maxOffered: 'TLSv1.2', sni: 'contoso.crm.dynamics.com', accepted: true, verdict: 'this client offered TLS 1.2: it can connect to Dynamics 365 online', userAgent: 'regression-suite/TLSv1.2' },
      { offered: ['TLSv1.3'], maxOffered: 'TLSv1.3', sni: 'contoso.crm.dynamics.com', accepted: true, verdict: 'this client offered TLS 1.3: it can connect to Dynamics 365 online', userAgent: 'regression-suite/TLSv1.3' },
    ]);
    assert.deepEqual(Object.keys(l.lines()[0] ?? {}).slice(0, 5), ['offered', 'maxOffered', 'sni', 'accepted', 'verdict'], 'the contract keys come first, in order');
    l.child.kill('SIGTERM');
    const done = await l.exit;
    assert.equal(done.status, 1, 'two clients offered only versions below TLS 1.2');
    assert.match(done.stderr, /4 client\(s\): 2 offered the minimum or later, 2 offered only older versions, 0 sent no ClientHello\./);
  });

  it('reads the offer of a client that offers a range (supported_versions), a plain-HTTP client, and curl forced to TLS 1.0', async (t) => {
    const l = await startListen(['--format', 'json', '--min', '1.2', '--max-clients', '3']);
    await new Promise<void>((resolve) => {
      const s = connect({ host: '127.0.0.1', port: l.port, minVersion: 'TLSv1', maxVersion: 'TLSv1.3', ciphers: 'DEFAULT@SECLEVEL=0', rejectUnauthorized: false }, () => s.end());
      s.on('close', () => resolve()).on('error', () => resolve());
    });
    await l.waitForLines(1);
    await new Promise<void>((resolve) => {
      const s = netConnect(l.port, '127.0.0.1', () => s.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n'));
      s.on('close', () => resolve()).on('error', () => resolve());
    });
    await l.waitForLines(2);
    const curl = spawnSync('curl', ['--version'], { encoding: 'utf8' });
    if (curl.status !== 0) {
      t.diagnostic('curl is not installed: the curl sub-case is skipped');
      l.child.kill('SIGTERM');
    } else {
      await new Promise<void>((resolve) => {
        const c = spawn('curl', ['-sk', '--tlsv1.0', '--tls-max', '1.0', '--max-time', '5', `https://127.0.0.1:${l.port}/`]);
        c.on('close', () => resolve());
      });
    }
    const done = await l.exit;
    const lines = l.lines();
    assert.deepEqual([lines[0]?.offered, lines[0]?.maxOffered, lines[0]?.sni, lines[0]?.accepted], [['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'], 'TLSv1.3', null, true]);
    assert.deepEqual([lines[1]?.offered, lines[1]?.accepted, lines[1]?.verdict], [[], false, 'no TLS ClientHello: not a TLS ClientHello (the client did not start a TLS handshake)']);
    if (curl.status === 0) {
      // curl's OpenSSL here offers TLS 1.0 when asked; if a build refused, curl would send no hello and this would say so.
      assert.deepEqual([lines[2]?.offered, lines[2]?.accepted, lines[2]?.verdict], [['TLSv1'], false, 'this client offered only TLS 1.0: it will fail against Dynamics 365 online']);
      assert.equal(done.status, 1, '--max-clients 3 stops it; curl offered only TLS 1.0');
    }
  });

  it('text format: one line per client; bad options are usage errors', async () => {
    const l = await startListen(['--max-clients', '1', '--min', '1.3']);
    await clientAt(l.port, 'TLSv1.2', 'crm.contoso.local');
    const done = await l.exit;
    assert.equal(done.status, 1);
    assert.match(done.stdout, /127\.0\.0\.1:\d+ offered TLS 1\.2; SNI crm\.contoso\.local; refused — this client offered only TLS 1\.2: it will fail against a server that requires TLS 1\.3 or later\n/);
    assert.match(done.stdout, /1 client\(s\): 0 offered the minimum or later, 1 offered only older versions/);
    for (const bad of [['--port', '70000'], ['--min', '1.4'], ['--host', 'example.com'], ['extra']]) {
      const r = spawnSync(process.execPath, [join(REPO_ROOT, 'dist', 'cli.js'), 'listen', ...bad], { encoding: 'utf8' });
      assert.equal(r.status, 2, bad.join(' '));
      assert.match(r.stderr, /^tls-readiness: /);
    }
  });
});
