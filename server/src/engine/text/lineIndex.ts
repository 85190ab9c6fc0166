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

/** Maps between string offsets and LSP positions for one text; built once per text version. */
export class LineIndex {
  private static recent: LineIndex | undefined;
  private readonly starts: number[];

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

  constructor(readonly text: string) {
    // indexOf runs natively (this is on the keystroke path); the per-character loop is needed only for lone CRs.
    if (LineIndex.hasLoneCarriageReturn(text)) {
      this.starts = LineIndex.startsWithCarriageReturns(text);
      return;
    }
    const starts = [0];
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
      starts.push(i + 1);
    }
    this.starts = starts;
  }

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
