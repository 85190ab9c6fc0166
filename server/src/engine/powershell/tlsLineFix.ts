import { OffsetEdit } from '../fixes/textFix';
import { SyntaxNode } from '../parsing/parserPort';
import { LineIndex } from '../text/lineIndex';

/** The line KB 4051700 tells PowerShell users to add before `Get-CrmConnection`. */
export const KB_TLS12_LINE = '[System.Net.ServicePointManager]::SecurityProtocol = [System.Net.SecurityProtocolType]::Tls12';

/** True when only spaces/tabs precede the node on its line. */
function startsLine(lines: LineIndex, node: SyntaxNode): boolean {
  const line = lines.positionAt(node.startIndex).line;
  return /^[ \t]*$/.test(lines.text.slice(lines.lineStart(line), node.startIndex));
}

/** The line ending to add after an inserted line: the statement's own line's, or the file's usual one on a last line. */
function eolOf(lines: LineIndex, line: number): string {
  return lines.lineEnding(line) || lines.dominantEol();
}

/** Inserts a statement's text before another statement: its own line (same indentation and line ending), or `text; ` inline. */
export function insertBefore(lines: LineIndex, before: SyntaxNode, statementText: string): OffsetEdit {
  if (startsLine(lines, before)) {
    const line = lines.positionAt(before.startIndex).line;
    const start = lines.lineStart(line);
    const indent = lines.text.slice(start, before.startIndex);
    return { start, end: start, newText: `${indent}${statementText}${eolOf(lines, line)}` };
  }
  return { start: before.startIndex, end: before.startIndex, newText: `${statementText}; ` };
}

/** The insertion of the KB line before a statement. */
export function insertTls12Line(lines: LineIndex, before: SyntaxNode): OffsetEdit {
  return insertBefore(lines, before, KB_TLS12_LINE);
}

/**
 * Moves a statement (the late TLS line) before another: deletes its whole lines when it stands alone on them, and inserts
 * its text before the target. Undefined when the statement shares its line with other code (no clean move).
 */
export function moveBefore(lines: LineIndex, statement: SyntaxNode, target: SyntaxNode): OffsetEdit[] | undefined {
  const first = lines.positionAt(statement.startIndex).line;
  const last = lines.positionAt(statement.endIndex).line;
  const head = lines.text.slice(lines.lineStart(first), statement.startIndex);
  const tail = lines.text.slice(statement.endIndex, lines.lineContentEnd(last));
  if (!/^[ \t]*$/.test(head) || !/^[ \t]*;?[ \t]*$/.test(tail) || statement.startIndex <= target.startIndex) {
    return undefined;
  }
  const deleteEnd = last + 1 < lines.lineCount ? lines.lineStart(last + 1) : lines.text.length;
  let deleteStart = lines.lineStart(first);
  if (last + 1 >= lines.lineCount && first > 0) {
    deleteStart = lines.lineContentEnd(first - 1);
  }
  const text = reindent(lines.text.slice(statement.startIndex, statement.endIndex), head, indentOf(lines, target));
  return [insertBefore(lines, target, text), { start: deleteStart, end: deleteEnd, newText: '' }];
}

function indentOf(lines: LineIndex, node: SyntaxNode): string {
  const line = lines.positionAt(node.startIndex).line;
  return /^[ \t]*/.exec(lines.lineText(line))?.[0] ?? '';
}

/** Re-indents the continuation lines of a moved multi-line statement from its old indentation to the new one. */
function reindent(text: string, from: string, to: string): string {
  if (from === to) {
    return text;
  }
  return text.replace(/(\r\n|\r|\n)([ \t]*)/g, (_m, eol: string, ws: string) => eol + (ws.startsWith(from) ? to + ws.slice(from.length) : ws));
}
