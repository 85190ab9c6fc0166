import { ParserBackend, ParserBackendName } from '../engine/parsing/parserPort';
import { createNativeBackend } from '../engine/parsing/nativeBackend';
import { GrammarLoading, createWasmBackend } from '../engine/parsing/wasmBackend';
import { locateWasm } from './assets';
import { useBaselineWasmCompiler } from './wasmTiering';

/** Loads a module with a real dynamic `import()` (the C# and PowerShell native grammars are ESM with top-level await). */
async function importModule(specifier: string): Promise<unknown> {
  return import(specifier);
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
