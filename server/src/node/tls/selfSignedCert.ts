import { KeyObject, generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { isIP } from 'node:net';
import { appendAll } from '../../engine/util/arrays';

/** What the certificate says: its name, the names it is valid for, and when. */
export interface SelfSignedOptions {
  commonName: string;
  /** DNS names and IP literals put in subjectAltName (modern clients read only that). */
  altNames: readonly string[];
  notBefore: Date;
  notAfter: Date;
}

/** A PEM certificate and its PEM private key, ready for `tls.createSecureContext`. */
export interface CertificateAndKey {
  cert: string;
  key: string;
}

function derLength(n: number): Buffer {
  if (n < 0x80) {
    return Buffer.from([n]);
  }
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) {
    bytes.unshift(v % 256);
  }
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

function tlv(tag: number, ...content: Buffer[]): Buffer {
  const body = Buffer.concat(content);
  return Buffer.concat([Buffer.from([tag]), derLength(body.length), body]);
}

const sequence = (...content: Buffer[]): Buffer => tlv(0x30, ...content);

function oid(dotted: string): Buffer {
  const [first = 0, second = 0, ...rest] = dotted.split('.').map(Number);
  const bytes = [first * 40 + second];
  for (const arc of rest) {
    const chunk = [arc & 0x7f];
    for (let v = Math.floor(arc / 128); v > 0; v = Math.floor(v / 128)) {
      chunk.unshift(0x80 | (v & 0x7f));
    }
    appendAll(bytes, chunk);
  }
  return tlv(0x06, Buffer.from(bytes));
}

function derTime(date: Date): Buffer {
  const iso = date.toISOString().replace(/[-:T]/g, '').slice(0, 14) + 'Z';
  const year = date.getUTCFullYear();
  return year >= 1950 && year < 2050 ? tlv(0x17, Buffer.from(iso.slice(2), 'ascii')) : tlv(0x18, Buffer.from(iso, 'ascii'));
}

function name(commonName: string): Buffer {
  return sequence(tlv(0x31, sequence(oid('2.5.4.3'), tlv(0x0c, Buffer.from(commonName, 'utf8')))));
}

function ipBytes(ip: string): Buffer {
  if (isIP(ip) === 4) {
    return Buffer.from(ip.split('.').map(Number));
  }
  const [head = '', tail = ''] = ip.split('::');
  const groups = (s: string): number[] => (s ? s.split(':').map((g) => parseInt(g, 16)) : []);
  const h = groups(head);
  const t = ip.includes('::') ? groups(tail) : [];
  const all = [...h, ...new Array<number>(8 - h.length - t.length).fill(0), ...t];
  return Buffer.from(all.flatMap((g) => [g >> 8, g & 0xff]));
}

function subjectAltName(names: readonly string[]): Buffer {
  const entries = names.map((n) => (isIP(n) ? tlv(0x87, ipBytes(n)) : tlv(0x82, Buffer.from(n, 'ascii'))));
  return sequence(oid('2.5.29.17'), tlv(0x04, sequence(...entries)));
}

function toPem(label: string, der: Buffer): string {
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

/**
 * Makes a self-signed X.509 v3 certificate (ECDSA P-256, SHA-256) with a small DER encoder: Node can sign but has no
 * certificate builder, and a dozen DER shapes are less to trust than a dependency. `listen` uses one made at start;
 * tests make expired and valid ones without the openssl CLI.
 */
export function createSelfSignedCertificate(options: SelfSignedOptions): CertificateAndKey {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const ecdsaWithSha256 = sequence(oid('1.2.840.10045.4.3.2'));
  const serial = randomBytes(16);
  serial[0] = ((serial[0] ?? 0) & 0x7f) | 0x01;
  const tbs = sequence(
    tlv(0xa0, tlv(0x02, Buffer.from([2]))),
    tlv(0x02, serial),
    ecdsaWithSha256,
    name(options.commonName),
    sequence(derTime(options.notBefore), derTime(options.notAfter)),
    name(options.commonName),
    (publicKey as KeyObject).export({ type: 'spki', format: 'der' }),
    tlv(0xa3, sequence(subjectAltName(options.altNames))),
  );
  const signature = sign('sha256', tbs, privateKey);
  const certificate = sequence(tbs, ecdsaWithSha256, tlv(0x03, Buffer.from([0]), signature));
  return { cert: toPem('CERTIFICATE', certificate), key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() };
}

/** A certificate for a local test or regression endpoint: localhost, 127.0.0.1 and ::1, valid from an hour ago for `days`. */
export function createLoopbackCertificate(days = 30, now: Date = new Date()): CertificateAndKey {
  return createSelfSignedCertificate({
    commonName: 'tls-readiness local endpoint',
    altNames: ['localhost', '127.0.0.1', '::1'],
    notBefore: new Date(now.getTime() - 3600_000),
    notAfter: new Date(now.getTime() + days * 86400_000),
  });
}
