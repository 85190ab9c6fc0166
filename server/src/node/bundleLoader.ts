import { readFileSync } from 'node:fs';
import { wrap } from 'node:module';
import { basename, dirname } from 'node:path';
import { Script } from 'node:vm';
import { isMainThread } from 'node:worker_threads';
import { FlagProbe, bundleDigest, codeCacheDir, codeCacheFile, readCodeCache, writeCodeCache } from './codeCache';

/** Where a bundle run through the loader finds `import()`: code compiled from a V8 code cache cannot import (Node 20). */
export const LOADER_IMPORT = Symbol.for('dynamics-tls-readiness.import');

/**
 * A run that took this many times the CPU of the run that wrote the accepted cache rewrites it (the data holds the
 * functions a run compiled: one written by `--version` would leave a scan compiling most of its code).
 */
const OUTGROWN = 2;

/**
 * A run of more CPU than this (ms, all threads) is long: V8 may have flushed the bytecode of functions it ran only at
 * the start (the start-up code) by its exit, so its cache data can lack them. A long run writes a cache only when there
 * was none usable, and a cache a long run wrote is replaced by the next run that is not long (otherwise no shorter run
 * would ever outgrow it, and every start would compile its own start-up code again).
 */
const LONG_RUN_CPU_MS = 5000;

/** The process's CPU time so far (ms, all threads). */
function cpuMs(): number {
  const used = process.cpuUsage();
  return (used.user + used.system) / 1000;
}

/** What became of this thread's code cache when its bundle was compiled (`off`: no cache; `missing` also covers a corrupt or foreign file). */
export type CodeCacheUse = 'off' | 'missing' | 'refused' | 'accepted';

/** Where the loader leaves this thread's {@link CodeCacheUse} (the entry point and the bundle are separate scripts). */
const CODE_CACHE_USE = Symbol.for('dynamics-tls-readiness.codeCacheUse');

/** Where the main thread's loader takes a worker's request for a worker code cache (see {@link runBundle}). */
const WORKER_CACHE_WANTED = Symbol.for('dynamics-tls-readiness.workerCodeCacheWanted');

/** Where the loader leaves the digest of the bundle it ran ({@link bundleDigest}), so that the bundle need not hash itself again. */
const BUNDLE_DIGEST = Symbol.for('dynamics-tls-readiness.bundleDigest');

/** The {@link bundleDigest} of `file` when it is the bundle this thread's loader ran; undefined otherwise (tests, a bundle run on its own). */
export function loadedBundleDigest(file: string): string | undefined {
  const loaded = (globalThis as Record<symbol, unknown>)[BUNDLE_DIGEST] as { file: string; digest: string } | undefined;
  return loaded?.file === file ? loaded.digest : undefined;
}

/** What became of this thread's code cache; undefined when the bundle was not run through the loader (tests). */
export function codeCacheUse(): CodeCacheUse | undefined {
  return (globalThis as Record<symbol, unknown>)[CODE_CACHE_USE] as CodeCacheUse | undefined;
}

/**
 * Tells the main thread's loader that a worker had no usable code cache, so that it writes one at exit (a pool calls
 * this for each worker that says so); nothing when the bundle was not run through the loader.
 */
export function wantWorkerCodeCache(): void {
  ((globalThis as Record<symbol, unknown>)[WORKER_CACHE_WANTED] as (() => void) | undefined)?.();
}

/**
 * The cache file name of a bundle in this thread. A worker thread starts after the main thread changed V8's wasm flags
 * (wasmTiering.ts), and V8 refuses code cache data made under other flags: workers have their own file, which the main
 * thread writes under the flags they run with (`cli-main.worker-…`, a name the main file's stale-file clean-up never matches).
 */
function cacheName(bundle: string, worker: boolean): string {
  return basename(bundle, '.js') + (worker ? '.worker' : '');
}

/**
 * Runs a bundle (`dist/cli-main.js`, `dist/server-main.js`) as the module that calls this (the tiny `dist/cli.js` and
 * `dist/server.js` entry points): compiled with a V8 code cache kept in the OS cache folder, so that a run does not
 * parse and compile 1.3 MB of JavaScript again (Node 20 has no module compile cache). The cache is written at exit
 * by the main thread when there was none or V8 refused it (after a run, so it holds the functions the run compiled),
 * or when this run took {@link OUTGROWN} times the CPU of the run that wrote it (it compiled more than the cache holds)
 * or the writer was a long run and this one is not ({@link LONG_RUN_CPU_MS});
 * a missing, corrupt, foreign or refused cache, or an unwritable folder, only costs the compilation. Worker threads
 * (the scan pool's) read their own file; when one had none or V8 refused it, the main thread writes it at exit, before
 * it puts the wasm flags back — the flags the workers ran with. `DTLS_CODE_CACHE=off` turns both off.
 */
export function runBundle(bundle: string, entry: NodeModule, entryRequire: NodeJS.Require, importModule: (specifier: string) => Promise<unknown>): void {
  const bytes = readFileSync(bundle);
  const text = bytes.toString('utf8');
  // The bundle's `#!` line (kept so that the file also runs on its own) is not JavaScript inside a function wrapper.
  const source = wrap(text.startsWith('#!') ? `//${text.slice(2)}` : text);
  const digest = bundleDigest(bytes);
  const globals = globalThis as Record<symbol, unknown>;
  globals[BUNDLE_DIGEST] = { file: bundle, digest };
  const dir = process.env.DTLS_CODE_CACHE === 'off' ? undefined : codeCacheDir();
  const file = dir === undefined ? undefined : codeCacheFile(dir, cacheName(bundle, !isMainThread), digest);
  const cached = file ? readCodeCache(file) : undefined;
  const probe = file && isMainThread ? new FlagProbe() : undefined;
  const script = new Script(source, { filename: bundle, cachedData: cached?.data });
  const use: CodeCacheUse = !file ? 'off' : cached === undefined ? 'missing' : script.cachedDataRejected === true ? 'refused' : 'accepted';
  globals[CODE_CACHE_USE] = use;
  if (dir !== undefined && probe) {
    let workerCacheWanted = false;
    globals[WORKER_CACHE_WANTED] = (): void => {
      workerCacheWanted = true;
    };
    process.once('exit', () => {
      const cpu = cpuMs();
      if (workerCacheWanted) {
        writeCodeCache(codeCacheFile(dir, cacheName(bundle, true), digest), script.createCachedData(), cpu);
      }
      const outgrown = use === 'accepted' && cached !== undefined && cpu <= LONG_RUN_CPU_MS && (cpu > OUTGROWN * cached.writerCpuMs || cached.writerCpuMs > LONG_RUN_CPU_MS);
      if ((use !== 'accepted' || outgrown) && file && probe.flagsAsAtStart()) {
        writeCodeCache(file, script.createCachedData(), cpu);
      }
    });
  }
  globals[LOADER_IMPORT] = importModule;
  const run = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: NodeModule, filename: string, dirname: string) => void;
  run.call(entry.exports, entry.exports, entryRequire, entry, bundle, dirname(bundle));
}
