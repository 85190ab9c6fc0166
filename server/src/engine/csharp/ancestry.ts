import { SyntaxNode } from '../parsing/parserPort';

/** The node methods both backends have that the cheap descent uses (the port exposes only the common subset). */
interface DescendableNode extends SyntaxNode {
  firstChildForIndex(index: number): SyntaxNode | null;
  readonly id?: number;
}

function keyOf(n: SyntaxNode): string | number {
  const id = (n as DescendableNode).id;
  return typeof id === 'number' ? id : `${n.startIndex}:${n.endIndex}:${n.type}`;
}

/**
 * Parent lookup without `node.parent`: tree-sitter computes a parent by descending from the root again, so climbing
 * from a deep node costs depth² node visits. Descending once per mention records every ancestor of it; later
 * climbs read that record and fall back to `parent` only for nodes below a recorded chain. Consecutive descents share
 * the part of the previous chain that still contains the new offset (mentions come in text order, most in the same
 * class or method), so only the levels below it are visited again.
 */
export class Ancestry {
  private readonly parents = new Map<string | number, SyntaxNode>();
  private lastChain: SyntaxNode[];
  /** End offsets of `lastChain`'s nodes, read lazily (a wasm node reads its end through a call): NaN until read. */
  private lastEnds: number[];

  constructor(root: SyntaxNode) {
    this.lastChain = [root];
    this.lastEnds = [Number.POSITIVE_INFINITY];
  }

  /** The chain from the root to the smallest node that starts at or contains `index` (the root first). */
  descend(index: number): SyntaxNode[] {
    // Children never overlap, so a kept node that contains the offset is the one a fresh descent would reach.
    let kept = 1;
    while (kept < this.lastChain.length && this.contains(kept, index)) {
      kept++;
    }
    const chain = this.lastChain.slice(0, kept);
    const ends = this.lastEnds.slice(0, kept);
    let n = chain[kept - 1] as DescendableNode;
    for (let depth = kept; depth < 10_000; depth++) {
      const c = n.firstChildForIndex(index) as DescendableNode | null;
      if (!c || c.startIndex > index) {
        break;
      }
      this.parents.set(keyOf(c), n);
      chain.push(c);
      ends.push(Number.NaN);
      n = c;
    }
    this.lastChain = chain;
    this.lastEnds = ends;
    return chain.slice();
  }

  private contains(level: number, index: number): boolean {
    const node = this.lastChain[level];
    if (!node || node.startIndex > index) {
      return false;
    }
    if (Number.isNaN(this.lastEnds[level])) {
      this.lastEnds[level] = node.endIndex;
    }
    return index < (this.lastEnds[level] as number);
  }

  /** The parent of a node: from a recorded chain when known, else from the tree. */
  up(n: SyntaxNode): SyntaxNode | null {
    return this.parents.get(keyOf(n)) ?? n.parent;
  }
}

/** True when an offset lies in one of the dead ranges. */
export function inRanges(ranges: readonly [number, number][], offset: number): boolean {
  return ranges.some(([s, e]) => offset >= s && offset < e);
}
