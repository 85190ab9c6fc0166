import { closeSync, constants, fstatSync, openSync, readFileSync, statSync } from 'node:fs';
import { reasonOf } from '../node/safeFiles';

/** The largest settings file `--config` reads (VS Code's settings.json files are a few KB). */
const MAX_SETTINGS_BYTES = 4 * 1024 * 1024;

/**
 * Reads a settings file without blocking on a FIFO or a device and without quoting it: the error says why in words
 * (permission, not a regular file, too large), never with the file's bytes, since the path may name any file.
 */
export function readSettingsText(path: string): string {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    throw new Error(reasonOf(e, 'opening it'));
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) {
      throw new Error('it is not a regular file');
    }
    if (st.size > MAX_SETTINGS_BYTES) {
      throw new Error(`it is larger than ${MAX_SETTINGS_BYTES / 1024 / 1024} MB`);
    }
    return readFileSync(fd, 'utf8');
  } finally {
    closeSync(fd);
  }
}

/** Why a path given on the command line cannot be used, or undefined when it exists (a permission problem is not "no such file"). */
export function pathProblem(path: string): string | undefined {
  try {
    statSync(path);
    return undefined;
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    return code === 'ENOENT' || code === 'ENOTDIR' ? 'no such file or folder' : reasonOf(e, 'looking it up');
  }
}
