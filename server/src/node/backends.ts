import { ParserBackend, ParserBackendName } from '../engine/parsing/parserPort';
import { createNativeBackend } from '../engine/parsing/nativeBackend';
import { GrammarLoading, createWasmBackend } from '../engine/parsing/wasmBackend';
import { locateWasm } from './assets';
import { LOADER_IMPORT } from './bundleLoader';
import { useBaselineWasmCompiler } from './wasmTiering';

/**
 * Loads a module with a real dynamic `import()` (the C# and PowerShell native grammars are ESM with top-level await):
 * the code-cache loader's own `import()` when it ran this bundle (compiled from a code cache, the bundle cannot import).
 */
async function importModule(specifier: string): Promise<unknown> {
  const viaLoader = (globalThis as Record<symbol, unknown>)[LOADER_IMPORT] as ((s: string) => Promise<unknown>) | undefined;
  return viaLoader ? viaLoader(specifier) : import(specifier);
}

/**
 * Creates the parser backend a user asked for; the native one fails with a message naming the missing package. With
 * grammars `on demand` (the scan's own work, which prepares each file's grammar), the wasm backend compiles the C# and
 * PowerShell grammars only when a file first needs them.
 */
export async function createBackend(name: ParserBackendName, grammars: GrammarLoading = 'all'): Promise<ParserBackend> {
  if (name === 'wasm') {
    return createWasmBackend(locateWasm(), useBaselineWasmCompiler, grammars);
  }
  try {
    return await createNativeBackend(importModule);
  } catch (e) {
    throw new Error(`the native tree-sitter backend could not be loaded (${(e as Error).message}); use --parser wasm`);
  }
}
