import { fileKindOf } from '../model/fileKind';
import { decodeText, looksBinary } from '../text/encoding';
import { GateReason } from './fileGate';
import { FileRefusal, FileSystemPort } from './fileSystemPort';
import { ScanOptions } from './scanOptions';

/** How many file reads run ahead of the analysis. */
const READ_AHEAD = 32;

/** Why a file was not read: the reason shown, and whether that makes the run incomplete. */
export interface ReadRefusal {
  reason: string;
  incomplete?: true;
}

/** Reads and decodes a file, or says why it is skipped (a special file, an unreadable one, above the cap, binary). */
export async function readTextFile(fs: FileSystemPort, path: string, maxBytes: number): Promise<{ text: string } | ReadRefusal> {
  try {
    return fs.readFileWith ? await fs.readFileWith(path, maxBytes, textOf) : textOf(await fs.readFile(path, maxBytes));
  } catch (e) {
    if (e instanceof FileRefusal) {
      return e.incomplete ? { reason: e.reason, incomplete: true } : { reason: e.reason };
    }
    const code = (e as { code?: unknown } | undefined)?.code;
    return { reason: typeof code === 'string' ? `unreadable file (${code})` : 'unreadable file', incomplete: true };
  }
}

/** A file's text decoded from its bytes (copied out of them), or why it is not read as text. */
function textOf(bytes: Uint8Array): { text: string } | ReadRefusal {
  return looksBinary(bytes) ? { reason: 'binary file' } : { text: decodeText(bytes).text };
}

/** What reading a candidate gave: its text (with its identity when the cache may keep a gate verdict), a refusal, or a cached gate verdict. */
export type CandidateRead = { text: string; identity?: string } | ReadRefusal | { unread: GateReason };

/**
 * The candidates' reads, started a bounded number ahead of the analysis so that file I/O overlaps parsing. With a
 * cache and a file system that tells file identities, a C# or PowerShell file whose identity (device, inode, size,
 * modification and change times) is the one under which the cache noted the gate's verdict is not read at all: its
 * content cannot have changed, so neither can the verdict.
 */
export class ReadAhead {
  private readonly reads: Promise<CandidateRead>[] = [];
  private readonly maxBytes: number;

  constructor(
    private readonly fs: FileSystemPort,
    private readonly options: ScanOptions,
    private readonly candidates: readonly string[],
  ) {
    this.maxBytes = options.maxFileSizeKB * 1024;
    for (let i = 0; i < READ_AHEAD; i++) {
      this.start(i);
    }
  }

  /** Candidate `i`'s read (started now if it was not yet), starting the one READ_AHEAD further. */
  take(i: number): Promise<CandidateRead> {
    this.start(i + READ_AHEAD);
    this.start(i);
    const read = this.reads[i] as Promise<CandidateRead>;
    delete this.reads[i];
    return read;
  }

  private start(i: number): void {
    const path = this.candidates[i];
    if (path === undefined || this.reads[i] !== undefined) {
      return;
    }
    const overlay = this.options.overlay?.(path);
    const cache = this.options.cache;
    const kind = fileKindOf(path);
    if (overlay !== undefined) {
      this.reads[i] = Promise.resolve({ text: overlay });
    } else if (!cache || !this.fs.identity || this.options.gate === false || (kind !== 'csharp' && kind !== 'powershell')) {
      this.reads[i] = readTextFile(this.fs, path, this.maxBytes);
    } else {
      // The identity is taken before the read: a file changed in between is read again next time, never trusted.
      this.reads[i] = this.fs.identity(path).then(
        async (identity) => {
          const verdict = identity !== undefined ? cache.gateVerdict(path, identity) : undefined;
          if (verdict) {
            return { unread: verdict };
          }
          const read = await readTextFile(this.fs, path, this.maxBytes);
          return 'text' in read && identity !== undefined ? { text: read.text, identity } : read;
        },
        () => readTextFile(this.fs, path, this.maxBytes),
      );
    }
  }
}
