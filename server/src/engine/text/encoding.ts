/** How a file's bytes were encoded, so that a fix can write them back exactly the same way. */
export type TextEncodingName = 'utf8' | 'utf16le' | 'utf16be';

/** A decoded file: its text (without BOM) and what is needed to re-encode it byte for byte. */
export interface DecodedText {
  text: string;
  encoding: TextEncodingName;
  bom: boolean;
  /** True when the bytes were not valid in the detected encoding: such a file is analysed but never rewritten. */
  lossy: boolean;
}

/** Decodes file bytes, honouring a UTF-8 or UTF-16 BOM and detecting BOM-less UTF-16 from NUL patterns. */
export function decodeText(bytes: Uint8Array): DecodedText {
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return decodeUtf8(bytes.subarray(3), true);
  }
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) {
    return { text: decodeUtf16(bytes.subarray(2), 'utf16le'), encoding: 'utf16le', bom: true, lossy: bytes.length % 2 !== 0 };
  }
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) {
    return { text: decodeUtf16(bytes.subarray(2), 'utf16be'), encoding: 'utf16be', bom: true, lossy: bytes.length % 2 !== 0 };
  }
  const guessed = guessBomlessUtf16(bytes);
  if (guessed) {
    return { text: decodeUtf16(bytes, guessed), encoding: guessed, bom: false, lossy: bytes.length % 2 !== 0 };
  }
  return decodeUtf8(bytes, false);
}

/** Encodes text back into the encoding (and BOM) it was read with. */
export function encodeText(text: string, encoding: TextEncodingName, bom: boolean): Uint8Array {
  if (encoding === 'utf8') {
    const body = Buffer.from(text, 'utf8');
    return bom ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), body]) : body;
  }
  const le = Buffer.from(text, 'utf16le');
  const body = encoding === 'utf16be' ? swapBytes(le) : le;
  if (!bom) {
    return body;
  }
  const mark = encoding === 'utf16le' ? [0xff, 0xfe] : [0xfe, 0xff];
  return Buffer.concat([Buffer.from(mark), body]);
}

/** True when the bytes look binary (NUL bytes in a file that is not UTF-16): such files are skipped. */
export function looksBinary(bytes: Uint8Array): boolean {
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) {
    return false;
  }
  if (guessBomlessUtf16(bytes)) {
    return false;
  }
  // The typed array's own search (native) instead of a loop: every file of a scan goes through here.
  return bytes.subarray(0, 8000).indexOf(0) >= 0;
}

function decodeUtf8(bytes: Uint8Array, bom: boolean): DecodedText {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  const lossy = text.includes('\ufffd') && !Buffer.from(text, 'utf8').equals(Buffer.from(bytes));
  return { text, encoding: 'utf8', bom, lossy };
}

function decodeUtf16(bytes: Uint8Array, encoding: 'utf16le' | 'utf16be'): string {
  const even = bytes.subarray(0, bytes.length - (bytes.length % 2));
  const buf = Buffer.from(even);
  return (encoding === 'utf16be' ? swapBytes(buf) : buf).toString('utf16le');
}

function swapBytes(buf: Buffer): Buffer {
  const out = Buffer.from(buf);
  out.swap16();
  return out;
}

/** BOM-less UTF-16 shows as ASCII with every other byte NUL; check the first few hundred bytes. */
function guessBomlessUtf16(bytes: Uint8Array): 'utf16le' | 'utf16be' | undefined {
  const n = Math.min(bytes.length - (bytes.length % 2), 512);
  if (n < 4 || bytes.subarray(0, n).indexOf(0) < 0) {
    return undefined;
  }
  let zeroEven = 0;
  let zeroOdd = 0;
  for (let i = 0; i < n; i++) {
    if (bytes[i] === 0) {
      if (i % 2 === 0) {
        zeroEven++;
      } else {
        zeroOdd++;
      }
    }
  }
  const half = n / 2;
  if (zeroOdd > half * 0.9 && zeroEven === 0) {
    return 'utf16le';
  }
  if (zeroEven > half * 0.9 && zeroOdd === 0) {
    return 'utf16be';
  }
  return undefined;
}
