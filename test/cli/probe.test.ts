import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CertificateAndKey } from '../../server/src/node/tls/selfSignedCert';
import { EXPIRED_CERT, LOOPBACK_CERT, LoopbackServer, closedPort, httpServer, resetServer, runCliAsync, silentServer, tlsServer } from '../support/loopbackServers';

type Versions = { TLSv1: boolean; 'TLSv1.1': boolean; 'TLSv1.2': boolean; 'TLSv1.3': boolean };
const NONE: Versions = { TLSv1: false, 'TLSv1.1': false, 'TLSv1.2': false, 'TLSv1.3': false };

/** The certificate block the probe must print for a certificate made by the test, computed from the certificate itself. */
function certificateOf(c: CertificateAndKey, trusted: boolean, trustError: string | null, cn: string): object {
  const x = new X509Certificate(c.cert);
  const validTo = new Date(x.validTo);
  return {
    subject: `CN=${cn}`,
    issuer: `CN=${cn}`,
    root: `CN=${cn}`,
    validFrom: new Date(x.validFrom).toISOString(),
    validTo: validTo.toISOString(),
    expired: validTo.getTime() < Date.now(),
    trusted,
    trustError,
  };
}

const LOCAL_CN = 'tls-readiness local endpoint';

describe('tls-readiness probe against loopback TLS servers', () => {
  const servers: Record<string, LoopbackServer> = {};
  let work: string;
  let ca: string;

  before(async () => {
    work = mkdtempSync(join(tmpdir(), 'dtls-probe-'));
    ca = join(work, 'roots.pem');
    writeFileSync(ca, LOOPBACK_CERT.cert + EXPIRED_CERT.cert);
    servers.v10 = await tlsServer('TLSv1', 'TLSv1');
    servers.v11 = await tlsServer('TLSv1.1', 'TLSv1.1');
    servers.v12 = await tlsServer('TLSv1.2', 'TLSv1.2');
    servers.v13 = await tlsServer('TLSv1.3', 'TLSv1.3');
    servers.v1213 = await tlsServer('TLSv1.2', 'TLSv1.3');
    servers.v10to13 = await tlsServer('TLSv1', 'TLSv1.3');
    servers.expired = await tlsServer('TLSv1.2', 'TLSv1.3', EXPIRED_CERT);
    servers.reset = await resetServer();
    servers.silent = await silentServer();
    servers.http = await httpServer();
    servers.v6 = await tlsServer('TLSv1.2', 'TLSv1.3', LOOPBACK_CERT, '::1');
  });

  after(async () => {
    await Promise.all(Object.values(servers).map((s) => s.close()));
    rmSync(work, { recursive: true, force: true });
  });

  const probe = async (targets: string[], extra: string[] = []): Promise<{ status: number | null; json: { endpoints: Record<string, unknown>[] }; stderr: string }> => {
    const r = await runCliAsync(['probe', ...targets, '--format', 'json', '--ca', ca, '--timeout', '1500', ...extra]);
    return { status: r.status, json: JSON.parse(r.stdout) as { endpoints: Record<string, unknown>[] }, stderr: r.stderr };
  };

  it('reports exactly what each server configuration accepts, with cipher, certificate and verdict', async () => {
    const at = (name: string): string => `127.0.0.1:${servers[name]?.port ?? 0}`;
    const r = await probe(['v10', 'v11', 'v12', 'v13', 'v1213', 'v10to13', 'expired'].map(at));
    assert.equal(r.status, 1, 'TLS 1.0-only and 1.1-only servers are errors: exit 1');
    const trusted = certificateOf(LOOPBACK_CERT, true, null, LOCAL_CN);
    const legacyCipher = 'TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA';
    assert.deepEqual(r.json, {
      endpoints: [
        { endpoint: at('v10'), reachable: true, error: null, versions: { ...NONE, TLSv1: true }, cipher: legacyCipher, certificate: trusted, verdict: 'error' },
        { endpoint: at('v11'), reachable: true, error: null, versions: { ...NONE, 'TLSv1.1': true }, cipher: legacyCipher, certificate: trusted, verdict: 'error' },
        { endpoint: at('v12'), reachable: true, error: null, versions: { ...NONE, 'TLSv1.2': true }, cipher: 'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256', certificate: trusted, verdict: 'ok' },
        { endpoint: at('v13'), reachable: true, error: null, versions: { ...NONE, 'TLSv1.3': true }, cipher: 'TLS_AES_256_GCM_SHA384', certificate: trusted, verdict: 'ok' },
        { endpoint: at('v1213'), reachable: true, error: null, versions: { ...NONE, 'TLSv1.2': true, 'TLSv1.3': true }, cipher: 'TLS_AES_256_GCM_SHA384', certificate: trusted, verdict: 'ok' },
        { endpoint: at('v10to13'), reachable: true, error: null, versions: { TLSv1: true, 'TLSv1.1': true, 'TLSv1.2': true, 'TLSv1.3': true }, cipher: 'TLS_AES_256_GCM_SHA384', certificate: trusted, verdict: 'warning' },
        {
          endpoint: at('expired'),
          reachable: true,
          error: null,
          versions: { ...NONE, 'TLSv1.2': true, 'TLSv1.3': true },
          cipher: 'TLS_AES_256_GCM_SHA384',
          certificate: certificateOf(EXPIRED_CERT, false, 'CERT_HAS_EXPIRED', 'expired.test'),
          verdict: 'warning',
        },
      ],
    });
  });

  it('reports a reset, a silent server, a closed port and a non-TLS service per endpoint with the reason', async () => {
    const closed = await closedPort();
    const at = (name: string): string => `127.0.0.1:${servers[name]?.port ?? 0}`;
    const r = await probe([at('reset'), at('silent'), `127.0.0.1:${closed}`, at('http')], ['--timeout', '300']);
    assert.equal(r.status, 1);
    const row = (endpoint: string, reachable: boolean, error: string): object => ({ endpoint, reachable, error, versions: NONE, cipher: null, certificate: null, verdict: 'error' });
    assert.deepEqual(r.json, {
      endpoints: [
        row(at('reset'), true, 'connection reset by the server during the TLS handshake'),
        row(at('silent'), true, 'no TLS answer within 300 ms'),
        row(`127.0.0.1:${closed}`, false, 'connection refused'),
        row(at('http'), true, 'not a TLS service (ERR_SSL_WRONG_VERSION_NUMBER)'),
      ],
    });
    assert.doesNotMatch(r.stderr, /\bat \w+ \(|internal error/, 'no stack trace');
  });

  it('probes an IPv6 literal, bracketed or bare, and a URL with a path and credentials without printing them', async () => {
    const port = servers.v6?.port ?? 0;
    const secret = 'hunter2-secret';
    const url = `https://admin:${secret}@127.0.0.1:${servers.v12?.port ?? 0}/XRMServices/2011/Organization.svc?x=${secret}`;
    for (const format of ['json', 'text', 'markdown', 'sarif']) {
      const r = await runCliAsync(['probe', `[::1]:${port}`, url, `https://user:${secret}@bad host/`, '--ca', ca, '--format', format]);
      assert.equal(r.status, 1, `${format}: the malformed URL is an error`);
      assert.ok(!r.stdout.includes(secret) && !r.stderr.includes(secret) && !r.stdout.includes('admin'), `${format}: credentials never printed`);
      if (format === 'json') {
        const json = JSON.parse(r.stdout) as { endpoints: { endpoint: string; verdict: string; versions: Versions; error: string | null }[] };
        assert.deepEqual(
          json.endpoints.map((e) => [e.endpoint, e.verdict, e.versions['TLSv1.2'], e.error]),
          [
            [`[::1]:${port}`, 'ok', true, null],
            [`127.0.0.1:${servers.v12?.port ?? 0}`, 'ok', true, null],
            ['https://***@bad host/', 'error', false, 'not a host, host:port or https:// URL'],
          ],
        );
      }
    }
    const bare = await probe(['::1']);
    assert.equal(bare.json.endpoints[0]?.endpoint, '[::1]:443');
  });

  it('refuses a .invalid host without a DNS lookup and exits 1', async () => {
    const r = await probe(['crm.contoso.invalid:443', 'https://org.example.invalid/']);
    assert.equal(r.status, 1);
    assert.deepEqual(
      r.json.endpoints.map((e) => [e.endpoint, e.reachable, e.error]),
      [
        ['crm.contoso.invalid:443', false, 'unresolvable host: .invalid is reserved (RFC 6761), so it was not looked up'],
        ['org.example.invalid:443', false, 'unresolvable host: .invalid is reserved (RFC 6761), so it was not looked up'],
      ],
    );
  });

  it('probes 500 endpoints with bounded concurrency and bounded time, in input order', async () => {
    const { createServer } = await import('node:net');
    const closed = await closedPort();
    // 20 silent servers, one per slow endpoint: "endpoints in flight" = servers holding an open connection.
    const openPerServer: number[] = [];
    let maxBusy = 0;
    const silentOnes = await Promise.all(
      Array.from({ length: 20 }, (_, i) => {
        openPerServer[i] = 0;
        const sockets = new Set<import('node:net').Socket>();
        const s = createServer((sock) => {
          sockets.add(sock);
          openPerServer[i] = (openPerServer[i] ?? 0) + 1;
          // A connection ends when its end arrives ('end' comes in the poll phase that reads it; 'close' only later, in
          // the close phase). The CLI closes a connection before it opens the next, so on loopback that end is already
          // queued when the next connection is accepted: counting after this poll phase (setImmediate) sees it, where
          // counting at once could see an ended connection still open under load.
          let open = true;
          const ended = (): void => {
            if (open) {
              open = false;
              openPerServer[i] = (openPerServer[i] ?? 1) - 1;
            }
            sockets.delete(sock);
          };
          sock.on('end', ended);
          sock.on('close', ended);
          sock.on('error', ended);
          setImmediate(() => {
            if (open) {
              maxBusy = Math.max(maxBusy, openPerServer.filter((n) => n > 0).length);
            }
          });
          sock.resume();
        });
        return new Promise<{ port: number; close: () => Promise<void> }>((resolve) =>
          s.listen(0, '127.0.0.1', () =>
            resolve({ port: (s.address() as import('node:net').AddressInfo).port, close: () => new Promise((d) => (sockets.forEach((x) => x.destroy()), s.close(() => d()))) }),
          ),
        );
      }),
    );
    const targets = Array.from({ length: 500 }, (_, i) => (i % 25 === 0 ? `127.0.0.1:${silentOnes[i / 25]?.port ?? 0}` : `127.0.0.1:${closed}`));
    const r = await probe(targets, ['--timeout', '200', '--concurrency', '8']);
    await Promise.all(silentOnes.map((s) => s.close()));
    assert.equal(r.json.endpoints.length, 500);
    assert.deepEqual(r.json.endpoints.map((e) => e.endpoint), targets);
    assert.ok(maxBusy >= 2 && maxBusy <= 8, `at most 8 endpoints in flight (saw ${maxBusy})`);
    // Bounded time without timing it: every silent endpoint was given up at the --timeout it was given, none waited on.
    const silentErrors = r.json.endpoints.filter((_, i) => i % 25 === 0).map((e) => e.error);
    assert.equal(silentErrors.length, 20);
    assert.deepEqual(silentErrors.filter((e) => !/within 200 ms/.test(String(e))), []);
  });

  it('goes through an HTTPS_PROXY with CONNECT, and says when it cannot', async () => {
    const { createServer, connect } = await import('node:net');
    const seen: string[] = [];
    const proxy = createServer((client) => {
      client.once('data', (head: Buffer) => {
        const m = /^CONNECT ([^ ]+) HTTP\/1\.1\r\n/.exec(head.toString('latin1'));
        seen.push(m?.[1] ?? 'not CONNECT');
        const port = Number((m?.[1] ?? '').split(':').pop());
        const upstream = connect(port, '127.0.0.1', () => {
          client.write('HTTP/1.1 200 Connection established\r\n\r\n');
          client.pipe(upstream).pipe(client);
        });
        upstream.on('error', () => client.destroy());
        client.on('error', () => upstream.destroy());
      });
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const proxyPort = (proxy.address() as import('node:net').AddressInfo).port;
    const target = `crm.proxied.test:${servers.v1213?.port ?? 0}`;
    const r = await runCliAsync(['probe', target, '--format', 'json', '--ca', ca], { HTTPS_PROXY: `http://u:p@127.0.0.1:${proxyPort}` });
    proxy.close();
    const json = JSON.parse(r.stdout) as { endpoints: { endpoint: string; versions: Versions; error: string | null }[] };
    assert.deepEqual(json.endpoints[0]?.versions, { ...NONE, 'TLSv1.2': true, 'TLSv1.3': true }, 'the host name went to the proxy, not to DNS');
    assert.equal(seen.length, 4, 'one CONNECT per version');
    assert.ok(seen.every((s) => s === target));
    const refused = await runCliAsync(['probe', target, '--format', 'json'], { HTTPS_PROXY: 'https://proxy.corp.invalid:8443' });
    const e = (JSON.parse(refused.stdout) as { endpoints: { reachable: boolean; error: string }[] }).endpoints[0];
    assert.deepEqual(e && [e.reachable, e.error], [false, 'HTTPS_PROXY is https://proxy.corp.invalid:8443: the probe can only tunnel through an http:// proxy, so it cannot go through this one']);
  });

  it('--from lists the endpoints written in a folder first, --list connects to nothing, and SARIF points at where they were found', async () => {
    const folder = join(work, 'ws');
    mkdirSync(join(folder, 'bin'), { recursive: true });
    const port = servers.v10to13?.port ?? 0;
    writeFileSync(
      join(folder, 'app.config'),
      `<?xml version="1.0"?>\n<configuration xmlns:x="https://schemas.microsoft.com/x">\n  <connectionStrings>\n    <add name="crm" connectionString="AuthType=OAuth;Url=https://127.0.0.1:${port}/contoso;Password=pw" />\n  </connectionStrings>\n</configuration>\n`,
    );
    writeFileSync(join(folder, 'bin', 'ignored.config'), 'Url=https://127.0.0.1:1/');
    const listed = await runCliAsync(['probe', '--from', folder, '--list']);
    assert.equal(listed.status, 0);
    assert.equal(listed.stdout, '');
    assert.equal(listed.stderr, `tls-readiness: 1 endpoint(s) found in ${folder}:\n  127.0.0.1:${port}\n`);
    const r = await runCliAsync(['probe', '--from', folder, '--format', 'sarif', '--ca', ca, '--fail-on', 'warning']);
    assert.equal(r.status, 1, 'the 1.0–1.3 server is a warning, and --fail-on warning counts it');
    const sarif = JSON.parse(r.stdout) as { runs: { results: { ruleId: string; level: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number } } }[] }[] }[] };
    const results = sarif.runs[0]?.results ?? [];
    assert.deepEqual(
      results.map((x) => [x.ruleId, x.level, x.locations[0]?.physicalLocation.artifactLocation.uri, x.locations[0]?.physicalLocation.region.startLine, x.locations[0]?.physicalLocation.region.startColumn]),
      [['PRB001', 'warning', 'app.config', 4, 58]],
    );
  });

  it('Markdown and text say when each probe ran; bad options are usage errors (exit 2)', async () => {
    const target = `127.0.0.1:${servers.v12?.port ?? 0}`;
    const before = new Date().toISOString();
    const md = await runCliAsync(['probe', target, '--format', 'markdown', '--ca', ca]);
    assert.equal(md.status, 0);
    const row = md.stdout.split('\n').find((l) => l.startsWith(`| ${target} |`)) ?? '';
    const probedAt = row.split(' | ')[1] ?? '';
    assert.ok(probedAt >= before && probedAt <= new Date().toISOString(), `a probe time in the row: ${row}`);
    assert.match(row, /\| no \| no \| yes \| no \| TLS\\_ECDHE\\_ECDSA\\_WITH\\_AES\\_128\\_GCM\\_SHA256 \|.*\| ok \|$/);
    const text = await runCliAsync(['probe', target, '--ca', ca]);
    assert.match(text.stdout, /^ {2}probed at \d{4}-\d\d-\d\dT/m);
    for (const bad of [['probe'], ['probe', target, '--timeout', 'soon'], ['probe', target, '--format', 'xml'], ['probe', '--from', join(work, 'missing')]]) {
      const u = await runCliAsync(bad);
      assert.equal(u.status, 2, bad.join(' '));
      assert.match(u.stderr, /^tls-readiness: /);
    }
  });
});
