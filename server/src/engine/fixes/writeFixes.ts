import { FileRefusal, FileSystemPort, FixTarget } from '../scan/fileSystemPort';
import { decodeText, encodeText } from '../text/encoding';
import { TextEdit, applyTextEdits } from '../text/edits';

/** What happened to one file when fixes were written. */
export interface FileFixResult {
  path: string;
  status: 'changed' | 'unchanged' | 'refused';
  reason?: string;
  /** The new bytes (also for a dry run, where nothing is written). */
  bytes?: Uint8Array;
}

/** The largest file a fix reads and rewrites (project and source files are far smaller; the scan's cap is lower). */
const MAX_FIX_BYTES = 256 * 1024 * 1024;

/**
 * Applies edits to a file on disk keeping every other byte: the text is decoded with its encoding and BOM, edited,
 * and re-encoded the same way. A file that does not round-trip exactly (invalid bytes), whose text no longer matches
 * what was analysed, that lies (or links) outside `roots`, or that cannot be replaced atomically keeping its mode and
 * owner is refused with the reason, never forced.
 */
export async function writeFileEdits(
  fs: FileSystemPort,
  path: string,
  edits: readonly TextEdit[],
  expectedText: string | undefined,
  dryRun: boolean,
  roots: readonly string[] = [path],
): Promise<FileFixResult> {
  let target: FixTarget;
  try {
    target = await fs.readForFix(path, roots, MAX_FIX_BYTES);
  } catch (e) {
    return { path, status: 'refused', reason: e instanceof FileRefusal ? e.reason : 'cannot be read' };
  }
  const bytes = target.bytes;
  const decoded = decodeText(bytes);
  const roundTrip = encodeText(decoded.text, decoded.encoding, decoded.bom);
  if (decoded.lossy || !Buffer.from(roundTrip).equals(Buffer.from(bytes))) {
    return { path, status: 'refused', reason: 'its bytes are not valid text in their encoding; not rewritten' };
  }
  if (expectedText !== undefined && decoded.text !== expectedText) {
    return { path, status: 'refused', reason: 'the file changed since it was analysed' };
  }
  let next: string;
  try {
    next = applyTextEdits(decoded.text, edits);
  } catch {
    return { path, status: 'refused', reason: 'the fixes overlap' };
  }
  if (next === decoded.text) {
    return { path, status: 'unchanged' };
  }
  const out = encodeText(next, decoded.encoding, decoded.bom);
  if (!dryRun) {
    try {
      await fs.replaceFile(target, out);
    } catch (e) {
      return { path, status: 'refused', reason: e instanceof FileRefusal ? e.reason : 'cannot be written' };
    }
  }
  return { path, status: 'changed', bytes: out };
}
