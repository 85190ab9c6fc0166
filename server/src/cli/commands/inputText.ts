import { closeSync, constants, fstatSync, openSync, readFileSync, readSync } from 'node:fs';
import { decodeText } from '../../engine/text/encoding';
import { UsageError } from '../args';

/** The largest input `explain` and `machine` read (a day of verbose logs; a registry export is far smaller). */
export const MAX_INPUT_BYTES = 64 * 1024 * 1024;

/** A text given on the command line: its name as the user wrote it and its decoded text. */
export interface InputText {
  name: string;
  text: string;
}

function readBounded(fd: number, what: string): Buffer {
  const chunks: Buffer[] = [];
  let total = 0;
  const chunk = Buffer.alloc(1024 * 1024);
  for (;;) {
    let n: number;
    try {
      n = readSync(fd, chunk, 0, chunk.length, null);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EAGAIN') {
        continue;
      }
      if ((e as NodeJS.ErrnoException).code === 'EOF') {
        break;
      }
      throw e;
    }
    if (n === 0) {
      break;
    }
    total += n;
    if (total > MAX_INPUT_BYTES) {
      throw new UsageError(`${what} is larger than ${MAX_INPUT_BYTES / (1024 * 1024)} MB`);
    }
    chunks.push(Buffer.from(chunk.subarray(0, n)));
  }
  return Buffer.concat(chunks);
}

/**
 * Reads a file (or standard input for `-`) as text: UTF-8, or UTF-16 with or without a BOM as `reg export` and
 * PowerShell's `Out-File` write it. A folder, a device, a missing or unreadable file, or more than
 * MAX_INPUT_BYTES is a usage error with a clear message.
 */
export function readInputText(name: string): InputText {
  if (name === '-') {
    return { name: '<stdin>', text: decodeText(readBounded(0, 'standard input')).text };
  }
  let fd: number;
  try {
    // Non-blocking, so that a FIFO without a writer is refused below instead of hanging the open.
    fd = openSync(name, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(code === 'ENOENT' ? `no such file: ${name}` : `cannot read ${name} (${code ?? 'error'})`);
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) {
      throw new UsageError(`${name} is not a regular file`);
    }
    if (st.size > MAX_INPUT_BYTES) {
      throw new UsageError(`${name} is larger than ${MAX_INPUT_BYTES / (1024 * 1024)} MB`);
    }
    return { name, text: decodeText(st.size === 0 ? Buffer.alloc(0) : readFileSync(fd)).text };
  } catch (e) {
    if (e instanceof UsageError) {
      throw e;
    }
    throw new UsageError(`cannot read ${name} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  } finally {
    closeSync(fd);
  }
}
