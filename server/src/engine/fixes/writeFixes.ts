import { FileSystemPort } from '../scan/fileSystemPort';
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

/**
 * Applies edits to a file on disk keeping every other byte: the text is decoded with its encoding and BOM, edited,
 * and re-encoded the same way. A file that does not round-trip exactly (invalid bytes) or whose text no longer
 * matches what was analysed is refused, never forced.
 */
export async function writeFileEdits(
  fs: FileSystemPort,
  path: string,
  edits: readonly TextEdit[],
  expectedText: string | undefined,
  dryRun: boolean,
): Promise<FileFixResult> {
  let bytes: Uint8Array;
  try {
    bytes = await fs.readFile(path);
  } catch {
    return { path, status: 'refused', reason: 'cannot be read' };
  }
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
    await fs.writeFile(path, out);
  }
  return { path, status: 'changed', bytes: out };
}
