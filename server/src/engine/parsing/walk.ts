import { SyntaxNode } from './parserPort';

/** A copied tree that visits a subtree in document order by itself, without a stack (powershell/psTree.ts). */
interface PreorderWalk {
  walkPreorder(visit: (node: SyntaxNode) => boolean | void): void;
}

/** Visits nodes depth-first in document order; returning false from `visit` skips a node's children. */
export function walk(root: SyntaxNode, visit: (node: SyntaxNode) => boolean | void): void {
  if ((root as Partial<PreorderWalk>).walkPreorder) {
    (root as unknown as PreorderWalk).walkPreorder(visit);
    return;
  }
  const stack: SyntaxNode[] = [root];
  while (stack.length) {
    const node = stack.pop() as SyntaxNode;
    if (visit(node) === false) {
      continue;
    }
    const children = node.children;
    for (let i = children.length - 1; i >= 0; i--) {
      const c = children[i];
      if (c) {
        stack.push(c);
      }
    }
  }
}

/** The named children of a node, without nulls. */
export function namedChildrenOf(node: SyntaxNode): SyntaxNode[] {
  return node.namedChildren.filter((c): c is SyntaxNode => c !== null);
}

/** The nearest ancestor of one of the given types. */
export function ancestorOfType(node: SyntaxNode, types: readonly string[]): SyntaxNode | undefined {
  let n = node.parent;
  while (n) {
    if (types.includes(n.type)) {
      return n;
    }
    n = n.parent;
  }
  return undefined;
}
