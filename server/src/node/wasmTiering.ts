import { setFlagsFromString } from 'node:v8';

/**
 * Keeps V8 on its baseline wasm compiler (Liftoff). A short CLI run otherwise spends 15–30 s of CPU, and blocks its
 * exit, optimising the multi-megabyte C# grammar in the background after the scan is done, and the language server
 * burns the same CPU (and transiently up to 2 GiB) after start-up, starts slower and keeps ~90 MB more. The price:
 * Liftoff parses about half as fast — a keystroke in a 5,000-line C# file takes p95 ≈ 25 ms instead of ≈ 15 ms
 * (`npm run bench`). Must run before the first grammar is compiled. `DTLS_WASM_OPTIMIZE=1` keeps the optimising tier.
 */
export function useBaselineWasmCompiler(): void {
  if (process.env.DTLS_WASM_OPTIMIZE !== '1') {
    setFlagsFromString('--liftoff-only');
  }
}
