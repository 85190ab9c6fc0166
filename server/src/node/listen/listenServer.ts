import { Socket, createServer } from 'node:net';
import { SecureContext, TLSSocket, createSecureContext } from 'node:tls';
import { CertificateAndKey } from '../tls/selfSignedCert';
import { MAX_HELLO_BYTES, readClientHello } from './clientHello';
import { ClosableServer, listenClosable } from './closableServer';
import { clientVerdict } from './listenVerdict';

/** One client seen by `listen`, in the JSON-lines contract's key order (the first five keys are the contract). */
export interface ClientRecord {
  offered: string[];
  maxOffered: string | null;
  sni: string | null;
  accepted: boolean;
  verdict: string;
  /** True when the client's best offer is below the minimum: it fails against a server like Dynamics 365 online. */
  failsMinimum: boolean;
  userAgent: string | null;
  /** Why the handshake failed, when it did. */
  error: string | null;
  remote: string;
  time: string;
}

/** How `listen` runs: where, the minimum version, the certificate, limits, and who hears about each client. */
export interface ListenOptions {
  host: string;
  port: number;
  min: 'TLSv1' | 'TLSv1.1' | 'TLSv1.2' | 'TLSv1.3';
  certificate: CertificateAndKey;
  /** Limit for reading the hello, the handshake, and the HTTP request headers, each. */
  timeoutMs: number;
  onClient: (record: ClientRecord) => void;
}

/** A running listener: its port and how to stop it. */
export type Listener = ClosableServer;

const BODY = 'tls-readiness listen: TLS handshake accepted. This endpoint only records which TLS versions clients offer.\n';

/** Reads the HTTP request head after a good handshake for its User-Agent, then answers 200 and ends. */
function readUserAgent(tls: TLSSocket, timeoutMs: number): Promise<string | null> {
  return new Promise((resolve) => {
    let head = '';
    const done = (ua: string | null): void => {
      clearTimeout(timer);
      tls.off('data', onData);
      resolve(ua);
    };
    const timer = setTimeout(() => done(null), timeoutMs);
    const onData = (chunk: Buffer): void => {
      head += chunk.toString('latin1');
      const end = head.indexOf('\r\n\r\n');
      if (end >= 0 || head.length > 16384) {
        const ua = /^user-agent:[ \t]*([^\r\n]*)/im.exec(head.slice(0, end >= 0 ? end : head.length))?.[1] ?? null;
        tls.end(`HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(BODY)}\r\nConnection: close\r\n\r\n${BODY}`);
        done(ua);
      }
    };
    tls.on('data', onData);
    tls.once('end', () => done(null));
    tls.once('error', () => done(null));
  });
}

function remoteOf(socket: Socket): string {
  const a = socket.remoteAddress ?? '?';
  return a.includes(':') ? `[${a}]:${socket.remotePort ?? 0}` : `${a}:${socket.remotePort ?? 0}`;
}

/**
 * Handles one connection: buffers the first record(s) until the ClientHello is complete, records what it offers, then
 * puts the bytes back (`unshift`) and hands the socket to a TLS server socket that enforces the minimum version.
 */
function handleConnection(socket: Socket, context: SecureContext, o: ListenOptions): void {
  const remote = remoteOf(socket);
  const time = new Date().toISOString();
  let buffered = Buffer.alloc(0);
  socket.on('error', () => undefined);
  const report = (offered: string[], sni: string | null, accepted: boolean, userAgent: string | null, error: string | null): void => {
    const { verdict, failsMinimum } = clientVerdict(offered, o.min, accepted, error);
    o.onClient({ offered, maxOffered: offered.at(-1) ?? null, sni, accepted, verdict, failsMinimum, userAgent, error, remote, time });
  };
  const helloTimer = setTimeout(() => {
    socket.off('data', onData);
    socket.destroy();
    report([], null, false, null, `no ClientHello within ${o.timeoutMs} ms`);
  }, o.timeoutMs);
  const onData = (chunk: Buffer): void => {
    buffered = Buffer.concat([buffered, chunk]);
    const read = readClientHello(buffered.subarray(0, MAX_HELLO_BYTES + 5));
    if (read.kind === 'more') {
      return;
    }
    clearTimeout(helloTimer);
    socket.off('data', onData);
    if (read.kind === 'invalid') {
      socket.destroy();
      report([], null, false, null, read.reason);
      return;
    }
    socket.pause();
    socket.unshift(buffered);
    const tls = new TLSSocket(socket, { isServer: true, secureContext: context });
    const handshakeTimer = setTimeout(() => tls.destroy(new Error(`no handshake within ${o.timeoutMs} ms`)), o.timeoutMs);
    let settled = false;
    tls.once('secure', () => {
      settled = true;
      clearTimeout(handshakeTimer);
      void readUserAgent(tls, o.timeoutMs).then((ua) => report(read.hello.offered, read.hello.sni, true, ua, null));
    });
    tls.once('error', (e: NodeJS.ErrnoException) => {
      clearTimeout(handshakeTimer);
      if (!settled) {
        settled = true;
        tls.destroy();
        report(read.hello.offered, read.hello.sni, false, null, e.code ?? e.message);
      }
    });
    tls.once('close', () => {
      clearTimeout(handshakeTimer);
      if (!settled) {
        settled = true;
        report(read.hello.offered, read.hello.sni, false, null, 'the client closed the connection during the handshake');
      }
    });
  };
  socket.on('data', onData);
}

/**
 * Starts the `listen` endpoint: an HTTPS server that accepts TLS from `min` up to 1.3 and reports, per client, what its
 * ClientHello offered (read before the handshake decides), the SNI, the User-Agent when the handshake succeeds, and
 * the verdict. TLS 1.0/1.1 minimums lower OpenSSL's security level so those clients can complete a handshake.
 */
export function startListener(o: ListenOptions): Promise<Listener> {
  const legacy = o.min === 'TLSv1' || o.min === 'TLSv1.1';
  const context = createSecureContext({ ...o.certificate, minVersion: o.min, maxVersion: 'TLSv1.3', ...(legacy ? { ciphers: 'DEFAULT@SECLEVEL=0' } : {}) });
  return listenClosable(
    createServer((socket) => handleConnection(socket, context, o)),
    o.host,
    o.port,
  );
}
