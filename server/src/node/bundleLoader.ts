import { readFileSync } from 'node:fs';
import { wrap } from 'node:module';
import { basename, dirname } from 'node:path';
import { Script } from 'node:vm';
import { isMainThread } from 'node:worker_threads';
import { FlagProbe, codeCacheDir, codeCacheFile, readCodeCache, writeCodeCache } from './codeCache';

/** Where a bundle run through the loader finds `import()`: code compiled from a V8 code cache cannot import (Node 20). */
export const LOADER_IMPORT = Symbol.for('dynamics-tls-readiness.import');

/**
 * Runs a bundle (`dist/cli-main.js`, `dist/server-main.js`) as the module that calls this (the tiny `dist/cli.js` and
 * `dist/server.js` entry points): compiled with a V8 code cache kept in the OS cache folder, so that a run does not
 * parse and compile 1.3 MB of JavaScript again (Node 20 has no module compile cache). The cache is written at exit
 * by the main thread when there was none or V8 refused it (after a run, so it holds the functions the run compiled);
 * a missing, corrupt, foreign or refused cache, or an unwritable folder, only costs the compilation.
 * `DTLS_CODE_CACHE=off` turns it off.
 */
export function runBundle(bundle: string, entry: NodeModule, entryRequire: NodeJS.Require, importModule: (specifier: string) => Promise<unknown>): void {
  const text = readFileSync(bundle, 'utf8');
  // The bundle's `#!` line (kept so that the file also runs on its own) is not JavaScript inside a function wrapper.
  const source = wrap(text.startsWith('#!') ? `//${text.slice(2)}` : text);
  const file = process.env.DTLS_CODE_CACHE === 'off' ? undefined : codeCacheFile(codeCacheDir(), basename(bundle, '.js'), source);
  const cachedData = file ? readCodeCache(file) : undefined;
  const probe = file && isMainThread ? new FlagProbe() : undefined;
  const script = new Script(source, { filename: bundle, cachedData });
  if (file && probe && (cachedData === undefined || script.cachedDataRejected === true)) {
    process.once('exit', () => {
      if (probe.flagsAsAtStart()) {
        writeCodeCache(file, script.createCachedData());
      }
    });
  }
  (globalThis as Record<symbol, unknown>)[LOADER_IMPORT] = importModule;
  const run = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: NodeModule, filename: string, dirname: string) => void;
  run.call(entry.exports, entry.exports, entryRequire, entry, bundle, dirname(bundle));
}
