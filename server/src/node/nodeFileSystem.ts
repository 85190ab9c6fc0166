import { promises as fsp } from 'node:fs';
import { DirEntry, FileSystemPort, FixTarget } from '../engine/scan/fileSystemPort';
import { readRegularFile, refuseUnreplaceable, replaceAtomically, resolveFixTarget } from './safeFiles';

/** The engine's file-system port over Node's `fs`, shared by the CLI and the language server. */
export const nodeFileSystem: FileSystemPort = {
  async readFile(path: string, maxBytes: number): Promise<Uint8Array> {
    return (await readRegularFile(path, maxBytes)).bytes;
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
  async readForFix(path: string, roots: readonly string[], maxBytes: number): Promise<FixTarget> {
    const real = await resolveFixTarget(path, roots);
    const { bytes, identity } = await readRegularFile(real, maxBytes, false);
    refuseUnreplaceable(identity);
    return { real, bytes, identity };
  },
  async replaceFile(target: FixTarget, bytes: Uint8Array): Promise<void> {
    await replaceAtomically(target.real, bytes, target.identity, target.bytes);
  },
};
