import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { describe, it } from 'node:test';
import { findEndpointsInText, parseEndpoint } from '../../server/src/engine/probe/endpoint';
import { judgeEndpoint } from '../../server/src/engine/probe/probeResult';
import { readClientHello } from '../../server/src/node/listen/clientHello';
import { probeEndpoint } from '../../server/src/node/probe/probeEndpoints';
import { proxyFor } from '../../server/src/node/probe/proxyTunnel';
import { createSelfSignedCertificate } from '../../server/src/node/tls/selfSignedCert';

const names = (raw: string): string => {
  const e = parseEndpoint(raw);
  return 'name' in e ? e.name : `! ${e.input}: ${e.error}`;
};

describe('probe endpoints: parsing, discovery, resolver, proxy, verdicts', () => {
  it('reads hosts, ports, IPv6 literals and https URLs; drops paths and credentials', () => {
    assert.equal(names('contoso.crm.dynamics.com'), 'contoso.crm.dynamics.com:443');
    assert.equal(names('crm.contoso.local:8443'), 'crm.contoso.local:8443');
    assert.equal(names('[::1]:4433'), '[::1]:4433');
    assert.equal(names('::1'), '[::1]:443');
    assert.equal(names('https://user:pa55@crm.contoso.local:444/org/api?token=x'), 'crm.contoso.local:444');
    assert.equal(names('http://crm.contoso.local/'), '! http://crm.contoso.local/: only https:// URLs can be probed (got http://)');
    assert.equal(names('https://user:pa55@exa mple/'), '! https://***@exa mple/: not a host, host:port or https:// URL');
    assert.equal(names('host:70000'), '! host:70000: not a host, host:port or https:// URL');
    assert.equal(names('  '), '! : empty endpoint');
  });

  it('finds https endpoints in config and code with their positions, skipping schema and doc hosts', () => {
    const text = '<configuration xmlns="https://schemas.microsoft.com/x">\n  <add connectionString="AuthType=OAuth;Url=https://contoso.crm4.dynamics.com;" />\n  // see https://learn.microsoft.com/x\n  var u = "https://api.contoso.local:8443/v1";\n';
    assert.deepEqual(
      findEndpointsInText(text).map((f) => [f.endpoint.name, f.endpoint.dynamics, f.line, f.column]),
      [
        ['contoso.crm4.dynamics.com:443', true, 1, 44],
        ['api.contoso.local:8443', false, 3, 11],
      ],
    );
  });

  it('asks the injected resolver for a host name and reports its failure as a reason, never a stack', async () => {
    const asked: string[] = [];
    const e = parseEndpoint('crm.contoso.example:443');
    assert.ok('name' in e);
    const r = await probeEndpoint(e, {
      timeoutMs: 500,
      concurrency: 1,
      extraCa: [],
      env: {},
      lookup: (host) => {
        asked.push(host);
        return Promise.reject(Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' }));
      },
    });
    assert.deepEqual(asked, ['crm.contoso.example']);
    assert.deepEqual([r.probe.reachable, r.probe.error, r.probe.verdict], [false, 'host not found (DNS: ENOTFOUND)', 'error']);
  });

  it('takes the proxy from HTTPS_PROXY unless NO_PROXY names the host', () => {
    const env = { HTTPS_PROXY: 'http://alice:s3cret@proxy.corp:3128', NO_PROXY: 'localhost,.internal.corp' };
    const p = proxyFor('crm.contoso.local', env);
    assert.ok(p && 'name' in p);
    assert.equal(p.name, 'http://proxy.corp:3128');
    assert.equal(p.authorization, `Basic ${Buffer.from('alice:s3cret').toString('base64')}`);
    assert.equal(proxyFor('svc.internal.corp', env), undefined);
    assert.equal(proxyFor('localhost', env), undefined);
    assert.equal(proxyFor('x', {}), undefined);
    assert.deepEqual(proxyFor('x', { https_proxy: 'socks5://127.0.0.1:1080' }), {
      error: 'HTTPS_PROXY is socks5://127.0.0.1:1080: the probe can only tunnel through an http:// proxy, so it cannot go through this one',
    });
  });

  it('judges in the product terms: legacy on a Dynamics host is a note, on your own server a warning', () => {
    const base = { endpoint: 'x:443', reachable: true, error: null, cipher: 'c', certificate: null };
    const all = { TLSv1: true, 'TLSv1.1': true, 'TLSv1.2': true, 'TLSv1.3': false };
    assert.equal(judgeEndpoint({ ...base, versions: all }, true).verdict, 'note');
    assert.equal(judgeEndpoint({ ...base, versions: all }, false).verdict, 'warning');
    assert.equal(judgeEndpoint({ ...base, versions: { ...all, 'TLSv1.2': false } }, true).verdict, 'error');
  });

  it('makes a valid self-signed certificate with the requested names and dates (no openssl needed)', () => {
    const notAfter = new Date('2051-01-02T03:04:05Z');
    const c = createSelfSignedCertificate({ commonName: 'Zoë test', altNames: ['localhost', '127.0.0.1', '::1'], notBefore: new Date('2020-01-01T00:00:00Z'), notAfter });
    const x = new X509Certificate(c.cert);
    assert.ok(x.verify(x.publicKey), 'self-signed: verifies with its own key');
    assert.equal(x.subject, 'CN=Zoë test');
    assert.equal(x.subjectAltName, 'DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1');
    assert.equal(new Date(x.validTo).toISOString(), notAfter.toISOString(), 'GeneralizedTime after 2049');
  });

  it('reads a ClientHello only when complete, and calls anything else invalid without throwing', () => {
    assert.deepEqual(readClientHello(Buffer.from('GET / HTTP/1.1\r\n\r\n')), { kind: 'invalid', reason: 'not a TLS ClientHello (the client did not start a TLS handshake)' });
    assert.deepEqual(readClientHello(Buffer.from([0x16, 0x03, 0x01, 0x00])), { kind: 'more' });
    assert.deepEqual(readClientHello(Buffer.from([0x16, 0x03, 0x01, 0x00, 0x05, 0x01, 0x00, 0x00, 0x01, 0x03])), { kind: 'invalid', reason: 'malformed ClientHello' });
    assert.deepEqual(readClientHello(Buffer.from([0x16, 0x03, 0x01, 0x00, 0x04, 0x02, 0x00, 0x00, 0x00])), { kind: 'invalid', reason: 'the first handshake message is not a ClientHello' });
  });
});
