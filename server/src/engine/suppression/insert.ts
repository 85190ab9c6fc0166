import { FileKind } from '../model/fileKind';
import { TextEdit } from '../text/edits';
import { LineIndex } from '../text/lineIndex';
import { registryCommentColumn } from './comments';
import { CommentSpan, directiveComment, parseDirective } from './directives';
import { xmlTagStartLine } from './xmlTags';

/** A whole-line comment holding a directive of the given scope on a line, if any (to add an id to it). */
function directiveOnLine(kind: FileKind, lines: LineIndex, line: number, scope: 'next-line' | 'file'): { idsEnd: number; hasIds: boolean } | undefined {
  if (line < 0 || line >= lines.lineCount) {
    return undefined;
  }
  const text = lines.lineText(line);
  const indent = /^\s*/.exec(text)?.[0].length ?? 0;
  if (kind === 'registry' && registryCommentColumn(text) !== indent) {
    return undefined;
  }
  const comment: CommentSpan = { start: lines.lineStart(line) + indent, end: lines.lineContentEnd(line), text: text.slice(indent) };
  const d = parseDirective(kind, comment);
  if (!d || d.scope !== scope || d.invalidTokens.length > 0) {
    return undefined;
  }
  const idsText = lines.text.slice(d.idsStart, d.idsEnd);
  return { idsEnd: d.idsStart + idsText.trimEnd().length, hasIds: d.ruleIds.length > 0 };
}

function isXml(kind: FileKind): boolean {
  return kind === 'project' || kind === 'buildProps' || kind === 'config' || kind === 'packagesConfig';
}

function addId(lines: LineIndex, at: { idsEnd: number; hasIds: boolean }, ruleId: string): TextEdit {
  const position = lines.positionAt(at.idsEnd);
  return { range: { start: position, end: position }, newText: at.hasIds ? `, ${ruleId}` : ` ${ruleId}` };
}

/**
 * The edit of "Suppress TLS0xx on this line": a `tls-readiness-disable-next-line` comment on a new line above, with the
 * line's indentation and line ending — or the id added to such a comment already there. In XML, a line that starts
 * inside a tag (an attribute on its own line) gets the comment above the tag, which then covers all the tag's lines.
 */
export function suppressLineEdit(kind: FileKind, lines: LineIndex, findingLine: number, ruleId: string): TextEdit {
  const line = isXml(kind) ? xmlTagStartLine(lines, findingLine) : findingLine;
  const existing = directiveOnLine(kind, lines, line - 1, 'next-line');
  if (existing) {
    return addId(lines, existing, ruleId);
  }
  const indent = /^[ \t]*/.exec(lines.lineText(line))?.[0] ?? '';
  const eol = lines.lineEnding(line) || lines.dominantEol();
  const start = { line, character: 0 };
  return { range: { start, end: start }, newText: `${indent}${directiveComment(kind, 'next-line', [ruleId])}${eol}` };
}

/** The line a file-level comment goes on: after an XML declaration or a .reg header, which must stay first. */
function headerLines(kind: FileKind, lines: LineIndex): number {
  const first = lines.lineText(0).replace(/^\uFEFF/, '').trim();
  if (isXml(kind) && first.startsWith('<?xml')) {
    let line = 0;
    while (line < lines.lineCount - 1 && !lines.lineText(line).includes('?>')) {
      line++;
    }
    return line + 1;
  }
  if (kind === 'registry' && (/^Windows Registry Editor Version/i.test(first) || /^REGEDIT4/i.test(first))) {
    return 1;
  }
  return 0;
}

/** The edit of "Suppress TLS0xx in this file": a `tls-readiness-disable-file` comment at the top (after a header). */
export function suppressFileEdit(kind: FileKind, lines: LineIndex, ruleId: string): TextEdit {
  const line = headerLines(kind, lines);
  const existing = directiveOnLine(kind, lines, line, 'file');
  if (existing) {
    return addId(lines, existing, ruleId);
  }
  const eol = lines.dominantEol();
  const comment = directiveComment(kind, 'file', [ruleId]);
  if (line >= lines.lineCount) {
    const end = lines.positionAt(lines.text.length);
    return { range: { start: end, end }, newText: `${lines.lineEnding(line - 1) ? '' : eol}${comment}${eol}` };
  }
  const start = { line, character: 0 };
  return { range: { start, end: start }, newText: `${comment}${eol}` };
}
