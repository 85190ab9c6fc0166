import { FileKind } from '../model/fileKind';

/** Real project and config files nest a few dozen levels; past this an XML file is skipped (parsing it is quadratic). */
export const MAX_XML_DEPTH = 500;

/** The deepest element nesting of an XML text, by a cheap character scan (comments and CDATA are not special-cased). */
export function xmlNestingDepth(text: string): number {
  let depth = 0;
  let max = 0;
  for (let i = text.indexOf('<'); i >= 0 && i < text.length; i = text.indexOf('<', i + 1)) {
    const next = text.charCodeAt(i + 1);
    if (next === 47) {
      depth--;
    } else if (next !== 33 && next !== 63) {
      const close = text.indexOf('>', i);
      if (close < 0) {
        break;
      }
      if (text.charCodeAt(close - 1) !== 47) {
        depth++;
        if (depth > max) {
          max = depth;
        }
      }
      i = close;
    }
  }
  return max;
}

/** Why a file is too complex to analyse (undefined when it is fine): checked before parsing, by scan, index and analyzer. */
export function complexityReason(kind: FileKind, text: string): string | undefined {
  if ((kind === 'project' || kind === 'buildProps' || kind === 'config' || kind === 'packagesConfig') && xmlNestingDepth(text) > MAX_XML_DEPTH) {
    return `XML nested more than ${MAX_XML_DEPTH} levels deep`;
  }
  return undefined;
}
