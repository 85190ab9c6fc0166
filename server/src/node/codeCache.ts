import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { Script } from 'node:vm';

/**
 * The first bytes of a code cache file: the format; then the CPU time of the run that wrote it (ms, 32-bit little
 * endian) and the SHA-256 of that field and the V8 data that follows.
 */
const MAGIC = Buffer.from('DTLSV8C2');
const CPU_BYTES = 4;
const DIGEST_BYTES = 32;
const HEADER_BYTES = MAGIC.length + CPU_BYTES + DIGEST_BYTES;

/** What a whole cache file holds: the V8 data, and the CPU time (ms) of the run that wrote it (how much it had compiled). */
export interface CodeCacheData {
  data: Buffer;
  writerCpuMs: number;
}

/** Cache files of other builds are removed once they have not been written for this long (ms). */
const STALE_MS = 24 * 60 * 60 * 1000;

/** The tool's folder in the OS cache folder (`$XDG_CACHE_HOME`, `~/.cache`, or `%LOCALAPPDATA%`): scan caches and code caches. */
export function toolCacheFolder(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CACHE_HOME || (process.platform === 'win32' && env.LOCALAPPDATA ? env.LOCALAPPDATA : join(homedir(), '.cache'));
  return join(base, 'dynamics-tls-readiness');
}

/** The folder code caches live in: `code-cache` in the tool's cache folder (`$DTLS_CODE_CACHE_DIR` wins). */
export function codeCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.DTLS_CODE_CACHE_DIR || join(toolCacheFolder(env), 'code-cache');
}

/** The SHA-256 of a bundle file's bytes (base64url): names its code cache, and keys the scan cache by the tool's build. */
export function bundleDigest(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('base64url');
}

/**
 * The cache file of one bundle: named by the bundle, the digest of its exact bytes ({@link bundleDigest}: the source V8
 * compiles follows from them), and the Node version, V8 version and architecture the V8 data is only valid for (V8
 * itself checks little more than the source's length).
 */
export function codeCacheFile(dir: string, name: string, digest: string): string {
  const key = createHash('sha256').update(`${digest}\0${process.version}\0${process.versions.v8}\0${process.arch}`).digest('hex').slice(0, 24);
  return join(dir, `${name}-${key}.bin`);
}

/** The V8 data of a cache file when it is whole (format and checksum right); undefined for a missing, foreign or corrupt file. */
export function readCodeCache(file: string): CodeCacheData | undefined {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    return undefined;
  }
  if (bytes.length <= HEADER_BYTES || !bytes.subarray(0, MAGIC.length).equals(MAGIC)) {
    return undefined;
  }
  const cpu = bytes.subarray(MAGIC.length, MAGIC.length + CPU_BYTES);
  const digest = bytes.subarray(MAGIC.length + CPU_BYTES, HEADER_BYTES);
  const data = bytes.subarray(HEADER_BYTES);
  return createHash('sha256').update(cpu).update(data).digest().equals(digest) ? { data, writerCpuMs: cpu.readUInt32LE(0) } : undefined;
}

/**
 * Writes a cache file whole or not at all (a temporary file renamed into place), with the CPU time of the run writing
 * it, and drops other builds' stale files.
 */
export function writeCodeCache(file: string, data: Buffer, writerCpuMs: number): void {
  try {
    const dir = join(file, '..');
    mkdirSync(dir, { recursive: true });
    const temp = `${file}.${process.pid}.tmp`;
    const cpu = Buffer.alloc(CPU_BYTES);
    cpu.writeUInt32LE(Math.min(0xffffffff, Math.max(0, Math.round(writerCpuMs))), 0);
    writeFileSync(temp, Buffer.concat([MAGIC, cpu, createHash('sha256').update(cpu).update(data).digest(), data]));
    renameSync(temp, file);
    removeStale(dir, file);
  } catch {
    // An unwritable cache folder only means the next run compiles the bundle again.
  }
}

/** Removes cache files of the same bundle name that were not written for a day (earlier builds of the tool). */
function removeStale(dir: string, kept: string): void {
  const prefix = kept.slice(dir.length + 1).replace(/-[0-9a-f]+\.bin$/, '-');
  const now = Date.now();
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (name.startsWith(prefix) && path !== kept && now - statSync(path).mtimeMs > STALE_MS) {
      rmSync(path, { force: true });
    }
  }
}

/**
 * Tells, at the end of a run, whether V8 would accept code cache data made now in a fresh process: V8 keys its data by
 * a hash of its flags, and the wasm tiering choice (wasmTiering.ts) changes flags during a run. The probe is a tiny
 * script's cache made at start; the flags the tiering choice sets are put back, and the probe is checked again (each
 * check under a new file name: V8 would otherwise take the script from its in-memory cache and never look at the data).
 */
export class FlagProbe {
  private static readonly SOURCE = '"dynamics-tls-readiness flag probe"';
  private readonly data = new Script(FlagProbe.SOURCE, { filename: 'dtls-flag-probe-0' }).createCachedData();
  private checks = 0;

  /** True when the V8 flags match the start's again (restoring the wasm tiering defaults if needed). */
  flagsAsAtStart(): boolean {
    if (this.accepted()) {
      return true;
    }
    for (const flag of ['--no-liftoff-only', '--wasm-tier-up', '--wasm-dynamic-tiering']) {
      setFlagsFromString(flag);
    }
    return this.accepted();
  }

  private accepted(): boolean {
    return !new Script(FlagProbe.SOURCE, { filename: `dtls-flag-probe-${++this.checks}`, cachedData: this.data }).cachedDataRejected;
  }
}
