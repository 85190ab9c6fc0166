import { MaskedLiteral, MaskedRegions, MaskedText, maskCsharpRegions } from '../text/codeMask';
import { TextChange, findChange } from './modelReuse';

/** A masked C# text, and how it was derived from the previous text masked, when it was. */
export interface ReusedMask {
  masked: MaskedText;
  /** The previous text and the edit from it, when the mask was spliced from that text's mask. */
  from?: { text: string; change: TextChange; inMasked: boolean };
}

interface Kept {
  text: string;
  masked: MaskedText;
  regions: MaskedRegions;
  /** How the mask was spliced, when it was (asked again for the same text, the answer is the same). */
  from?: ReusedMask['from'];
}

/** The last few masks (DYN103 and DYN104 read the same text; a keystroke's new text is one edit from an earlier one). */
const recent: Kept[] = [];
const RECENT_LIMIT = 2;

/** Characters the masking decides on: comment, string and char delimiters, prefixes, escapes, and line ends (which end a `//` comment, a regular string or a char literal, but decide nothing in code). */
const LEXICAL = /[/"'@$\\*]/;
const LINE_END = /[\n\r]/;

/**
 * maskCsharp's result for `text`, spliced from an earlier text's mask when `text` is one edit of it that neither types
 * nor deletes, nor touches from the right, a character the masking decides on: the masking then passes over the
 * edited stretch in the state it was in before it, so the edit is masked as that stretch is (code as it is, a
 * comment with spaces, a literal with `x`) and everything else keeps its mask, shifted.
 */
export function maskCsharpReusing(text: string): ReusedMask {
  const same = recent.find((k) => k.text === text);
  if (same) {
    return { masked: same.masked, from: same.from };
  }
  for (const previous of recent) {
    const change = findChange(previous.text, text);
    const spliced = change ? splice(previous, text, change) : undefined;
    if (change && spliced) {
      const from = { text: previous.text, change, inMasked: spliced.inMasked };
      keep({ ...spliced.kept, from });
      return { masked: spliced.kept.masked, from };
    }
  }
  const { masked, regions } = maskCsharpRegions(text);
  keep({ text, masked, regions });
  return { masked };
}

function keep(k: Kept): void {
  recent.unshift(k);
  recent.length = Math.min(recent.length, RECENT_LIMIT);
}

/** The mask of `text` from the previous one's, or undefined when the edit may change how anything is masked. */
function splice(previous: Kept, text: string, change: TextChange): { kept: Kept; inMasked: boolean } | undefined {
  const { start, oldEnd, newEnd } = change;
  const removed = previous.text.slice(start, oldEnd);
  const inserted = text.slice(start, newEnd);
  if (LEXICAL.test(removed) || LEXICAL.test(inserted) || (start > 0 && LEXICAL.test(previous.text[start - 1] ?? ''))) {
    return undefined;
  }
  const delta = newEnd - oldEnd;
  const { regions } = previous;
  // The stretch holding the character before the edit: the edit joins it (a stretch never ends at such a character).
  const at = start > 0 ? regionAt(regions, start - 1) : -1;
  if (at >= 0 && (LINE_END.test(removed) || LINE_END.test(inserted))) {
    return undefined;
  }
  const fill = at >= 0 ? (regions[at + 2] === 1 ? 'x' : ' ') : undefined;
  const code = previous.masked.code.slice(0, start) + (fill ? fill.repeat(inserted.length) : inserted) + previous.masked.code.slice(oldEnd);
  const shifted: MaskedRegions = regions.slice();
  for (let i = 0; i < shifted.length; i += 3) {
    if (i === at) {
      shifted[i + 1] = (shifted[i + 1] ?? 0) + delta;
    } else if ((shifted[i] ?? 0) >= oldEnd) {
      shifted[i] = (shifted[i] ?? 0) + delta;
      shifted[i + 1] = (shifted[i + 1] ?? 0) + delta;
    }
  }
  const literals = previous.masked.literals.map((l): MaskedLiteral => {
    if (l.start >= oldEnd) {
      return { start: l.start + delta, end: l.end + delta, value: l.value };
    }
    if (at >= 0 && l.start < start && l.end > start) {
      const valueFrom = regions[at] ?? 0;
      return { start: l.start, end: l.end + delta, value: text.slice(valueFrom, (regions[at + 1] ?? 0) + delta) };
    }
    return l;
  });
  return { kept: { text, masked: { code, literals }, regions: shifted }, inMasked: fill !== undefined };
}

/** The index (into `regions`) of the stretch that holds `offset`, or -1. */
function regionAt(regions: MaskedRegions, offset: number): number {
  let lo = 0;
  let hi = regions.length / 3 - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const from = regions[mid * 3] ?? 0;
    const to = regions[mid * 3 + 1] ?? 0;
    if (offset < from) {
      hi = mid - 1;
    } else if (offset >= to) {
      lo = mid + 1;
    } else {
      return mid * 3;
    }
  }
  return -1;
}
