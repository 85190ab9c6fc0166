/** What a client's ClientHello says before any handshake decision: the versions it offers and the name it asks for. */
export interface ClientHello {
  /** The protocol versions offered, oldest first (`TLSv1` … `TLSv1.3`, `SSLv3`). */
  offered: string[];
  sni: string | null;
}

/** The outcome of reading buffered bytes: a hello, a need for more bytes, or why it is not one. */
export type HelloRead = { kind: 'hello'; hello: ClientHello; bytes: number } | { kind: 'more' } | { kind: 'invalid'; reason: string };

/** The most bytes of records read while looking for one ClientHello (larger hellos are not real clients). */
export const MAX_HELLO_BYTES = 64 * 1024;

const VERSION_NAMES: Record<number, string> = { 0x0300: 'SSLv3', 0x0301: 'TLSv1', 0x0302: 'TLSv1.1', 0x0303: 'TLSv1.2', 0x0304: 'TLSv1.3' };
const ORDER = ['SSLv3', 'TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'];

/** A bounds-checked reader over the hello's body: every read past the end throws, and the caller calls it invalid. */
class Reader {
  constructor(
    private readonly b: Buffer,
    public pos = 0,
  ) {}
  u8(): number {
    return this.take(1).readUInt8(0);
  }
  u16(): number {
    return this.take(2).readUInt16BE(0);
  }
  take(n: number): Buffer {
    if (this.pos + n > this.b.length) {
      throw new RangeError('truncated');
    }
    const out = this.b.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }
  vector(lengthBytes: 1 | 2): Buffer {
    return this.take(lengthBytes === 1 ? this.u8() : this.u16());
  }
  get left(): number {
    return this.b.length - this.pos;
  }
}

function parseBody(body: Buffer): ClientHello {
  const r = new Reader(body);
  const legacy = r.u16();
  r.take(32);
  r.vector(1);
  r.vector(2);
  r.vector(1);
  let supported: number[] | undefined;
  let sni: string | null = null;
  if (r.left > 0) {
    const ext = new Reader(r.vector(2));
    while (ext.left > 0) {
      const type = ext.u16();
      const data = new Reader(ext.vector(2));
      if (type === 0x002b) {
        const list = new Reader(data.vector(1));
        supported = [];
        while (list.left > 0) {
          supported.push(list.u16());
        }
      } else if (type === 0x0000 && data.left > 0) {
        const names = new Reader(data.vector(2));
        while (names.left > 0) {
          const kind = names.u8();
          const name = names.vector(2);
          if (kind === 0) {
            sni = name.toString('latin1');
          }
        }
      }
    }
  }
  const versions = (supported ?? [legacy]).map((v) => VERSION_NAMES[v]).filter((v): v is string => v !== undefined);
  return { offered: [...new Set(versions)].sort((a, b) => ORDER.indexOf(a) - ORDER.indexOf(b)), sni };
}

/**
 * Reads a ClientHello from the first bytes a client sent: the handshake message may span several TLS records. The
 * offered versions are the supported_versions extension when present (TLS 1.3-capable clients), else the legacy
 * version field, which names the highest version the client speaks.
 */
export function readClientHello(data: Buffer): HelloRead {
  const handshake: Buffer[] = [];
  let have = 0;
  let pos = 0;
  for (;;) {
    if (data.length < pos + 5) {
      return data.length >= MAX_HELLO_BYTES ? { kind: 'invalid', reason: 'ClientHello too large' } : { kind: 'more' };
    }
    if (data[pos] !== 0x16 || data[pos + 1] !== 0x03) {
      return { kind: 'invalid', reason: pos === 0 ? 'not a TLS ClientHello (the client did not start a TLS handshake)' : 'malformed TLS record' };
    }
    const length = data.readUInt16BE(pos + 3);
    if (data.length < pos + 5 + length) {
      return data.length >= MAX_HELLO_BYTES ? { kind: 'invalid', reason: 'ClientHello too large' } : { kind: 'more' };
    }
    handshake.push(data.subarray(pos + 5, pos + 5 + length));
    have += length;
    pos += 5 + length;
    const message = Buffer.concat(handshake, have);
    if (message.length >= 4) {
      if (message[0] !== 0x01) {
        return { kind: 'invalid', reason: 'the first handshake message is not a ClientHello' };
      }
      const bodyLength = message.readUIntBE(1, 3);
      if (message.length >= 4 + bodyLength) {
        try {
          return { kind: 'hello', hello: parseBody(message.subarray(4, 4 + bodyLength)), bytes: pos };
        } catch {
          return { kind: 'invalid', reason: 'malformed ClientHello' };
        }
      }
    }
  }
}
