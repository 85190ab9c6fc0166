import { Fix } from '../model/finding';
import { TextEdit } from '../text/edits';
import { LineIndex } from '../text/lineIndex';

/** A replacement described by offsets, converted to a TextEdit with the file's own line index. */
export interface OffsetEdit {
  start: number;
  end: number;
  newText: string;
}

/** Converts offset edits of one file into text edits. */
export function toTextEdits(lines: LineIndex, edits: readonly OffsetEdit[]): TextEdit[] {
  return edits.map((e) => ({ range: lines.rangeOf(e.start, e.end), newText: e.newText }));
}

/** A fix that edits one file; every byte outside the edits stays as it is. */
export function fileFix(title: string, safe: boolean, path: string, lines: LineIndex, edits: readonly OffsetEdit[]): Fix {
  return { title, safe, changes: [{ path, edits: toTextEdits(lines, edits) }] };
}

/** The indentation (spaces/tabs) at the start of the line holding an offset. */
export function indentationAt(lines: LineIndex, offset: number): string {
  const line = lines.positionAt(offset).line;
  return /^[ \t]*/.exec(lines.lineText(line))?.[0] ?? '';
}
