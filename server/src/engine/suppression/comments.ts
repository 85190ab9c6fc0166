import { FileKind } from '../model/fileKind';
import { SyntaxNode, SyntaxTree } from '../parsing/parserPort';
import { knownEdit } from '../text/editTrail';
import { LineIndex } from '../text/lineIndex';
import { CommentSpan, DIRECTIVE_MARKER } from './directives';

/** Node types the C#, PowerShell and XML grammars give comments. */
const COMMENT_TYPES = new Set(['comment', 'Comment']);

/**
 * The comments of a file that mention the suppression marker. Only real comments count: with a tree, the marker must
 * sit inside a comment node (a string that mentions it is not a suppression); a .reg file has no tree and is scanned
 * line by line. Files that never mention the marker cost one string search.
 */
export function markerComments(kind: FileKind, text: string, tree: SyntaxTree | undefined): CommentSpan[] {
  const offsets = markerOffsets(text);
  if (offsets.length === 0) {
    return [];
  }
  if (kind === 'registry') {
    return registryComments(text, offsets);
  }
  if (!tree) {
    return [];
  }
  const found = new Map<number, CommentSpan>();
  for (const offset of offsets) {
    const comment = commentNodeAt(tree.rootNode, offset);
    if (comment && !found.has(comment.startIndex)) {
      found.set(comment.startIndex, { start: comment.startIndex, end: comment.endIndex, text: text.slice(comment.startIndex, comment.endIndex) });
    }
  }
  return [...found.values()].sort((a, b) => a.start - b.start);
}

const MARKER = new RegExp(DIRECTIVE_MARKER, 'gi');
const MARKER_ANYWHERE = new RegExp(DIRECTIVE_MARKER, 'i');

/** The last text found without the marker: an edit of it (as the language server recorded it) that types none has none. */
let unmarked: string | undefined;

/**
 * Where a text mentions the suppression marker (any letter case). On a keystroke in a file without one, only the
 * edited stretch and the marker's length around it are searched, not the whole text.
 */
export function markerOffsets(text: string): number[] {
  const edit = unmarked === undefined ? undefined : knownEdit(unmarked, text);
  if (edit) {
    const reach = DIRECTIVE_MARKER.length - 1;
    if (!MARKER_ANYWHERE.test(text.slice(Math.max(0, edit.start - reach), edit.newEnd + reach))) {
      unmarked = text;
      return [];
    }
  }
  const offsets: number[] = [];
  MARKER.lastIndex = 0;
  for (let m = MARKER.exec(text); m; m = MARKER.exec(text)) {
    offsets.push(m.index);
  }
  unmarked = offsets.length === 0 ? text : undefined;
  return offsets;
}

/** Descends from the root to the smallest node holding an offset and returns it or its nearest comment ancestor. */
function commentNodeAt(root: SyntaxNode, offset: number): SyntaxNode | undefined {
  let node: SyntaxNode = root;
  let comment: SyntaxNode | undefined = COMMENT_TYPES.has(root.type) ? root : undefined;
  for (;;) {
    const child = node.children.find((c) => c !== null && c.startIndex <= offset && offset < c.endIndex);
    if (!child) {
      return comment;
    }
    node = child;
    if (COMMENT_TYPES.has(node.type)) {
      comment = node;
    }
  }
}

/** The comments of a .reg file that hold a marker offset: whole lines whose first non-blank character is `;`. */
function registryComments(text: string, offsets: readonly number[]): CommentSpan[] {
  const lines = LineIndex.of(text);
  const out = new Map<number, CommentSpan>();
  for (const offset of offsets) {
    const line = lines.positionAt(offset).line;
    const lineStart = lines.lineStart(line);
    const column = registryCommentColumn(lines.lineText(line));
    if (column >= 0 && lineStart + column <= offset && !out.has(line)) {
      const end = lines.lineContentEnd(line);
      out.set(line, { start: lineStart + column, end, text: text.slice(lineStart + column, end) });
    }
  }
  return [...out.values()];
}

/**
 * Where a .reg line's comment starts, or -1. Regedit reads a `;` as a comment only at the start of a line: after a
 * value it is part of the value (`dword:00000000 ; x` is no longer a valid DWORD), so trailing comments are not
 * comments here either.
 */
export function registryCommentColumn(line: string): number {
  const first = line.search(/\S/);
  return first >= 0 && line[first] === ';' ? first : -1;
}
