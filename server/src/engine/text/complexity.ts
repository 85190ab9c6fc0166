import { FileKind } from '../model/fileKind';

/** Real project and config files nest a few dozen levels; past this an XML file is skipped (parsing it is quadratic). */
export const MAX_XML_DEPTH = 500;

/**
 * The deepest element nesting of an XML text, by a cheap scan that errs on the deep side: tags end at a `>` outside
 * quotes (a `<` inside quotes ends the tag too, as the parser recovers there), comments, CDATA and processing
 * instructions are skipped, and an end tag closes only an element of its name that is still open (a stray one closes
 * nothing, as in the element model). Stops counting once past `limit`.
 */
export function xmlNestingDepth(text: string, limit = Number.POSITIVE_INFINITY): number {
  const open: string[] = [];
  let max = 0;
  let i = text.indexOf('<');
  while (i >= 0 && max <= limit) {
    const next = text.charCodeAt(i + 1);
    let resume: number;
    if (next === 33 || next === 63) {
      resume = skipMarkup(text, i);
    } else if (next === 47) {
      const name = tagName(text, i + 2);
      const at = open.lastIndexOf(name);
      if (at >= 0) {
        open.length = at;
      }
      resume = text.indexOf('>', i);
    } else {
      const tag = startTagEnd(text, i + 1);
      if (!tag.selfClosing) {
        open.push(tagName(text, i + 1));
        max = Math.max(max, open.length);
      }
      resume = tag.end;
    }
    if (resume < 0) {
      break;
    }
    i = text.indexOf('<', resume + (text.charCodeAt(resume) === 60 ? 0 : 1));
  }
  return max;
}

/** Where a comment, CDATA section, declaration or processing instruction starting at `i` ends (its last character). */
function skipMarkup(text: string, i: number): number {
  const close = text.startsWith('<!--', i) ? '-->' : text.startsWith('<![CDATA[', i) ? ']]>' : text.charCodeAt(i + 1) === 63 ? '?>' : '>';
  const at = text.indexOf(close, i + 2);
  return at < 0 ? -1 : at + close.length - 1;
}

/** The element name at `from` (up to whitespace, `/` or `>`). */
function tagName(text: string, from: number): string {
  let end = from;
  while (end < text.length && !/[\s/>]/.test(text[end] ?? '')) {
    end++;
  }
  return text.slice(from, end);
}

/** The end of a start tag: its `>` outside quotes (self-closing when `/>`), or the `<` where a broken tag stops. */
function startTagEnd(text: string, from: number): { end: number; selfClosing: boolean } {
  let quote = 0;
  for (let j = from; j < text.length; j++) {
    const c = text.charCodeAt(j);
    if (c === 60) {
      return { end: j, selfClosing: false };
    }
    if (quote !== 0) {
      quote = c === quote ? 0 : quote;
    } else if (c === 34 || c === 39) {
      quote = c;
    } else if (c === 62) {
      return { end: j, selfClosing: text.charCodeAt(j - 1) === 47 };
    }
  }
  return { end: -1, selfClosing: false };
}

/** Why a file is too complex to analyse (undefined when it is fine): checked before parsing, by scan, index and analyzer. */
export function complexityReason(kind: FileKind, text: string): string | undefined {
  if ((kind === 'project' || kind === 'buildProps' || kind === 'sharedItems' || kind === 'config' || kind === 'packagesConfig') && tooDeep(text)) {
    return `XML nested more than ${MAX_XML_DEPTH} levels deep`;
  }
  return undefined;
}

/** The last XML text checked and its answer: a scan checks a context file, then indexes it, which checks it again. */
let lastChecked: { text: string; deep: boolean } | undefined;

/** True when an XML text nests deeper than MAX_XML_DEPTH (the last text's answer is reused). */
function tooDeep(text: string): boolean {
  if (lastChecked?.text !== text) {
    lastChecked = { text, deep: xmlNestingDepth(text, MAX_XML_DEPTH) > MAX_XML_DEPTH };
  }
  return lastChecked.deep;
}
