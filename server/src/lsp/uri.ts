import { fileURLToPath, pathToFileURL } from 'node:url';
import { normalizePath } from '../engine/project/paths';

/** Conversions between `file:` URIs and the engine's '/'-separated paths. */
export const URI = {
  /** The engine path of a `file:` URI, or undefined for other schemes (untitled, virtual file systems). */
  toPath(uri: string): string | undefined {
    if (!uri.startsWith('file:')) {
      return undefined;
    }
    try {
      return normalizePath(fileURLToPath(uri));
    } catch {
      // A malformed file URI (a host, bad escapes) names no local file: the caller treats it like another scheme.
      return undefined;
    }
  },
  /** The `file:` URI of an engine path. */
  fromPath(path: string): string {
    return pathToFileURL(path).toString();
  },
};
