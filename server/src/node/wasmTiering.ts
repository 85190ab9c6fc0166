import { setFlagsFromString } from 'node:v8';

/**
 * Keeps V8 on its baseline wasm compiler (Liftoff). A short CLI run otherwise spends 15–30 s of CPU, and blocks its
 * exit, optimising the multi-megabyte C# grammar in the background after the scan is done; Liftoff parses about half
 * as fast, which a one-shot scan does not notice. The long-running language server keeps the optimising tier.
 * Must run before the first grammar is compiled.
 */
export function useBaselineWasmCompiler(): void {
  setFlagsFromString('--liftoff-only');
}
