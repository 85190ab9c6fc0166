import { ParserBackend, ParserBackendName } from '../engine/parsing/parserPort';
import { createNativeBackend } from '../engine/parsing/nativeBackend';
import { createWasmBackend } from '../engine/parsing/wasmBackend';
import { locateWasm } from './assets';
import { useBaselineWasmCompiler } from './wasmTiering';

/** Loads a module with a real dynamic `import()` (the C# and PowerShell native grammars are ESM with top-level await). */
async function importModule(specifier: string): Promise<unknown> {
  return import(specifier);
}

/** Creates the parser backend a user asked for; the native one fails with a message naming the missing package. */
export async function createBackend(name: ParserBackendName): Promise<ParserBackend> {
  if (name === 'wasm') {
    return createWasmBackend(locateWasm(), useBaselineWasmCompiler);
  }
  try {
    return await createNativeBackend(importModule);
  } catch (e) {
    throw new Error(`the native tree-sitter backend could not be loaded (${(e as Error).message}); use --parser wasm`);
  }
}
