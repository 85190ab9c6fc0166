import { GrammarNotLoaded, ParserBackend, ParserBackendName } from '../engine/parsing/parserPort';
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

/**
 * The CLI scan's parser: with `--parser wasm`, nothing is loaded until a file first needs a grammar (`prepare`), not
 * even the web-tree-sitter runtime and the XML grammar (≈ 15 ms of CPU): a warm scan, whose trees and XML all come from
 * the cache, never loads them. Until then `parse` throws {@link GrammarNotLoaded}, as for any grammar not prepared. The
 * native backend is created at once (a missing package is a usage problem the run reports before it scans).
 */
export async function createScanBackend(name: ParserBackendName): Promise<ParserBackend> {
  if (name !== 'wasm') {
    return createBackend(name, 'on demand');
  }
  let created: Promise<ParserBackend> | undefined;
  let backend: ParserBackend | undefined;
  return {
    name,
    parse(grammar, text, previous) {
      if (!backend) {
        throw new GrammarNotLoaded(grammar);
      }
      return backend.parse(grammar, text, previous);
    },
    async prepare(grammar) {
      if (!created) {
        created = createBackend('wasm', 'on demand');
        // A failed start is retried by the next prepare, and reported to every caller of this one.
        created.catch(() => (created = undefined));
      }
      backend = await created;
      await backend.prepare(grammar);
    },
  };
}
