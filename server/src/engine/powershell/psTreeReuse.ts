import { TreeEdit } from '../parsing/parserPort';
import { partitionPoint } from '../util/arrays';

/** A node of a previous plain copy, as the reuse looks it up. */
export interface CopiedNode {
  readonly type: string;
  readonly startIndex: number;
  readonly endIndex: number;
  /** The parser's id of the node (the address of its slot in its parent's children), 0 when not recorded. */
  readonly id: number;
}

/** What the copy of a tree reparsed from an edited tree may take over from the copy of that edited tree. */
export interface PreviousCopy<N extends CopiedNode> {
  /** The previous copy's nodes in document order (their starts never decrease: psTreeReuse.test.ts checks it). */
  readonly nodes: readonly N[];
  /** The edits told to the previous tree since it was copied, in order, each in the text of its time. */
  readonly edits: readonly TreeEdit[];
}

/**
 * The node of the previous copy whose subtree a node of the new tree has, or undefined. Tree-sitter's incremental
 * parse reuses the subtrees an edit did not touch by reference, and a node's id is the address of its slot in its
 * parent's children: a node of the new tree with the id of a node of the previous copy sits in the same parent
 * object, which the previous tree kept alive until the new tree was built (no address was freed and handed out again
 * in between). The only such slots whose content changed are those `tree.edit()` rewrote in place, on the way to an
 * edit: a node must keep a character's distance from every edit, and have the type and the span (mapped back through
 * the edits) of the node that had its id. Such a node's descendants are the previous copy's, moved.
 */
export function twinOf<N extends CopiedNode>(previous: PreviousCopy<N>, id: number, type: string, start: number, end: number): N | undefined {
  let from = start;
  let to = end;
  for (let i = previous.edits.length - 1; i >= 0; i--) {
    const edit = previous.edits[i] as TreeEdit;
    if (to < edit.startIndex) {
      continue;
    }
    if (from > edit.newEndIndex) {
      const shift = edit.oldEndIndex - edit.newEndIndex;
      from += shift;
      to += shift;
      continue;
    }
    return undefined;
  }
  const nodes = previous.nodes;
  for (let i = partitionPoint(nodes.length, (k) => (nodes[k] as N).startIndex < from); i < nodes.length && (nodes[i] as N).startIndex === from; i++) {
    const n = nodes[i] as N;
    if (n.id === id) {
      return n.type === type && n.endIndex === to ? n : undefined;
    }
  }
  return undefined;
}
