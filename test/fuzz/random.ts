/** A small seeded generator (mulberry32): every fuzz input is a pure function of (seed, index), so any one replays. */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** The generator of input `index` of a run with `seed`. */
  static forInput(seed: number, index: number): Random {
    return new Random(Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(index + 1, 0xc2b2ae35));
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)] as T;
  }
}

/** The mutations applied to fixture files, by name (recorded with each failure). */
export const MUTATIONS = ['truncate', 'flip', 'splice', 'utf16', 'latin1', 'eol', 'nest', 'hugeLine', 'insertRef', 'duplicate'] as const;

/** One mutation's name. */
export type Mutation = (typeof MUTATIONS)[number];

/** Applies a mutation to a file's bytes (`other` is a second fixture for splices). */
export function mutate(bytes: Buffer, other: Buffer, how: Mutation, r: Random): Buffer {
  switch (how) {
    case 'truncate':
      return bytes.subarray(0, r.int(bytes.length + 1));
    case 'flip': {
      const out = Buffer.from(bytes);
      for (let i = 0, n = 1 + r.int(8); i < n && out.length > 0; i++) {
        const at = r.int(out.length);
        out[at] = (out[at] ?? 0) ^ (1 << r.int(8));
      }
      return out;
    }
    case 'splice': {
      const at = r.int(bytes.length + 1);
      const from = r.int(other.length + 1);
      return Buffer.concat([bytes.subarray(0, at), other.subarray(from, from + r.int(400)), bytes.subarray(at + r.int(100))]);
    }
    case 'utf16':
      return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(bytes.toString('utf8'), 'utf16le')]);
    case 'latin1':
      return Buffer.from(bytes.toString('utf8').replace(/a/g, 'ä'), 'latin1');
    case 'eol': {
      const eol = r.pick(['\r\n', '\n', '\r']);
      return Buffer.from(bytes.toString('utf8').replace(/\r\n|\n|\r/g, () => (r.int(3) === 0 ? r.pick(['\r\n', '\n', '\r']) : eol)));
    }
    case 'nest': {
      const depth = 50 + r.int(3000);
      const [open, close] = r.pick([['<a>', '</a>'], ['(', ')'], ['{', '}'], ['[', ']'], ['<a x="/>">', '']]);
      const at = r.int(bytes.length + 1);
      return Buffer.concat([bytes.subarray(0, at), Buffer.from(open.repeat(depth) + close.repeat(depth)), bytes.subarray(at)]);
    }
    case 'hugeLine': {
      const at = r.int(bytes.length + 1);
      return Buffer.concat([bytes.subarray(0, at), Buffer.from(r.pick(['x', '$(P)', ';net45', '|Tls12', '&#x110000;', '\\']).repeat(20_000 + r.int(80_000))), bytes.subarray(at)]);
    }
    case 'insertRef': {
      const at = r.int(bytes.length + 1);
      const ref = r.pick(['&#x110000;', '&#99999999;', '&#0;', '&#xD800;', '$(TargetFrameworkVersion)', '$(P$(P))', '\u202e', '\u0000', '\ufeff']);
      return Buffer.concat([bytes.subarray(0, at), Buffer.from(ref), bytes.subarray(at)]);
    }
    case 'duplicate': {
      const at = r.int(bytes.length + 1);
      const len = r.int(Math.min(2000, bytes.length - at + 1));
      const part = bytes.subarray(at, at + len);
      return Buffer.concat([bytes.subarray(0, at), ...Array.from({ length: 2 + r.int(50) }, () => part), bytes.subarray(at + len)]);
    }
  }
}
