/** A directory entry as the scan needs it. */
export interface DirEntry {
  name: string;
  isFile: boolean;
  isDirectory: boolean;
  isSymbolicLink: boolean;
}

/** What identifies the file that was read (a fix writes only if the file is still this one, and keeps its mode and owner). */
export interface FileIdentity {
  dev: number;
  ino: number;
  size: number;
  mtimeMs: number;
  mode: number;
  uid: number;
  gid: number;
  nlink: number;
}

/**
 * Why a file is not read or not written, in words fit for the user (never quoting the file's content); `incomplete`
 * is true when the file should have been read and could not be (it then makes a scan's verdict Incomplete).
 */
export class FileRefusal extends Error {
  constructor(
    readonly reason: string,
    readonly incomplete: boolean,
  ) {
    super(reason);
  }
}

/** A file a fix may rewrite: its real path (inside the given folders), its bytes and its identity when read. */
export interface FixTarget {
  real: string;
  bytes: Uint8Array;
  identity: FileIdentity;
}

/** The file system the engine is handed (Node's in the CLI and the language server). */
export interface FileSystemPort {
  /**
   * What identifies a file's current content without reading it (device, inode, size, modification and change times:
   * any write changes one of them), or undefined; optional (the scan cache then keeps no verdicts of unread files).
   */
  identity?(path: string): Promise<string | undefined>;
  /** Reads a regular file (opened without blocking, checked on the handle), at most `maxBytes`; throws FileRefusal. */
  readFile(path: string, maxBytes: number): Promise<Uint8Array>;
  /**
   * Reads as `readFile` does and hands the bytes to `use` before the next read, answering what `use` returns; optional.
   * The bytes are valid only during `use` (an adapter may read every file into one buffer), so `use` keeps no view of them.
   */
  readFileWith?<T>(path: string, maxBytes: number, use: (bytes: Uint8Array) => T): Promise<T>;
  readDir(path: string): Promise<DirEntry[]>;
  /** Size in bytes and type of a path (following symlinks). */
  stat(path: string): Promise<{ size: number; isFile: boolean; isDirectory: boolean }>;
  /** The canonical path (symlinks resolved), used to break symlink loops. */
  realPath(path: string): Promise<string>;
  /** Reads a file a fix will rewrite: a regular file whose real path lies inside `roots`; throws FileRefusal. */
  readForFix(path: string, roots: readonly string[], maxBytes: number): Promise<FixTarget>;
  /** Replaces a fix target atomically if it is still what was read (see the Node adapter); throws FileRefusal. */
  replaceFile(target: FixTarget, bytes: Uint8Array): Promise<void>;
}
