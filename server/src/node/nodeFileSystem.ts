import { Dirent, promises as fsp, readdirSync, realpathSync, statSync } from 'node:fs';
import { DirEntry, FileSystemPort, FixTarget } from '../engine/scan/fileSystemPort';
import { fsPath, nameFromBytes } from './byteNames';
import { readRegularFile, readScannedFileSync, refuseUnreplaceable, replaceAtomically, resolveFixTarget } from './safeFiles';

/**
 * The engine's file-system port over Node's `fs`, shared by the CLI and the language server. Names are read as bytes
 * and every path is handed back as the bytes it came from (see byteNames.ts), so no name is rewritten or lost.
 */
export const nodeFileSystem: FileSystemPort = {
  async readFile(path: string, maxBytes: number): Promise<Uint8Array> {
    return (await readRegularFile(fsPath(path), maxBytes)).bytes;
  },
  async readDir(path: string): Promise<DirEntry[]> {
    const entries = await fsp.readdir(fsPath(path), { withFileTypes: true, encoding: 'buffer' });
    return entries.map((e) => ({ name: nameFromBytes(e.name), isFile: e.isFile(), isDirectory: e.isDirectory(), isSymbolicLink: e.isSymbolicLink() }));
  },
  async stat(path: string) {
    const st = await fsp.stat(fsPath(path));
    return { size: st.size, isFile: st.isFile(), isDirectory: st.isDirectory() };
  },
  async realPath(path: string): Promise<string> {
    return nameFromBytes(await fsp.realpath(fsPath(path), { encoding: 'buffer' }));
  },
  async readForFix(path: string, roots: readonly string[], maxBytes: number): Promise<FixTarget> {
    const real = await resolveFixTarget(fsPath(path), roots);
    const { bytes, identity } = await readRegularFile(fsPath(real), maxBytes, false);
    refuseUnreplaceable(identity);
    return { real, bytes, identity };
  },
  async replaceFile(target: FixTarget, bytes: Uint8Array): Promise<void> {
    await replaceAtomically(target.real, bytes, target.identity, target.bytes);
  },
};

/** A directory entry as the scan needs it, its name already the engine's string. */
function dirEntry(e: Pick<Dirent, 'isFile' | 'isDirectory' | 'isSymbolicLink'>, name: string): DirEntry {
  return { name, isFile: e.isFile(), isDirectory: e.isDirectory(), isSymbolicLink: e.isSymbolicLink() };
}

/**
 * A folder's entries, read synchronously. Names are read as text first (Node decodes them natively, with no Buffer per
 * name); a listing in which a name holds U+FFFD, which is what a name that is not valid UTF-8 decodes to, is read
 * again as bytes and every name goes through `nameFromBytes`, so the result is the byte listing's in every case.
 */
function readDirSync(path: string): DirEntry[] {
  const at = fsPath(path);
  const entries = readdirSync(at, { withFileTypes: true });
  if (!entries.some((e) => e.name.includes('\ufffd'))) {
    return entries.map((e) => dirEntry(e, e.name));
  }
  return readdirSync(at, { withFileTypes: true, encoding: 'buffer' }).map((e) => dirEntry(e, nameFromBytes(e.name)));
}

/** Runs a synchronous call as the port's promise (a throw becomes a rejection). */
function settle<T>(call: () => T): Promise<T> {
  try {
    return Promise.resolve(call());
  } catch (e) {
    return Promise.reject(e instanceof Error ? e : new Error(String(e)));
  }
}

/**
 * The file system the CLI scans with: listings, reads and identities are synchronous (the CLI's thread has nothing else to do
 * meanwhile, and a call then costs no promise per system call and no trip through libuv's thread pool), and a scan's reads go
 * into one reused buffer; the rest is `nodeFileSystem`. The language server keeps async calls.
 */
export const cliFileSystem: FileSystemPort = {
  ...nodeFileSystem,
  readDir(path: string): Promise<DirEntry[]> {
    return settle(() => readDirSync(path));
  },
  stat(path: string) {
    return settle(() => {
      const st = statSync(fsPath(path));
      return { size: st.size, isFile: st.isFile(), isDirectory: st.isDirectory() };
    });
  },
  realPath(path: string): Promise<string> {
    return settle(() => nameFromBytes(realpathSync.native(fsPath(path), { encoding: 'buffer' })));
  },
  identity(path: string): Promise<string | undefined> {
    try {
      const st = statSync(fsPath(path), { bigint: true });
      return Promise.resolve(st.isFile() ? `${st.dev}:${st.ino}:${st.size}:${st.mtimeNs}:${st.ctimeNs}` : undefined);
    } catch {
      return Promise.resolve(undefined);
    }
  },
  readFile(path: string, maxBytes: number): Promise<Uint8Array> {
    try {
      return Promise.resolve(readScannedFileSync(fsPath(path), maxBytes));
    } catch (e) {
      return Promise.reject(e instanceof Error ? e : new Error(String(e)));
    }
  },
  readFileWith<T>(path: string, maxBytes: number, use: (bytes: Uint8Array) => T): Promise<T> {
    try {
      return Promise.resolve(use(readScannedFileSync(fsPath(path), maxBytes, scanBuffer)));
    } catch (e) {
      return Promise.reject(e instanceof Error ? e : new Error(String(e)));
    }
  },
};

/** The CLI scan's one read buffer, grown to the largest file read: a scan reads thousands of files and keeps none of their bytes. */
let scanBytes = Buffer.allocUnsafe(0);

/** The read buffer, at least `length` bytes long (each file's bytes are decoded before the next read). */
function scanBuffer(length: number): Buffer {
  if (scanBytes.length < length) {
    scanBytes = Buffer.allocUnsafe(Math.max(length, 2 * scanBytes.length, 64 * 1024));
  }
  return scanBytes;
}
