import { spawn } from 'node:child_process';
import { createServer as createHttpServer } from 'node:http';
import { Server, createServer as createNetServer } from 'node:net';
import { listenClosable } from '../../server/src/node/listen/closableServer';
import { join } from 'node:path';
import { createServer as createTlsServer } from 'node:tls';
import { CertificateAndKey, createLoopbackCertificate, createSelfSignedCertificate } from '../../server/src/node/tls/selfSignedCert';
import { REPO_ROOT } from './engineHarness';

/** A server started on loopback for a test, and how to stop it (closing every socket it still holds). */
export interface LoopbackServer {
  port: number;
  close(): Promise<void>;
}

/** A certificate for 127.0.0.1/::1/localhost, made once per test process (no key is ever committed). */
export const LOOPBACK_CERT: CertificateAndKey = createLoopbackCertificate();

/** A loopback certificate that expired two days ago (valid for a day, a month back). */
export const EXPIRED_CERT: CertificateAndKey = createSelfSignedCertificate({
  commonName: 'expired.test',
  altNames: ['localhost', '127.0.0.1', '::1'],
  notBefore: new Date(Date.now() - 30 * 86400_000),
  notAfter: new Date(Date.now() - 2 * 86400_000),
});

function track(server: Server, host: string, port = 0): Promise<LoopbackServer> {
  return listenClosable(server, host, port);
}

/** A TLS server on loopback accepting exactly the versions from `min` to `max` (1.0/1.1 need OpenSSL's level 0). */
export function tlsServer(min: 'TLSv1' | 'TLSv1.1' | 'TLSv1.2' | 'TLSv1.3', max: 'TLSv1' | 'TLSv1.1' | 'TLSv1.2' | 'TLSv1.3', cert = LOOPBACK_CERT, host = '127.0.0.1'): Promise<LoopbackServer> {
  const legacy = min === 'TLSv1' || min === 'TLSv1.1';
  const server = createTlsServer({ ...cert, minVersion: min, maxVersion: max, ...(legacy ? { ciphers: 'DEFAULT@SECLEVEL=0' } : {}) }, (s) => s.end('hello\n'));
  server.on('tlsClientError', () => undefined);
  return track(server, host);
}

/** A server that resets every connection as soon as it has the client's first bytes. */
export function resetServer(): Promise<LoopbackServer> {
  return track(createNetServer((s) => s.once('data', () => s.resetAndDestroy())), '127.0.0.1');
}

/** A server that accepts connections and never sends a byte. */
export function silentServer(): Promise<LoopbackServer> {
  return track(
    createNetServer((s) => s.resume()),
    '127.0.0.1',
  );
}

/** A plain HTTP server (not TLS) on loopback. */
export function httpServer(): Promise<LoopbackServer> {
  return track(createHttpServer((_req, res) => res.end('plain http\n')), '127.0.0.1');
}

/** A loopback port with nothing listening on it (bound, then closed). */
export async function closedPort(): Promise<number> {
  const s = await track(createNetServer(), '127.0.0.1');
  await s.close();
  return s.port;
}

/** The result of one CLI run made without blocking the test's own event loop (its servers must keep answering). */
export interface AsyncCliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `node dist/cli.js …` as a process, asynchronously, with an environment the test controls (no inherited proxy). */
export function runCliAsync(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<AsyncCliRun> {
  const base = { ...process.env };
  for (const k of ['HTTPS_PROXY', 'https_proxy', 'NO_PROXY', 'no_proxy', 'HTTP_PROXY', 'http_proxy']) {
    delete base[k];
  }
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(REPO_ROOT, 'dist', 'cli.js'), ...args], { env: { ...base, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}
