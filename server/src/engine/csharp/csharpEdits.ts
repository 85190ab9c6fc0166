import { OffsetEdit, indentationAt } from '../fixes/textFix';
import { LineIndex } from '../text/lineIndex';
import { Span } from './csharpModel';
import { FileUsings } from './fileScope';

/** The line KB 4051700 recommends, as a statement. */
export const ENABLE_TLS12_STATEMENT = 'ServicePointManager.SecurityProtocol |= SecurityProtocolType.Tls12;';

/** How to spell `SecurityProtocolType.Tls12` in a file: as already written there, else short with `using System.Net`. */
export function tls12Spelling(usings: FileUsings, enumSpelling: string | undefined): string {
  if (enumSpelling && /SecurityProtocolType$/.test(enumSpelling)) {
    return `${enumSpelling}.Tls12`;
  }
  return usings.namespaces.has('System.Net') ? 'SecurityProtocolType.Tls12' : 'System.Net.SecurityProtocolType.Tls12';
}

/** The line ending to use for a line added at an offset: that line's own, else the file's dominant one. */
function eolAt(lines: LineIndex, offset: number): string {
  const line = lines.positionAt(offset).line;
  return lines.lineEnding(line) || lines.dominantEol();
}

/**
 * Removes a statement: with its whole line(s) and line ending when nothing else shares them, else only its own
 * text — every other byte stays.
 */
export function removeStatement(lines: LineIndex, statement: Span): OffsetEdit {
  const first = lines.positionAt(statement.start).line;
  const last = lines.positionAt(statement.end).line;
  const before = lines.text.slice(lines.lineStart(first), statement.start);
  const after = lines.text.slice(statement.end, lines.lineContentEnd(last));
  if (/^[ \t]*$/.test(before) && /^[ \t]*$/.test(after)) {
    const end = last + 1 < lines.lineCount ? lines.lineStart(last + 1) : lines.text.length;
    return { start: lines.lineStart(first), end, newText: '' };
  }
  return { start: statement.start, end: statement.end, newText: '' };
}

/** Inserts a statement on its own line before another, with that statement's indentation and line ending. */
export function insertStatementBefore(lines: LineIndex, statement: Span, newStatement: string): OffsetEdit {
  const indent = indentationAt(lines, statement.start);
  return { start: statement.start, end: statement.start, newText: `${newStatement}${eolAt(lines, statement.start)}${indent}` };
}

/** Adds `using System.Net;` among the file's top-level usings (sorted position), or at the top; none when present. */
export function addUsingSystemNet(lines: LineIndex, usings: FileUsings): OffsetEdit | undefined {
  if (usings.namespaces.has('System.Net')) {
    return undefined;
  }
  const plain = usings.plain;
  const next = plain.find((u) => u.name > 'System.Net');
  if (next) {
    const indent = indentationAt(lines, next.start);
    return { start: next.start, end: next.start, newText: `using System.Net;${eolAt(lines, next.start)}${indent}` };
  }
  const last = plain[plain.length - 1];
  if (last) {
    const line = lines.positionAt(last.end).line;
    const at = lines.lineContentEnd(line);
    return { start: at, end: at, newText: `${lines.lineEnding(line) || lines.dominantEol()}using System.Net;` };
  }
  return { start: 0, end: 0, newText: `using System.Net;${lines.dominantEol()}` };
}

/** Moves a statement to just before another (same indentation there): a removal plus an insertion. */
export function moveStatementBefore(lines: LineIndex, moved: Span, before: Span): OffsetEdit[] {
  return [insertStatementBefore(lines, before, lines.text.slice(moved.start, moved.end)), removeStatement(lines, moved)];
}
