import { setFlagsFromString } from 'node:v8';

/**
 * Keeps V8 on its baseline wasm compiler (Liftoff) for the wasm modules compiled from now on. Called after the small
 * tree-sitter runtime is compiled and before the grammars are: the runtime (where most parsing time goes) still tiers
 * up to the optimising compiler, while the multi-megabyte C# grammar is never optimised — doing that made a short CLI
 * run spend 15–30 s of CPU, blocking its exit, and the language server burn the same CPU (transiently up to 2 GiB)
 * after start-up and keep ~90 MB more. `DTLS_WASM_OPTIMIZE=1` lets the grammars tier up too (`npm run bench` compares).
 */
export function useBaselineWasmCompiler(): void {
  if (process.env.DTLS_WASM_OPTIMIZE !== '1') {
    setFlagsFromString('--liftoff-only');
  }
}
