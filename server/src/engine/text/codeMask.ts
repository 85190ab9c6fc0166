/**
 * Masked copies of source text, offset for offset: comments become spaces and the insides of string literals become
 * `x`, so a plain search finds only code (identifiers, call names, statement ends) while every offset still points
 * into the original text. Used where a rule needs a token's places but the scan hands it no tree (a C# file analysed
 * from its records) or no record covers the token (docs/rules/DYN103.md, docs/rules/DYN104.md).
 */

/** A literal's place in the text: `start`/`end` include the delimiters, `value` is the raw text between them. */
export interface MaskedLiteral {
  start: number;
  end: number;
  value: string;
}

/** A masked text and the string literals it masked. */
export interface MaskedText {
  code: string;
  literals: MaskedLiteral[];
}

function blank(chars: string[], from: number, to: number, fill: string): void {
  for (let i = from; i < to; i++) {
    if (chars[i] !== '\n' && chars[i] !== '\r') {
      chars[i] = fill;
    }
  }
}

/** The characters that may start a C# comment, string or char literal: everything between them is copied as it is. */
const CSHARP_SPECIAL = /[/"'@$]/g;
const NOT_LINE_BREAK = /[^\n\r]/g;

/**
 * The masked stretches of a C# text, three numbers each: from, to (exclusive), and 1 when filled with `x` (a string
 * or char literal's inside) or 0 with spaces (a comment); in text order, none empty.
 */
export type MaskedRegions = number[];

/** A masked copy built from slices of the text (a keystroke in a big file masks it whole: kept to a few string copies). */
class MaskBuilder {
  private readonly parts: string[] = [];
  private copied = 0;
  readonly regions: MaskedRegions = [];

  constructor(private readonly text: string) {}

  /** Copies the text up to `from` as it is, then `[from, to)` with every character but line breaks replaced by `fill`. */
  blank(from: number, to: number, fill: ' ' | 'x'): void {
    if (to <= from) {
      return;
    }
    if (from > this.copied) {
      this.parts.push(this.text.slice(this.copied, from));
    }
    this.parts.push(this.text.slice(from, to).replace(NOT_LINE_BREAK, fill));
    this.regions.push(from, to, fill === 'x' ? 1 : 0);
    this.copied = to;
  }

  done(): string {
    this.parts.push(this.text.slice(this.copied));
    return this.parts.join('');
  }
}

/** Masks C#: `//` and `/* *\/` comments, regular, verbatim, interpolated and raw strings, char literals. */
export function maskCsharp(text: string): MaskedText {
  return maskCsharpRegions(text).masked;
}

/** Masks C# (maskCsharp) and says which stretches it masked: what an edit of the text may reuse (csharp/maskReuse.ts). */
export function maskCsharpRegions(text: string): { masked: MaskedText; regions: MaskedRegions } {
  const out = new MaskBuilder(text);
  const literals: MaskedLiteral[] = [];
  let i = 0;
  while (i < text.length) {
    CSHARP_SPECIAL.lastIndex = i;
    const next = CSHARP_SPECIAL.exec(text);
    if (!next) {
      break;
    }
    i = next.index;
    const c = text[i];
    if (c === '/' && text[i + 1] === '/') {
      const eol = lineEnd(text, i);
      out.blank(i, eol, ' ');
      i = eol;
    } else if (c === '/' && text[i + 1] === '*') {
      const close = text.indexOf('*/', i + 2);
      const end = close < 0 ? text.length : close + 2;
      out.blank(i, end, ' ');
      i = end;
    } else if (c === '"' || ((c === '@' || c === '$') && /^[@$]{1,2}"/.test(text.slice(i, i + 3)))) {
      i = csharpString(text, i, out, literals);
    } else if (c === "'") {
      const end = charLiteralEnd(text, i);
      out.blank(i + 1, end - 1, 'x');
      i = end;
    } else {
      i++;
    }
  }
  return { masked: { code: out.done(), literals }, regions: out.regions };
}

function lineEnd(text: string, from: number): number {
  const eol = text.indexOf('\n', from);
  return eol < 0 ? text.length : eol;
}

function charLiteralEnd(text: string, start: number): number {
  let i = start + 1;
  while (i < text.length && text[i] !== "'" && text[i] !== '\n') {
    i += text[i] === '\\' ? 2 : 1;
  }
  return Math.min(text.length, i + 1);
}

/** Masks one C# string starting at `start` (its prefix `@`/`$`, quotes); returns the offset after it. */
function csharpString(text: string, start: number, out: MaskBuilder, literals: MaskedLiteral[]): number {
  let q = start;
  while (text[q] === '@' || text[q] === '$') {
    q++;
  }
  const verbatim = text.slice(start, q).includes('@');
  let quotes = 0;
  while (text[q + quotes] === '"') {
    quotes++;
  }
  if (quotes >= 3) {
    const close = text.indexOf('"'.repeat(quotes), q + quotes);
    const end = close < 0 ? text.length : close + quotes;
    return literal(text, out, literals, q + quotes, close < 0 ? end : close, start, end);
  }
  let i = q + 1;
  while (i < text.length) {
    const ch = text[i];
    if (ch === '"' && verbatim && text[i + 1] === '"') {
      i += 2;
    } else if (ch === '"') {
      break;
    } else if (ch === '\\' && !verbatim) {
      i += 2;
    } else if (ch === '\n' && !verbatim) {
      break;
    } else {
      i++;
    }
  }
  const end = Math.min(text.length, i + 1);
  return literal(text, out, literals, q + 1, Math.min(i, text.length), start, end);
}

function literal(text: string, out: MaskBuilder, literals: MaskedLiteral[], from: number, to: number, start: number, end: number): number {
  out.blank(from, to, 'x');
  literals.push({ start, end, value: text.slice(from, to) });
  return end;
}

/** Masks PowerShell: `#` and `<# #>` comments, single- and double-quoted strings, here-strings. */
export function maskPowerShell(text: string): MaskedText {
  const chars = text.split('');
  const literals: MaskedLiteral[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '<' && text[i + 1] === '#') {
      const close = text.indexOf('#>', i + 2);
      const end = close < 0 ? text.length : close + 2;
      blank(chars, i, end, ' ');
      i = end;
    } else if (c === '#') {
      const eol = lineEnd(text, i);
      blank(chars, i, eol, ' ');
      i = eol;
    } else if (c === '@' && (text[i + 1] === '"' || text[i + 1] === "'") && /^\r?\n/.test(text.slice(i + 2, i + 4))) {
      const quote = text[i + 1] as string;
      const close = new RegExp(`\\n${quote}@`).exec(text.slice(i + 2));
      const closeAt = close ? i + 2 + close.index + 1 : text.length;
      const end = close ? closeAt + 2 : text.length;
      const body = i + 2 + (text[i + 2] === '\r' ? 2 : 1);
      blank(chars, i + 2, closeAt, 'x');
      literals.push({ start: i, end, value: text.slice(Math.min(body, closeAt), closeAt) });
      i = end;
    } else if (c === '"' || c === "'") {
      let j = i + 1;
      while (j < text.length) {
        if (text[j] === c && text[j + 1] === c) {
          j += 2;
        } else if (text[j] === c) {
          break;
        } else {
          j += c === '"' && text[j] === '`' ? 2 : 1;
        }
      }
      const end = Math.min(text.length, j + 1);
      blank(chars, i + 1, Math.min(j, text.length), 'x');
      literals.push({ start: i, end, value: text.slice(i + 1, Math.min(j, text.length)) });
      i = end;
    } else {
      i++;
    }
  }
  return { code: chars.join(''), literals };
}

/** The statement around an offset in masked code: from after the previous `;`, `{` or `}` to the next `;` (or end). */
export function statementAround(code: string, offset: number, separators = /[;{}]/): { start: number; end: number } {
  let start = offset;
  while (start > 0 && !separators.test(code[start - 1] as string)) {
    start--;
  }
  let end = offset;
  while (end < code.length && code[end] !== ';') {
    end++;
  }
  return { start, end };
}
