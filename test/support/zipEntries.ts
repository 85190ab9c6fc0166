import { readFileSync } from 'node:fs';

/** The entry names of a zip file (a .vsix), read from its central directory; throws when it is not a zip. */
export function zipEntries(path: string): string[] {
  const zip = readFileSync(path);
  const endSignature = 0x06054b50;
  let end = zip.length - 22;
  while (end >= 0 && zip.readUInt32LE(end) !== endSignature) {
    end--;
  }
  if (end < 0) {
    throw new Error(`${path} is not a zip file (no end of central directory)`);
  }
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const names: string[] = [];
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(at) !== 0x02014b50) {
      throw new Error(`${path}: central directory entry ${i} is damaged`);
    }
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    names.push(zip.toString('utf8', at + 46, at + 46 + nameLength));
    at += 46 + nameLength + extraLength + commentLength;
  }
  return names;
}
