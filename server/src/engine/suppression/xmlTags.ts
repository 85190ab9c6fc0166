import { LineIndex } from '../text/lineIndex';

/**
 * For an XML line that starts with a tag, the line holding that tag's closing `>` (a start tag whose attributes run
 * over several lines); otherwise the line itself. A `next-line` suppression above such a tag covers all its lines, since
 * an XML comment cannot sit between attributes.
 */
export function xmlTagEndLine(lines: LineIndex, line: number): number {
  const text = lines.text;
  let i = lines.lineStart(line);
  while (text[i] === ' ' || text[i] === '\t') {
    i++;
  }
  if (text[i] !== '<' || text.startsWith('<!--', i)) {
    return line;
  }
  let quote: string | undefined;
  for (let j = i + 1; j < text.length; j++) {
    const c = text[j];
    if (quote) {
      quote = c === quote ? undefined : quote;
    } else if (c === '"' || c === "'") {
      quote = c;
    } else if (c === '>') {
      return lines.positionAt(j).line;
    } else if (c === '<') {
      return line;
    }
  }
  return line;
}

/** The line where the tag holding the start of a line begins, when that line starts inside a tag; else the line. */
export function xmlTagStartLine(lines: LineIndex, line: number): number {
  const before = lines.text.slice(0, lines.lineStart(line));
  const open = before.lastIndexOf('<');
  return open > before.lastIndexOf('>') ? lines.positionAt(open).line : line;
}
