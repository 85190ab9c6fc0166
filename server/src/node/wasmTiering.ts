import { setFlagsFromString } from 'node:v8';

/**
 * Keeps V8 on its baseline wasm compiler (Liftoff). A short CLI run otherwise spends 15–30 s of CPU, and blocks its
 * exit, optimising the multi-megabyte C# grammar in the background after the scan is done, and the language server
 * burns the same CPU on the user's machine after start-up and starts 3–4× slower (grammar compilation). Liftoff parses
 * about half as fast, which incremental reparsing does not notice (see `npm run bench`). Must run before the first
 * grammar is compiled.
 */
export function useBaselineWasmCompiler(): void {
  setFlagsFromString('--liftoff-only');
}
