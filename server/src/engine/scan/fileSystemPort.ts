/** A directory entry as the scan needs it. */
export interface DirEntry {
  name: string;
  isFile: boolean;
  isDirectory: boolean;
  isSymbolicLink: boolean;
}

/** The file system the engine is handed (Node's in the CLI and the language server, an in-memory one in tests). */
export interface FileSystemPort {
  readFile(path: string): Promise<Uint8Array>;
  readDir(path: string): Promise<DirEntry[]>;
  /** Size in bytes and type of a path (following symlinks). */
  stat(path: string): Promise<{ size: number; isFile: boolean; isDirectory: boolean }>;
  /** The canonical path (symlinks resolved), used to break symlink loops. */
  realPath(path: string): Promise<string>;
  writeFile(path: string, bytes: Uint8Array): Promise<void>;
}
