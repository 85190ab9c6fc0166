import { Socket } from 'node:net';
import { DetailedPeerCertificate, PeerCertificate, SecureContext, TLSSocket, checkServerIdentity, connect, createSecureContext, rootCertificates } from 'node:tls';
import { CertificateInfo, TlsVersion } from '../../engine/probe/probeResult';
import { describeSocketError } from './proxyTunnel';

/** What one handshake at one version gave. */
export type HandshakeOutcome =
  | { kind: 'accepted'; cipher: string; certificate: CertificateInfo }
  /** The server answered but refused this version (an alert, a lower version, or a reset after the hello). */
  | { kind: 'refused'; reason: string }
  /** No TLS conversation: not a TLS service, no answer, a reset before any answer. */
  | { kind: 'failed'; reason: string };

/** How to run one handshake: the connected socket, the name to verify and send as SNI, the version, limits. */
export interface HandshakeOptions {
  socket: Socket;
  /** The host as the user wrote it: the SNI (unless an IP literal) and the name the certificate must match. */
  host: string;
  isIp: boolean;
  version: TlsVersion;
  timeoutMs: number;
  /** Extra trusted roots (PEM), added to Node's own store. */
  extraCa: readonly string[];
  signal?: AbortSignal;
}

const VERSION_REFUSED = new Set([
  'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION',
  'ERR_SSL_UNSUPPORTED_PROTOCOL',
  'ERR_SSL_NO_PROTOCOLS_AVAILABLE',
  'ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE',
  'ERR_SSL_TLSV1_ALERT_INSUFFICIENT_SECURITY',
  'ERR_SSL_VERSION_TOO_LOW',
  'ERR_SSL_TLSV1_ALERT_INAPPROPRIATE_FALLBACK',
  'ERR_SSL_NO_CIPHERS_AVAILABLE',
  'ERR_SSL_NO_SHARED_CIPHER',
]);

const NOT_TLS = new Set(['ERR_SSL_WRONG_VERSION_NUMBER', 'ERR_SSL_PACKET_LENGTH_TOO_LONG', 'ERR_SSL_HTTP_REQUEST', 'ERR_SSL_RECORD_LENGTH_MISMATCH', 'ERR_SSL_UNEXPECTED_MESSAGE']);

function distinguishedName(name: PeerCertificate['subject'] | undefined): string {
  if (!name) {
    return '';
  }
  return Object.entries(name)
    .map(([k, v]) => `${k}=${Array.isArray(v) ? (v as string[]).join('+') : String(v)}`)
    .join(', ');
}

/** The presented chain's facts: subject, issuer, the chain's last subject, validity, trust (chain and name). */
function certificateInfo(socket: TLSSocket, host: string, now: Date): CertificateInfo {
  const leaf = socket.getPeerCertificate(true);
  let root: DetailedPeerCertificate = leaf;
  const seen = new Set<string>();
  while (root.issuerCertificate && root.issuerCertificate !== root && !seen.has(root.fingerprint256)) {
    seen.add(root.fingerprint256);
    root = root.issuerCertificate;
  }
  const validTo = new Date(leaf.valid_to);
  const identityError = socket.authorized ? checkServerIdentity(host, leaf) : undefined;
  const chainError = socket.authorizationError ? String(socket.authorizationError) : null;
  return {
    subject: distinguishedName(leaf.subject),
    issuer: distinguishedName(leaf.issuer),
    root: distinguishedName(root.subject),
    validFrom: new Date(leaf.valid_from).toISOString(),
    validTo: validTo.toISOString(),
    expired: validTo.getTime() < now.getTime(),
    trusted: socket.authorized && identityError === undefined,
    trustError: chainError ?? (identityError ? identityError.message : null),
  };
}

function tlsFailure(e: NodeJS.ErrnoException): HandshakeOutcome {
  const code = e.code ?? '';
  if (VERSION_REFUSED.has(code)) {
    return { kind: 'refused', reason: code };
  }
  if (NOT_TLS.has(code)) {
    return { kind: 'failed', reason: `not a TLS service (${code})` };
  }
  if (code === 'ECONNRESET' || code === 'EPIPE') {
    return { kind: 'refused', reason: describeSocketError(e, 'handshake') };
  }
  return { kind: 'failed', reason: describeSocketError(e, 'handshake') };
}

const contexts = new Map<string, SecureContext>();

/** The client context for a version, made once per version and trust list: adding roots costs ~100 ms per context. */
function contextFor(version: TlsVersion, extraCa: readonly string[]): SecureContext {
  const key = `${version}\0${extraCa.join('')}`;
  let context = contexts.get(key);
  if (!context) {
    const legacy = version === 'TLSv1' || version === 'TLSv1.1';
    context = createSecureContext({
      minVersion: version,
      maxVersion: version,
      ...(legacy ? { ciphers: 'DEFAULT@SECLEVEL=0' } : {}),
      ...(extraCa.length ? { ca: [...rootCertificates, ...extraCa] } : {}),
    });
    if (contexts.size > 32) {
      contexts.clear();
    }
    contexts.set(key, context);
  }
  return context;
}

/**
 * One TLS handshake on a connected socket at exactly one version (`minVersion = maxVersion`). TLS 1.0 and 1.1 get
 * `DEFAULT@SECLEVEL=0`: OpenSSL 3 will not offer them at its default security level, and the probe must ask. The
 * certificate is not enforced (the probe reports on it instead); the socket is destroyed when the handshake is judged.
 */
export function handshake(o: HandshakeOptions): Promise<HandshakeOutcome> {
  return new Promise((resolve) => {
    const tls = connect({
      socket: o.socket,
      servername: o.isIp ? undefined : o.host,
      secureContext: contextFor(o.version, o.extraCa),
      rejectUnauthorized: false,
    });
    let settled = false;
    const finish = (outcome: HandshakeOutcome): void => {
      if (settled) {
        return;
      }
      settled = true;
      clearTimeout(timer);
      o.signal?.removeEventListener('abort', onAbort);
      tls.destroy();
      o.socket.destroy();
      resolve(outcome);
    };
    const timer = setTimeout(() => finish({ kind: 'failed', reason: `no TLS answer within ${o.timeoutMs} ms` }), o.timeoutMs);
    const onAbort = (): void => finish({ kind: 'failed', reason: 'cancelled' });
    o.signal?.addEventListener('abort', onAbort);
    tls.once('secureConnect', () => {
      const cipher = tls.getCipher();
      finish({ kind: 'accepted', cipher: cipher.standardName || cipher.name, certificate: certificateInfo(tls, o.host, new Date()) });
    });
    tls.on('error', (e: NodeJS.ErrnoException) => finish(tlsFailure(e)));
    tls.once('close', () => finish({ kind: 'refused', reason: 'connection closed by the server during the TLS handshake' }));
  });
}
