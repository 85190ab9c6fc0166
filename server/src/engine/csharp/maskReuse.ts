import { MaskedRegions, maskCsharpRegions } from '../text/codeMask';
import { knownEdit } from '../text/editTrail';
import { TextChange, findChange } from './modelReuse';
import { partitionPoint } from '../util/arrays';

const NOT_LINE_BREAK = /[^\n\r]/g;

/**
 * A C# text's mask (maskCsharp's code: comments as spaces, literal insides as `x`), kept as the text and its masked
 * stretches: the whole masked code is built only when asked, a stretch of it from the text and the stretches around
 * it. A view made without stretches masks the whole text the first time anything is asked of it.
 */
export class MaskedView {
  private kept: MaskedRegions | undefined;
  private whole: string | undefined;

  constructor(
    readonly text: string,
    regions?: MaskedRegions,
  ) {
    this.kept = regions;
  }

  /** This mask for a string equal to this text (the stretches and any whole masked code shared). */
  sameMaskOf(text: string): MaskedView {
    const view = new MaskedView(text, this.kept);
    view.whole = this.whole;
    return view;
  }

  /** True once the masked stretches are known (spliced, or the whole text masked). */
  get known(): boolean {
    return this.kept !== undefined;
  }

  /** The masked stretches: from, to (exclusive), 1 for a literal's `x` or 0 for a comment's spaces (codeMask.ts). */
  regions(): MaskedRegions {
    if (!this.kept) {
      const { masked, regions } = maskCsharpRegions(this.text);
      this.kept = regions;
      this.whole = masked.code;
    }
    return this.kept;
  }

  /** The whole masked code. */
  code(): string {
    this.regions();
    this.whole ??= this.slice(0, this.text.length);
    return this.whole;
  }

  /** The masked code between two offsets. */
  slice(from: number, to: number): string {
    if (this.whole !== undefined) {
      return this.whole.slice(from, to);
    }
    const regions = this.regions();
    const parts: string[] = [];
    let copied = from;
    for (let i = firstEndingAfter(regions, from); i < regions.length && (regions[i] ?? 0) < to; i += 3) {
      const start = Math.max(regions[i] ?? 0, from);
      const end = Math.min(regions[i + 1] ?? 0, to);
      parts.push(this.text.slice(copied, start), this.text.slice(start, end).replace(NOT_LINE_BREAK, regions[i + 2] === 1 ? 'x' : ' '));
      copied = end;
    }
    parts.push(this.text.slice(copied, to));
    return parts.join('');
  }
}

/** A C# text's mask, and the earlier text this text is one edit of, when one of the last few masked is. */
export interface ReusedMask {
  view: MaskedView;
  /** The earlier text and the edit from it; `view` is that text's mask when this one was spliced from it. */
  edit?: { text: string; change: TextChange; view?: MaskedView };
}

/** The last few masks, the last asked first (a keystroke's new text is one edit from an earlier one). */
const recent: ReusedMask[] = [];
const RECENT_LIMIT = 2;

/** Characters the masking decides on: comment, string and char delimiters, prefixes, escapes, and line ends (which end a `//` comment, a regular string or a char literal, but decide nothing in code). */
const LEXICAL = /[/"'@$\\*]/;
const LINE_END = /[\n\r]/;

/**
 * maskCsharp for `text`, spliced from an earlier text's mask when `text` is one edit of it that neither types nor
 * deletes, nor touches from the right, a character the masking decides on: the masking then passes over the edited
 * stretch in the state it was in before it, so the edit is masked as that stretch is (code as it is, a comment with
 * spaces, a literal with `x`) and everything else keeps its mask, shifted. Otherwise the view masks the whole text
 * when first read (never, when nothing reads it).
 */
export function maskCsharpReusing(text: string): ReusedMask {
  const same = recent.findIndex((k) => k.view.text === text);
  if (same >= 0) {
    // Asked again (an undo, or another reader of the same version): the next edit is most likely one of this text.
    return keep(recent.splice(same, 1)[0] as ReusedMask);
  }
  for (const previous of recent) {
    const change = knownEdit(previous.view.text, text) ?? findChange(previous.view.text, text);
    if (change) {
      const regions = previous.view.known ? splice(previous.view, text, change) : undefined;
      const edit = { text: previous.view.text, change, ...(regions ? { view: previous.view } : {}) };
      return keep({ view: new MaskedView(text, regions), edit });
    }
  }
  return keep({ view: new MaskedView(text) });
}

/**
 * Puts a mask whose text is asked again first (its next edit is most likely made from it), found without comparing
 * texts, and returns it for `text` — the same text, often another string (an undo): the next edit then names this
 * string, which compares at once (two strings of the same text compare character by character).
 */
export function maskAskedAgain(mask: ReusedMask, text: string): ReusedMask {
  const at = recent.indexOf(mask);
  if (at >= 0) {
    recent.splice(at, 1);
  }
  // Strings compare by content, so the view is made anew for whichever string asks: usually another one.
  return keep({ ...mask, view: mask.view.sameMaskOf(text) });
}

function keep(k: ReusedMask): ReusedMask {
  recent.unshift(k);
  recent.length = Math.min(recent.length, RECENT_LIMIT);
  return k;
}

/** The masked stretches of `text` from the previous text's, or undefined when the edit may change how anything is masked. */
function splice(previous: MaskedView, text: string, change: TextChange): MaskedRegions | undefined {
  const { start, oldEnd, newEnd } = change;
  const removed = previous.text.slice(start, oldEnd);
  const inserted = text.slice(start, newEnd);
  if (LEXICAL.test(removed) || LEXICAL.test(inserted) || (start > 0 && LEXICAL.test(previous.text[start - 1] ?? ''))) {
    return undefined;
  }
  const delta = newEnd - oldEnd;
  const regions = previous.regions();
  // The stretch holding the character before the edit: the edit joins it (a stretch never ends at such a character).
  const at = start > 0 ? regionAt(regions, start - 1) : -1;
  if (at >= 0 && (LINE_END.test(removed) || LINE_END.test(inserted))) {
    return undefined;
  }
  const shifted: MaskedRegions = regions.slice();
  if (at >= 0) {
    shifted[at + 1] = (shifted[at + 1] ?? 0) + delta;
  }
  // Stretches after the one holding the edit start at or after its end (an edit never lies inside a stretch it does not join).
  for (let i = firstEndingAfter(regions, start - 1); i < shifted.length; i += 3) {
    if (i !== at) {
      shifted[i] = (shifted[i] ?? 0) + delta;
      shifted[i + 1] = (shifted[i + 1] ?? 0) + delta;
    }
  }
  return shifted;
}

/** The index (into `regions`) of the first stretch that ends after `offset` (regions.length when none does). */
function firstEndingAfter(regions: MaskedRegions, offset: number): number {
  return partitionPoint(regions.length / 3, (i) => (regions[i * 3 + 1] ?? 0) <= offset) * 3;
}

/** The index (into `regions`) of the stretch that holds `offset`, or -1. */
function regionAt(regions: MaskedRegions, offset: number): number {
  const i = firstEndingAfter(regions, offset);
  return i < regions.length && (regions[i] ?? 0) <= offset ? i : -1;
}
