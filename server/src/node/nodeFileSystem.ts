import { promises as fsp } from 'node:fs';
import { DirEntry, FileSystemPort } from '../engine/scan/fileSystemPort';

/** The engine's file-system port over Node's `fs`, shared by the CLI and the language server. */
export const nodeFileSystem: FileSystemPort = {
  async readFile(path: string): Promise<Uint8Array> {
    return fsp.readFile(path);
  },
  async readDir(path: string): Promise<DirEntry[]> {
    const entries = await fsp.readdir(path, { withFileTypes: true });
    return entries.map((e) => ({ name: e.name, isFile: e.isFile(), isDirectory: e.isDirectory(), isSymbolicLink: e.isSymbolicLink() }));
  },
  async stat(path: string) {
    const st = await fsp.stat(path);
    return { size: st.size, isFile: st.isFile(), isDirectory: st.isDirectory() };
  },
  async realPath(path: string): Promise<string> {
    return fsp.realpath(path);
  },
  async writeFile(path: string, bytes: Uint8Array): Promise<void> {
    await fsp.writeFile(path, bytes);
  },
};
