import { OffsetEdit } from '../fixes/textFix';
import { XmlElement } from '../parsing/xmlModel';
import { LineIndex } from '../text/lineIndex';

/** The whitespace that starts the line holding an offset. */
export function lineIndentAt(lines: LineIndex, offset: number): string {
  return /^[ \t]*/.exec(lines.lineText(lines.positionAt(offset).line))?.[0] ?? '';
}

/** True when nothing but whitespace precedes an offset on its line (the element starts its own line). */
export function startsLine(lines: LineIndex, offset: number): boolean {
  const pos = lines.positionAt(offset);
  return lines.lineText(pos.line).slice(0, pos.character).trim() === '';
}

/** The line ending after the line holding an offset, or the file's dominant one on a last line. */
export function eolAt(lines: LineIndex, offset: number): string {
  return lines.lineEnding(lines.positionAt(offset).line) || lines.dominantEol();
}

/** One indentation step of the file: the difference between a child's and its parent's indentation, else two spaces. */
export function indentUnit(lines: LineIndex, parent: XmlElement): string {
  const child = parent.children.find((c) => startsLine(lines, c.start));
  if (child) {
    const p = lineIndentAt(lines, parent.start);
    const c = lineIndentAt(lines, child.start);
    if (c.startsWith(p) && c.length > p.length) {
      return c.slice(p.length);
    }
  }
  return lines.text.includes('\n\t') ? '\t' : '  ';
}

/**
 * Inserts a new last child element on its own line, with the indentation and line ending of its siblings (or the
 * parent's indentation plus one step when it has none). Undefined when the parent is an empty `<x/>` element with no
 * room for a child or is not closed.
 */
export function appendChildEdit(lines: LineIndex, parent: XmlElement, markup: string): OffsetEdit | undefined {
  const last = parent.children[parent.children.length - 1];
  if (last && startsLine(lines, last.start)) {
    return { start: last.end, end: last.end, newText: eolAt(lines, last.start) + lineIndentAt(lines, last.start) + markup };
  }
  if (parent.endTagStart === undefined) {
    return undefined;
  }
  const parentIndent = lineIndentAt(lines, parent.start);
  const eol = eolAt(lines, parent.start);
  if (startsLine(lines, parent.endTagStart) && lines.positionAt(parent.endTagStart).line > lines.positionAt(parent.start).line) {
    const lineStart = lines.lineStart(lines.positionAt(parent.endTagStart).line);
    return { start: lineStart, end: lineStart, newText: parentIndent + indentUnit(lines, parent) + markup + eol };
  }
  return { start: parent.endTagStart, end: parent.endTagStart, newText: eol + parentIndent + indentUnit(lines, parent) + markup + eol + parentIndent };
}

/** Inserts a new first child element on its own line (after the start tag), indented like the children. */
export function prependChildEdit(lines: LineIndex, parent: XmlElement, markup: string): OffsetEdit | undefined {
  const first = parent.children[0];
  if (first && startsLine(lines, first.start)) {
    const lineStart = lines.lineStart(lines.positionAt(first.start).line);
    return { start: lineStart, end: lineStart, newText: lineIndentAt(lines, first.start) + markup + eolAt(lines, first.start) };
  }
  return appendChildEdit(lines, parent, markup);
}

/** Inserts an attribute after an element's last attribute (or its name). */
export function addAttributeEdit(el: XmlElement, name: string, value: string): OffsetEdit {
  const last = el.attributes[el.attributes.length - 1];
  const at = last ? last.end : el.start + 1 + el.name.length;
  return { start: at, end: at, newText: ` ${name}="${value}"` };
}
