import { LineIndex, Range } from './lineIndex';

/** A replacement of the text in a range: the unit every fix is made of. */
export interface TextEdit {
  range: Range;
  newText: string;
}

/** Applies non-overlapping edits to a text; edits are sorted here, overlapping ones are refused. */
export function applyTextEdits(text: string, edits: readonly TextEdit[]): string {
  const index = new LineIndex(text);
  const resolved = edits
    .map((e) => ({ start: index.offsetAt(e.range.start), end: index.offsetAt(e.range.end), newText: e.newText }))
    .sort((a, b) => a.start - b.start || a.end - b.end);
  let out = '';
  let cursor = 0;
  for (const e of resolved) {
    if (e.start < cursor) {
      throw new Error('overlapping edits');
    }
    out += text.slice(cursor, e.start) + e.newText;
    cursor = e.end;
  }
  return out + text.slice(cursor);
}

/** True when two edits touch overlapping text (an insertion at the same point counts as overlapping). */
export function editsOverlap(a: TextEdit, b: TextEdit): boolean {
  const before = (p: Range['start'], q: Range['start']): boolean => p.line < q.line || (p.line === q.line && p.character < q.character);
  return !(before(a.range.end, b.range.start) || before(b.range.end, a.range.start)) &&
    !(samePos(a.range.end, b.range.start) && !samePos(a.range.start, a.range.end) && !samePos(b.range.start, b.range.end)) &&
    !(samePos(b.range.end, a.range.start) && !samePos(a.range.start, a.range.end) && !samePos(b.range.start, b.range.end));
}

function samePos(p: Range['start'], q: Range['start']): boolean {
  return p.line === q.line && p.character === q.character;
}
