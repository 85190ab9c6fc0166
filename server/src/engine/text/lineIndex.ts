import { partitionPoint } from '../util/arrays';

/** A zero-based line/character position, characters counted in UTF-16 code units as LSP does. */
export interface Position {
  line: number;
  character: number;
}

/** A half-open range between two positions. */
export interface Range {
  start: Position;
  end: Position;
}

/** A carriage return that is not the first half of CR LF. */
const LONE_CARRIAGE_RETURN = /\r(?!\n)/;

/** Maps between string offsets and LSP positions for one text; built once per text version. */
export class LineIndex {
  private static recent: LineIndex | undefined;
  private readonly starts: number[];
  /** True when the text holds a CR not followed by LF (a line break of its own). */
  private readonly loneCarriageReturns: boolean;

  /**
   * The index of a text, reused while the same text is asked again: on a keystroke the server indexes the old text to
   * place the change, then the new one in the facts, the analysis and the suppression pass.
   */
  static of(text: string): LineIndex {
    const last = LineIndex.recent;
    if (last && last.text === text) {
      return last;
    }
    const index = new LineIndex(text);
    LineIndex.recent = index;
    return index;
  }

  /**
   * The index of `text`, one edit (`[start, oldEnd)` of `previous.text` replaced by `inserted`) from `previous`'s text,
   * built from `previous`'s line starts (those before the edit kept, those after it moved, those in the inserted text
   * added) and kept for `of`: the language server places each keystroke with the old text's index and then asks the new
   * one's. A whole build when either text holds a lone CR (a line break of its own; CR LF is one break).
   */
  static afterEdit(previous: LineIndex, text: string, start: number, oldEnd: number, inserted: string): LineIndex {
    const index = LineIndex.edited(previous, text, start, oldEnd, inserted) ?? new LineIndex(text);
    LineIndex.recent = index;
    return index;
  }

  private static edited(previous: LineIndex, text: string, start: number, oldEnd: number, inserted: string): LineIndex | undefined {
    const old = previous.text;
    // The new text holds no lone CR (so its breaks are its LFs) unless the old one did, or the edit leaves a CR before
    // something else: one it types (CR LF typed, as Enter in a CR LF file, pairs up), or the one just before it.
    if (previous.loneCarriageReturns || old.charCodeAt(start - 1) === 13 || (inserted.includes('\r') && LONE_CARRIAGE_RETURN.test(inserted + old.charAt(oldEnd)))) {
      return undefined;
    }
    const starts = previous.starts;
    // Line starts at or before the edit stay; those whose line break the edit removed go; the rest move.
    const kept = LineIndex.firstAfter(starts, start);
    const moved = LineIndex.firstAfter(starts, oldEnd);
    const next = starts.slice(0, kept);
    for (let i = inserted.indexOf('\n'); i >= 0; i = inserted.indexOf('\n', i + 1)) {
      next.push(start + i + 1);
    }
    const delta = inserted.length - (oldEnd - start);
    for (let i = moved; i < starts.length; i++) {
      next.push((starts[i] ?? 0) + delta);
    }
    return new LineIndex(text, next, false);
  }

  /** The index of the first of the ascending `starts` above `offset` (starts.length when none is). */
  private static firstAfter(starts: readonly number[], offset: number): number {
    return partitionPoint(starts.length, (i) => (starts[i] ?? 0) <= offset);
  }

  /** A text's index; `starts` (with whether the text holds a lone CR) when already known. */
  constructor(
    readonly text: string,
    starts?: number[],
    loneCarriageReturns?: boolean,
  ) {
    if (starts && loneCarriageReturns !== undefined) {
      this.starts = starts;
      this.loneCarriageReturns = loneCarriageReturns;
      return;
    }
    // Native searches (this is on the keystroke path); the per-character loop is needed only for lone CRs.
    this.loneCarriageReturns = LineIndex.hasLoneCarriageReturn(text);
    if (this.loneCarriageReturns) {
      this.starts = LineIndex.startsWithCarriageReturns(text);
      return;
    }
    const lineStarts = [0];
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
      lineStarts.push(i + 1);
    }
    this.starts = lineStarts;
  }

  /** Whether a CR stands alone: indexOf from CR to CR (a native search; a regular expression is far slower here). */
  private static hasLoneCarriageReturn(text: string): boolean {
    for (let i = text.indexOf('\r'); i >= 0; i = text.indexOf('\r', i + 1)) {
      if (text.charCodeAt(i + 1) !== 10) {
        return true;
      }
    }
    return false;
  }

  private static startsWithCarriageReturns(text: string): number[] {
    const starts = [0];
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) {
        starts.push(i + 1);
      } else if (c === 13) {
        if (text.charCodeAt(i + 1) === 10) {
          i++;
        }
        starts.push(i + 1);
      }
    }
    return starts;
  }

  /** Number of lines (a text without a final newline still has its last line). */
  get lineCount(): number {
    return this.starts.length;
  }

  /** The offset at which a line starts. */
  lineStart(line: number): number {
    return this.starts[Math.max(0, Math.min(line, this.starts.length - 1))] ?? 0;
  }

  /** The offset just past a line's content, before its line ending. */
  lineContentEnd(line: number): number {
    const next = line + 1 < this.starts.length ? (this.starts[line + 1] ?? this.text.length) : this.text.length;
    let end = next;
    if (end > this.lineStart(line) && this.text.charCodeAt(end - 1) === 10) {
      end--;
    }
    if (end > this.lineStart(line) && this.text.charCodeAt(end - 1) === 13) {
      end--;
    }
    return end;
  }

  /** The text of one line without its line ending. */
  lineText(line: number): string {
    return this.text.slice(this.lineStart(line), this.lineContentEnd(line));
  }

  /** The line ending of a line ('' on a last line without one). */
  lineEnding(line: number): string {
    return this.text.slice(this.lineContentEnd(line), line + 1 < this.starts.length ? this.starts[line + 1] : this.text.length);
  }

  /** The line ending most used in the text, for edits that add a line; LF when the text has none. */
  dominantEol(): string {
    let crlf = 0;
    let lf = 0;
    let cr = 0;
    for (let line = 0; line < this.starts.length - 1; line++) {
      const eol = this.lineEnding(line);
      if (eol === '\r\n') {
        crlf++;
      } else if (eol === '\n') {
        lf++;
      } else if (eol === '\r') {
        cr++;
      }
    }
    if (crlf >= lf && crlf >= cr && crlf > 0) {
      return '\r\n';
    }
    return cr > lf ? '\r' : '\n';
  }

  /** Converts an offset to a position. */
  positionAt(offset: number): Position {
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.starts[mid] ?? 0) <= o) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return { line: lo, character: o - (this.starts[lo] ?? 0) };
  }

  /** Converts a position to an offset, clamped to the line's content. */
  offsetAt(position: Position): number {
    if (position.line >= this.starts.length) {
      return this.text.length;
    }
    const start = this.lineStart(position.line);
    return Math.min(start + Math.max(0, position.character), this.lineContentEnd(position.line));
  }

  /** The range covering [start, end) offsets. */
  rangeOf(start: number, end: number): Range {
    return { start: this.positionAt(start), end: this.positionAt(end) };
  }
}
