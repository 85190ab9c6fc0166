import { Stats, closeSync, constants, fstatSync, openSync, promises as fsp, readSync } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { FileIdentity, FileRefusal } from '../engine/scan/fileSystemPort';

/** Opening flags that never block (a FIFO without a writer) and never follow a link at the last component. */
const READ_FLAGS = constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW;

/** What a special file is, for the reason a read or a write refuses it. */
function kindOf(st: { isDirectory(): boolean; isFIFO(): boolean; isSocket(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean; isSymbolicLink(): boolean }): string {
  if (st.isDirectory()) {
    return 'a folder';
  }
  if (st.isFIFO()) {
    return 'a FIFO';
  }
  if (st.isSocket()) {
    return 'a socket';
  }
  if (st.isCharacterDevice() || st.isBlockDevice()) {
    return 'a device';
  }
  return st.isSymbolicLink() ? 'a symbolic link' : 'not a regular file';
}

/** The reason an `fs` error gives, in words, with its code (never any of the file's content). */
export function reasonOf(e: unknown, doing: string): string {
  const code = (e as { code?: unknown } | undefined)?.code;
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return `permission denied while ${doing} (${code}; read-only, immutable or protected)`;
    case 'EROFS':
      return `the file system is read-only (${code})`;
    case 'EBUSY':
    case 'ETXTBSY':
      return `the file is busy (${code})`;
    case 'ENOENT':
      return `it no longer exists (${code})`;
    case 'ELOOP':
      return `it is a symbolic link now (${code}); not followed`;
    case 'ENOSPC':
    case 'EDQUOT':
      return `no space left while ${doing} (${code})`;
    default:
      return typeof code === 'string' ? `an I/O error while ${doing} (${code})` : `an error while ${doing}`;
  }
}

/**
 * The reads of at most `maxBytes` into one buffer sized by what the file says (plus one byte, to notice a file that
 * holds more): yields each read to make (buffer, offset, length) and is sent the bytes it read; returns the bytes. A file
 * that grows past the cap while it is read is refused, not followed. Driven by an async and a sync reader below.
 */
function* boundedReads(sizeSaid: number, maxBytes: number, buffer?: ReadBuffer): Generator<[Buffer, number, number], Uint8Array, number> {
  const first = Math.min(sizeSaid, maxBytes) + 1;
  let buf = buffer ? buffer(first).subarray(0, first) : Buffer.allocUnsafe(first);
  let total = 0;
  for (;;) {
    if (total === buf.length) {
      if (total > maxBytes) {
        throw new FileRefusal(`larger than the ${Math.round(maxBytes / 1024)} KB size cap (it grew while read, or says less than it holds)`, false);
      }
      const bigger = Buffer.allocUnsafe(Math.min(buf.length * 2, maxBytes + 1));
      buf.copy(bigger, 0, 0, total);
      buf = bigger;
    }
    const bytesRead: number = yield [buf, total, buf.length - total];
    if (bytesRead === 0) {
      return buf.subarray(0, total);
    }
    total += bytesRead;
  }
}

/** Reads at most `maxBytes` from an open handle (see boundedReads). */
async function readBounded(handle: FileHandle, sizeSaid: number, maxBytes: number): Promise<Uint8Array> {
  const reads = boundedReads(sizeSaid, maxBytes);
  for (let step = reads.next(0); ; ) {
    if (step.done) {
      return step.value;
    }
    const [buf, offset, length] = step.value;
    step = reads.next((await handle.read(buf, offset, length, null)).bytesRead);
  }
}

/** Reads at most `maxBytes` from an open file descriptor, synchronously (see boundedReads). */
function readBoundedSync(fd: number, sizeSaid: number, maxBytes: number, buffer?: ReadBuffer): Uint8Array {
  const reads = boundedReads(sizeSaid, maxBytes, buffer);
  for (let step = reads.next(0); ; ) {
    if (step.done) {
      return step.value;
    }
    const [buf, offset, length] = step.value;
    step = reads.next(readSync(fd, buf, offset, length, null));
  }
}

/**
 * Where a read puts a file's bytes: a buffer of at least `length` bytes that the caller may reuse from read to read
 * (then the bytes read are valid only until the next read).
 */
export type ReadBuffer = (length: number) => Buffer;

/**
 * `readRegularFile` for a scan, synchronously: the same checks and reasons, without a promise per system call (four
 * to six times faster on a warm disk cache). For the CLI, whose thread has nothing else to do while it reads. With
 * `buffer`, the bytes are read into the buffer it gives (a file that grows while read still gets a new one).
 */
export function readScannedFileSync(path: string | Buffer, maxBytes: number, buffer?: ReadBuffer): Uint8Array {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    throw new FileRefusal(reasonOf(e, 'opening it'), true);
  }
  try {
    const st = fstatSync(fd);
    refuseUnreadable(st, maxBytes);
    return readBoundedSync(fd, st.size, maxBytes, buffer);
  } catch (e) {
    throw e instanceof FileRefusal ? e : new FileRefusal(reasonOf(e, 'reading it'), true);
  } finally {
    closeSync(fd);
  }
}

/** Refuses what a scan does not read: a special file (never read), a file above the size cap. */
function refuseUnreadable(st: Stats, maxBytes: number): void {
  if (!st.isFile()) {
    throw new FileRefusal(`not a regular file (${kindOf(st)}; never read)`, true);
  }
  if (st.size > maxBytes) {
    throw new FileRefusal(`larger than the ${Math.round(maxBytes / 1024)} KB size cap (${Math.round(st.size / 1024)} KB)`, false);
  }
}

/**
 * Opens a path that must be a regular file without ever blocking, and reads at most `maxBytes`: a FIFO, socket or
 * device is refused after `fstat` on the handle (not a `stat` of the name, which a swap could change). `follow`
 * allows a symbolic link at the last component (scans follow links inside the roots; fixes resolve them first).
 */
export async function readRegularFile(path: string | Buffer, maxBytes: number, follow = true): Promise<{ bytes: Uint8Array; identity: FileIdentity }> {
  let handle: FileHandle;
  try {
    handle = await fsp.open(path, follow ? constants.O_RDONLY | constants.O_NONBLOCK : READ_FLAGS);
  } catch (e) {
    throw new FileRefusal(reasonOf(e, 'opening it'), true);
  }
  try {
    const st = await handle.stat();
    refuseUnreadable(st, maxBytes);
    const bytes = await readBounded(handle, st.size, maxBytes);
    return { bytes, identity: { dev: st.dev, ino: st.ino, size: st.size, mtimeMs: st.mtimeMs, mode: st.mode, uid: st.uid, gid: st.gid, nlink: st.nlink } };
  } catch (e) {
    throw e instanceof FileRefusal ? e : new FileRefusal(reasonOf(e, 'reading it'), true);
  } finally {
    await handle.close();
  }
}

/** True when `path` is `root` or lies below it (both real, absolute paths). */
function isInside(path: string, root: string): boolean {
  return path === root || path.startsWith(root.endsWith('/') ? root : `${root}/`);
}

/**
 * Resolves a file a fix is about to rewrite: its real path must lie inside one of the real `roots` (a link leading
 * out is refused, naming its target), it must be a regular file with one name (renaming over a hard-linked file
 * would split it from its other names) that its owner may write.
 */
export async function resolveFixTarget(path: string | Buffer, roots: readonly string[]): Promise<string> {
  let real: string;
  try {
    real = await fsp.realpath(path);
  } catch (e) {
    throw new FileRefusal(reasonOf(e, 'resolving its path'), true);
  }
  const realRoots = await Promise.all(roots.map((r) => fsp.realpath(r).catch(() => r)));
  if (!realRoots.some((r) => isInside(real, r))) {
    throw new FileRefusal(`it resolves to ${real}, outside the folders given to fix; not written`, true);
  }
  return real;
}

/** Refuses what a rename cannot replace the way the user would expect (a checked identity: see readRegularFile). */
export function refuseUnreplaceable(identity: FileIdentity): void {
  if (identity.nlink > 1) {
    throw new FileRefusal(`it is hard-linked (${identity.nlink} names); replacing it would split it from its other names`, true);
  }
  if ((identity.mode & 0o222) === 0) {
    throw new FileRefusal(`it is read-only (mode ${(identity.mode & 0o7777).toString(8).padStart(4, '0')})`, true);
  }
}

/** True when the file now at `real` is still the one that was analysed: same inode, size, time and bytes. */
async function stillTheSame(real: string, identity: FileIdentity, expected: Uint8Array): Promise<void> {
  const now = await readRegularFile(real, identity.size, false);
  const same =
    now.identity.dev === identity.dev &&
    now.identity.ino === identity.ino &&
    now.identity.size === identity.size &&
    now.identity.mtimeMs === identity.mtimeMs &&
    Buffer.from(now.bytes).equals(Buffer.from(expected));
  if (!same) {
    throw new FileRefusal('the file changed or was replaced since it was analysed; not written', true);
  }
}

/**
 * Replaces a file atomically: the new bytes go to a temporary file in the same folder (created exclusively, never
 * through a link), get the target's mode and owner, are flushed to disk, and the temporary file is renamed over the
 * target after a last check that the target is still what was analysed. After a kill at any instant the target holds
 * either its old bytes or its new bytes; a leftover temporary file is the only trace.
 */
export async function replaceAtomically(real: string, bytes: Uint8Array, identity: FileIdentity, analysed: Uint8Array): Promise<void> {
  refuseUnreplaceable(identity);
  const dir = dirname(real);
  const temp = join(dir, `.${basename(real)}.${process.pid}.${randomBytes(4).toString('hex')}.dtls-tmp`);
  let handle: FileHandle;
  try {
    handle = await fsp.open(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600);
  } catch (e) {
    throw new FileRefusal(reasonOf(e, 'creating a temporary file beside it'), true);
  }
  let renamed = false;
  try {
    try {
      await handle.writeFile(bytes);
      await handle.chmod(identity.mode & 0o7777);
      if (identity.uid !== process.getuid?.() || identity.gid !== process.getgid?.()) {
        await handle.chown(identity.uid, identity.gid);
      }
      await handle.sync();
    } catch (e) {
      throw new FileRefusal(reasonOf(e, 'writing the new bytes beside it (its owner and mode must be kept)'), true);
    } finally {
      await handle.close();
    }
    await stillTheSame(real, identity, analysed);
    try {
      await fsp.rename(temp, real);
      renamed = true;
    } catch (e) {
      throw new FileRefusal(reasonOf(e, 'replacing it'), true);
    }
    await syncFolder(dir);
  } finally {
    if (!renamed) {
      await fsp.unlink(temp).catch(() => undefined);
    }
  }
}

/** Flushes a folder's entries (the rename) to disk; a file system that cannot is left as it is. */
async function syncFolder(dir: string): Promise<void> {
  try {
    const h = await fsp.open(dir, constants.O_RDONLY);
    try {
      await h.sync();
    } finally {
      await h.close();
    }
  } catch {
    // some file systems refuse fsync on a folder; the rename itself is still atomic
  }
}
