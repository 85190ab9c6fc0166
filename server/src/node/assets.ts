import { existsSync, promises as fsp } from 'node:fs';
import { dirname, join } from 'node:path';
import { WasmLocations } from '../engine/parsing/wasmBackend';

/**
 * Finds the grammars folder and the web-tree-sitter runtime from the running file: `dist/*.js` in the bundles and the
 * VSIX, `server/out/node/*.js` when tests load the compiled sources.
 */
export function locateWasm(fromDir: string = __dirname): WasmLocations {
  let dir = fromDir;
  for (let i = 0; i < 6; i++) {
    const grammarDir = join(dir, 'grammars');
    if (existsSync(join(grammarDir, 'tree-sitter-xml.wasm'))) {
      const bundled = join(dir, 'dist', 'tree-sitter.wasm');
      const runtimeWasm = existsSync(bundled) ? bundled : join(dir, 'node_modules', 'web-tree-sitter', 'tree-sitter.wasm');
      // `fs.promises` is loaded on first use: a run that loads no grammar never loads it.
      return { grammarDir, runtimeWasm, readFile: (path: string) => fsp.readFile(path) };
    }
    dir = dirname(dir);
  }
  throw new Error(`grammars/ not found above ${fromDir}`);
}

/** Locates the project root (the folder holding grammars/ and docs/), for packaged docs pages. */
export function locateRoot(fromDir: string = __dirname): string {
  return dirname(locateWasm(fromDir).grammarDir);
}
