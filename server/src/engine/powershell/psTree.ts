import { SyntaxNode, SyntaxTree, TreeEdit } from '../parsing/parserPort';
import { PreviousCopy, twinOf } from './psTreeReuse';

/**
 * One node of a PowerShell tree as plain data, copied out of the parser in one cursor walk: the flow, the facts, the
 * rules and the retirement checks read these fields, never the parser's node objects (whose every read of a type, an
 * end or a child list crosses into wasm and allocates a node wrapper, most of a PowerShell scan's cost). It satisfies
 * SyntaxNode, so code written against the port reads it unchanged.
 */
export interface PsNode extends SyntaxNode {
  readonly parent: PsNode | null;
  readonly children: readonly PsNode[];
  readonly namedChildren: readonly PsNode[];
  childForFieldName(name: string): PsNode | null;
}

/** The cursor of either backend (web-tree-sitter and the native binding name these alike). */
interface TreeCursorLike {
  readonly nodeTypeId: number;
  readonly nodeType: string;
  readonly nodeIsNamed: boolean;
  readonly nodeIsMissing: boolean;
  readonly startIndex: number;
  readonly endIndex: number;
  readonly currentFieldName: string | null | undefined;
  /** web-tree-sitter's cursor only: the current node's id (the native binding's cursor has none). */
  readonly nodeId?: number;
  /** The parser's node under the cursor (a wrapper made on each read): asked only for its error flag. */
  readonly currentNode: { readonly hasError: boolean };
  gotoFirstChild(): boolean;
  gotoNextSibling(): boolean;
  gotoParent(): boolean;
  delete?(): void;
}

const NO_NODES: readonly PsNode[] = Object.freeze([]);

/**
 * The node types whose children the PowerShell grammar names with fields (its node-types.json): only their children are
 * asked for a field name, one wasm call fewer for every other node. psTree.test.ts checks the copy against the parser's
 * own nodes, fields included, so a grammar update that adds fields elsewhere fails there.
 */
const TYPES_WITH_FIELDS = new Set([
  'argument_list',
  'array_expression',
  'assignment_expression',
  'command',
  'do_statement',
  'elseif_clause',
  'for_statement',
  'if_statement',
  'script_block',
  'script_block_body',
  'statement_block',
  'sub_expression',
  'while_statement',
]);

/** The nodes of one copied tree in document order (pre-order): a walk over a subtree is a loop over a slice of it. */
interface Preorder {
  readonly nodes: PlainNode[];
}

class PlainNode implements PsNode {
  private kids: readonly PsNode[] | undefined;
  private named: readonly PsNode[] | undefined;
  /** This node's place in `preorder.nodes`, and the place just past its subtree. */
  readonly order: number;
  after = 0;

  constructor(
    private readonly preorder: Preorder,
    private readonly source: string,
    readonly type: string,
    readonly isNamed: boolean,
    /** A zero-width node the parser inserted to recover from an error. */
    readonly missing: boolean,
    readonly startIndex: number,
    readonly endIndex: number,
    readonly parent: PlainNode | null,
    /** The field this node fills in its parent (`condition`, `value`), if any. */
    readonly field: string | undefined,
    /** The parser's id of the node, for a copy that a later one may take subtrees from (else 0). */
    readonly id: number,
    /** The parser's own answer (Copier.node says how it is read). */
    readonly hasError: boolean,
  ) {
    this.order = preorder.nodes.length;
    preorder.nodes.push(this);
  }

  /** Visits the subtree in document order without a stack (parsing/walk.ts takes this path); false skips a node's children. */
  walkPreorder(visit: (node: SyntaxNode) => boolean | void): void {
    const nodes = this.preorder.nodes;
    for (let i = this.order; i < this.after; ) {
      const node = nodes[i] as PlainNode;
      i = visit(node) === false ? node.after : i + 1;
    }
  }

  get text(): string {
    return this.source.slice(this.startIndex, this.endIndex);
  }

  /**
   * The children, read off the document-order list on first use (each child starts where its previous sibling's subtree
   * ends): a copy makes no child list for the many nodes whose children nobody asks for, fewer objects for the
   * garbage collector on every keystroke.
   */
  get children(): readonly PsNode[] {
    if (this.kids === undefined) {
      if (this.order + 1 === this.after) {
        this.kids = NO_NODES;
      } else {
        const nodes = this.preorder.nodes;
        const kids: PsNode[] = [];
        for (let i = this.order + 1; i < this.after; i = (nodes[i] as PlainNode).after) {
          kids.push(nodes[i] as PlainNode);
        }
        this.kids = kids;
      }
    }
    return this.kids;
  }

  get namedChildren(): readonly PsNode[] {
    this.named ??= this.children.length === 0 ? NO_NODES : this.children.filter((c) => c.isNamed);
    return this.named;
  }

  childForFieldName(name: string): PsNode | null {
    for (const c of this.children) {
      if ((c as PlainNode).field === name) {
        return c;
      }
    }
    return null;
  }

  /** The nodes of this node's copy in document order. */
  nodesInOrder(): readonly PlainNode[] {
    return this.preorder.nodes;
  }
}

/** What a node's grammar symbol says once for all its nodes: its type name and whether it is named. */
interface SymbolInfo {
  type: string;
  named: boolean;
}

/** Reads the nodes of one tree with one cursor; a symbol's name and named-ness are asked once per tree. */
class Copier {
  readonly preorder: Preorder = { nodes: [] };
  private readonly symbols: (SymbolInfo | undefined)[] = [];

  constructor(
    private readonly cursor: TreeCursorLike,
    readonly source: string,
    /** Read each node's id (one wasm call more per node): the copy of a document's tree, which edits will follow. */
    readonly withIds: boolean,
    /** The parser's error flag of the tree's root (asked once per copy). */
    private readonly rootHasError: boolean,
  ) {}

  /**
   * Copies the node under the cursor. Its error flag is the parser's, not one worked out from the copied children: the
   * parser counts a missing token the grammar hides (a statement's terminator, which no cursor visits) and does not
   * count an ERROR leaf that only marks skipped characters. A node holds an error only inside a parent that holds one,
   * so only the children of such parents are asked (none in a tree without errors, whose root is asked by copyTree).
   */
  node(parent: PlainNode | null): PlainNode {
    const cursor = this.cursor;
    const id = cursor.nodeTypeId;
    let symbol = this.symbols[id];
    if (!symbol) {
      symbol = { type: cursor.nodeType, named: cursor.nodeIsNamed };
      this.symbols[id] = symbol;
    }
    const start = cursor.startIndex;
    const end = cursor.endIndex;
    // A missing node is zero-width: only those need the question (one wasm call fewer for every other node).
    const missing = start === end && cursor.nodeIsMissing;
    const field = parent && TYPES_WITH_FIELDS.has(parent.type) ? (cursor.currentFieldName ?? undefined) : undefined;
    const nodeId = this.withIds ? (cursor.nodeId ?? 0) : 0;
    const hasError = parent ? parent.hasError && cursor.currentNode.hasError : this.rootHasError;
    return new PlainNode(this.preorder, this.source, symbol.type, symbol.named, missing, start, end, parent, field, nodeId, hasError);
  }
}

/**
 * Gives `into` (just copied, the last node of its copy) the descendants of `twin`, a node of a previous copy with the
 * same subtree, moved by the distance between their starts: plain objects copied, no wasm call.
 */
function cloneDescendants(copier: Copier, into: PlainNode, twin: PlainNode): void {
  const old = twin.nodesInOrder();
  const made = copier.preorder.nodes;
  const shift = into.startIndex - twin.startIndex;
  // A node of the previous copy at `twin.order + k` is made at `into.order + k` (each new node goes at the list's end).
  const moved = into.order - twin.order;
  for (let i = twin.order + 1; i < twin.after; i++) {
    const o = old[i] as PlainNode;
    const parent = made[(o.parent as PlainNode).order + moved] as PlainNode;
    const n = new PlainNode(copier.preorder, copier.source, o.type, o.isNamed, o.missing, o.startIndex + shift, o.endIndex + shift, parent, o.field, o.id, o.hasError);
    n.after = o.after + moved;
  }
}

/**
 * Copies a tree into plain nodes with one cursor walk (each node visited once, in document order). With the copy of
 * the tree it was reparsed from, a node whose subtree that copy already holds (psTreeReuse.ts) takes it from there and
 * the cursor skips its children: after a keystroke, only the nodes around the edit are read out of wasm.
 */
function copyTree(root: SyntaxNode, source: string, withIds: boolean, previous: PreviousCopy<PlainNode> | undefined): PsNode {
  const cursor = (root as unknown as { walk(): TreeCursorLike }).walk();
  const copier = new Copier(cursor, source, withIds && cursor.nodeId !== undefined, root.hasError);
  const count = copier.preorder.nodes;
  const from = copier.withIds ? previous : undefined;
  /** True when the node's subtree came from the previous copy (its children are not read from the cursor). */
  const reused = (node: PlainNode): boolean => {
    const twin = from && twinOf(from, node.id, node.type, node.startIndex, node.endIndex);
    if (twin) {
      cloneDescendants(copier, node, twin);
    }
    return twin !== undefined;
  };
  try {
    const top = copier.node(null);
    let node = top;
    let descend = !reused(top);
    for (;;) {
      if (descend && cursor.gotoFirstChild()) {
        const child = copier.node(node);
        node = child;
        descend = !reused(child);
        continue;
      }
      for (;;) {
        node.after = count.length;
        const parent = node.parent;
        if (!parent) {
          return top;
        }
        if (cursor.gotoNextSibling()) {
          const sibling = copier.node(parent);
          node = sibling;
          descend = !reused(sibling);
          break;
        }
        cursor.gotoParent();
        node = parent;
      }
    }
  } finally {
    cursor.delete?.();
  }
}

/** A tree's copy, with the edits told to the tree since (what a reparse from it must map back through). */
interface Copy {
  text: string;
  root: PlainNode;
  edits: TreeEdit[];
}

const copies = new WeakMap<SyntaxTree, Copy>();
/** The language server's document trees (edits will follow), each with the copy of the tree it was reparsed from, if any. */
const documentTrees = new WeakMap<SyntaxTree, PreviousCopy<PlainNode> | undefined>();

/**
 * The plain copy of a PowerShell tree, made once per tree and text (the facts pass, the four rules, the retirement
 * checks and the hover of one document version share it; an edited document gets a new tree, and the text check guards
 * a tree reused with another text). A document's tree reparsed from a copied one reads only what the edits changed.
 */
export function psTree(tree: SyntaxTree, text: string): PsNode {
  const hit = copies.get(tree);
  if (hit && hit.text === text) {
    return hit.root;
  }
  const document = documentTrees.has(tree);
  const previous = documentTrees.get(tree);
  if (previous) {
    // Taken over once: a second copy of this tree (another text) must not map through these edits.
    documentTrees.set(tree, undefined);
  }
  const root = copyTree(tree.rootNode, text, document, hit ? undefined : previous) as PlainNode;
  copies.set(tree, { text, root, edits: [] });
  return root;
}

/**
 * Called by the language server's document store with a document's new tree and the edited tree it was reparsed from
 * (while both are alive): the new tree's copy records node ids, and takes the subtrees the edits left alone from the
 * previous tree's copy, if it has one (psTreeReuse.ts).
 */
export function notePsDocumentTree(next: SyntaxTree, previous: SyntaxTree | undefined): void {
  const copy = previous && copies.get(previous);
  documentTrees.set(next, copy ? { nodes: copy.root.nodesInOrder(), edits: copy.edits } : undefined);
}

/** Tells a copied tree's copy about an edit told to the tree (the document store calls it with `tree.edit`). */
export function notePsTreeEdit(tree: SyntaxTree, edit: TreeEdit): void {
  copies.get(tree)?.edits.push(edit);
}
