import { SyntaxNode } from '../parsing/parserPort';
import { partitionPoint } from '../util/arrays';

/**
 * Where a word occurs in a script, read once from its whole text: a check that needs the word inside a node's text
 * asks whether one starts within the node's span instead of slicing every literal of the script (a necessary
 * condition, so the check itself still runs on the nodes that pass).
 */
export class SpanOccurrences {
  private readonly starts: number[] = [];

  constructor(root: SyntaxNode, pattern: RegExp) {
    const flags = pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`;
    const global = new RegExp(pattern.source, flags);
    const text = root.text;
    for (let m = global.exec(text); m; m = global.exec(text)) {
      this.starts.push(root.startIndex + m.index);
      if (m[0] === '') {
        global.lastIndex++;
      }
    }
  }

  /** True when the word occurs nowhere in the script. */
  get none(): boolean {
    return this.starts.length === 0;
  }

  /** True when an occurrence starts within [start, end). */
  within(start: number, end: number): boolean {
    const low = partitionPoint(this.starts.length, (i) => (this.starts[i] as number) < start);
    return low < this.starts.length && (this.starts[low] as number) < end;
  }
}
