import { SyntaxNode, SyntaxTree } from '../parsing/parserPort';

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
  children: PsNode[] | readonly PsNode[] = NO_NODES;
  private named: readonly PsNode[] | undefined;
  private errors: boolean | undefined;
  /** This node's place in `preorder.nodes`, and the place just past its subtree. */
  readonly order: number;
  after = 0;

  constructor(
    private readonly preorder: Preorder,
    private readonly source: string,
    readonly type: string,
    readonly isNamed: boolean,
    private readonly missing: boolean,
    readonly startIndex: number,
    readonly endIndex: number,
    readonly parent: PlainNode | null,
    /** The field this node fills in its parent (`condition`, `value`), if any. */
    readonly field: string | undefined,
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

  get namedChildren(): readonly PsNode[] {
    this.named ??= this.children.length === 0 ? NO_NODES : this.children.filter((c) => c.isNamed);
    return this.named;
  }

  get hasError(): boolean {
    this.errors ??= this.type === 'ERROR' || this.missing || this.children.some((c) => c.hasError);
    return this.errors;
  }

  childForFieldName(name: string): PsNode | null {
    for (const c of this.children) {
      if ((c as PlainNode).field === name) {
        return c;
      }
    }
    return null;
  }

  add(child: PlainNode): void {
    if (this.children === NO_NODES) {
      this.children = [child];
    } else {
      (this.children as PsNode[]).push(child);
    }
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
    private readonly source: string,
  ) {}

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
    return new PlainNode(this.preorder, this.source, symbol.type, symbol.named, missing, start, end, parent, field);
  }
}

/** Copies a tree into plain nodes with one cursor walk (each node visited once, in document order). */
function copyTree(root: SyntaxNode, source: string): PsNode {
  const cursor = (root as unknown as { walk(): TreeCursorLike }).walk();
  const copier = new Copier(cursor, source);
  const count = copier.preorder.nodes;
  try {
    const top = copier.node(null);
    let node = top;
    for (;;) {
      if (cursor.gotoFirstChild()) {
        const child = copier.node(node);
        node.add(child);
        node = child;
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
          parent.add(sibling);
          node = sibling;
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

const copies = new WeakMap<SyntaxTree, { text: string; root: PsNode }>();

/**
 * The plain copy of a PowerShell tree, made once per tree and text (the facts pass, the four rules, the retirement
 * checks and the hover of one document version share it; an edited document gets a new tree, and the text check guards
 * a tree reused with another text).
 */
export function psTree(tree: SyntaxTree, text: string): PsNode {
  const hit = copies.get(tree);
  if (hit && hit.text === text) {
    return hit.root;
  }
  const root = copyTree(tree.rootNode, text);
  copies.set(tree, { text, root });
  return root;
}
