import { Language, Node, Parser, Tree } from 'web-tree-sitter';
import { GrammarId } from '../model/fileKind';
import { GrammarNotLoaded, ParseBudgetExceeded, ParserBackend, SyntaxNode, SyntaxTree, TreeEdit, budgetWatch } from './parserPort';

/** Where the wasm files are: the grammars folder and the web-tree-sitter runtime (`tree-sitter.wasm`). */
export interface WasmLocations {
  grammarDir: string;
  runtimeWasm: string;
  /** Reads a grammar's bytes (handed in: web-tree-sitter would read a path with a dynamic `import()`, which a bundle compiled from a code cache cannot do). */
  readFile: (path: string) => Promise<Uint8Array>;
}

/** What a tree's nodes have already read through a wasm call, by node id (ids are unique within one tree). */
interface NodeReads {
  types: Map<number, string>;
  ends: Map<number, number>;
  fields: Map<number, Map<string, Node | null>>;
  children: Map<number, readonly (Node | null)[]>;
}

/**
 * Where a tree keeps its nodes' reads: on the tree itself, not in a WeakMap by tree — the reads hold nodes, which hold
 * their tree, and V8's scavenger keeps a WeakMap entry whose value reaches its key until a full collection (every
 * keystroke's nodes were copied out of the young generation; docs/performance.md). A plain cycle is collected young.
 */
const READS = Symbol('node reads');
type ReadingTree = Tree & { [READS]?: NodeReads };
let nodeReadsMemoised = false;

function readsOf(tree: ReadingTree): NodeReads {
  let reads = tree[READS];
  if (!reads) {
    reads = { types: new Map(), ends: new Map(), fields: new Map(), children: new Map() };
    tree[READS] = reads;
  }
  return reads;
}

/**
 * Memoises, per tree, the node reads the analysis repeats: `type`, `endIndex`, `children` and `childForFieldName`.
 * Each is a marshal plus a wasm call and new Node objects in web-tree-sitter; analysing a file asks the same nodes
 * again and again (climbing ancestors, matching shapes, the PowerShell flow walking a script's functions once per
 * call). A tree's nodes never change until `edit()`, which drops its memo. The memoised child lists are frozen, as
 * every caller shares them.
 */
function memoiseNodeReads(): void {
  if (nodeReadsMemoised) {
    return;
  }
  const typeOf = Object.getOwnPropertyDescriptor(Node.prototype, 'type')?.get;
  const endOf = Object.getOwnPropertyDescriptor(Node.prototype, 'endIndex')?.get;
  const fieldChild = Node.prototype.childForFieldName;
  const childrenOf = Object.getOwnPropertyDescriptor(Node.prototype, 'children')?.get;
  if (!typeOf || !endOf || !childrenOf) {
    return;
  }
  Object.defineProperty(Node.prototype, 'type', {
    configurable: true,
    get(this: Node): string {
      const types = readsOf(this.tree).types;
      let type = types.get(this.id);
      if (type === undefined) {
        type = typeOf.call(this) as string;
        types.set(this.id, type);
      }
      return type;
    },
  });
  Object.defineProperty(Node.prototype, 'endIndex', {
    configurable: true,
    get(this: Node): number {
      const ends = readsOf(this.tree).ends;
      let end = ends.get(this.id);
      if (end === undefined) {
        end = endOf.call(this) as number;
        ends.set(this.id, end);
      }
      return end;
    },
  });
  Object.defineProperty(Node.prototype, 'children', {
    configurable: true,
    get(this: Node): readonly (Node | null)[] {
      const lists = readsOf(this.tree).children;
      let list = lists.get(this.id);
      if (list === undefined) {
        list = Object.freeze(childrenOf.call(this) as (Node | null)[]);
        lists.set(this.id, list);
      }
      return list;
    },
  });
  Node.prototype.childForFieldName = function childForFieldName(this: Node, name: string): Node | null {
    const fields = readsOf(this.tree).fields;
    let byName = fields.get(this.id);
    if (!byName) {
      byName = new Map();
      fields.set(this.id, byName);
    }
    let child = byName.get(name);
    if (child === undefined) {
      child = fieldChild.call(this, name);
      byName.set(name, child);
    }
    return child;
  };
  nodeReadsMemoised = true;
}

class WasmTree implements SyntaxTree {
  constructor(readonly tree: Tree) {}
  get rootNode(): SyntaxNode {
    return this.tree.rootNode as unknown as SyntaxNode;
  }
  edit(edit: TreeEdit): void {
    (this.tree as ReadingTree)[READS] = undefined;
    this.tree.edit(edit);
  }
  delete(): void {
    this.tree.delete();
  }
}

/** Which grammars a wasm backend loads before it is handed out; the others load on `prepare()`. */
export type GrammarLoading = 'all' | 'on demand';

/** The grammars every backend loads at once: XML is small (~50 KB) and the project index parses it synchronously. */
const ALWAYS_LOADED: readonly GrammarId[] = ['xml'];
const ALL_GRAMMARS: readonly GrammarId[] = ['c_sharp', 'powershell', 'xml'];

/**
 * Loads web-tree-sitter and its grammars, then parses synchronously, each parse within its time budget. With grammars
 * `on demand`, only XML is loaded up front and C# (5 MB of wasm) and PowerShell (1 MB) are compiled on their first
 * `prepare()`: a scan whose files need no C# or PowerShell tree (a warm scan, a repository of one language) never pays
 * for them. `beforeGrammars` runs between the runtime's compilation and the grammars' (the Node adapter chooses the
 * grammars' wasm tier there).
 */
export async function createWasmBackend(locations: WasmLocations, beforeGrammars?: () => void, loading: GrammarLoading = 'all'): Promise<ParserBackend> {
  await Parser.init({ locateFile: () => locations.runtimeWasm });
  memoiseNodeReads();
  beforeGrammars?.();
  const parsers = new Map<GrammarId, Parser>();
  const loads = new Map<GrammarId, Promise<void>>();
  // One grammar at a time: each load grows the runtime's shared function table.
  let queue: Promise<unknown> = Promise.resolve();
  const prepare = (grammar: GrammarId): Promise<void> => {
    let load = loads.get(grammar);
    if (!load) {
      load = queue.then(async () => {
        const language = await Language.load(await locations.readFile(`${locations.grammarDir}/tree-sitter-${grammar}.wasm`));
        const parser = new Parser();
        parser.setLanguage(language);
        parsers.set(grammar, parser);
      });
      // A failed load is retried by the next prepare, and reported to every caller of this one.
      load.catch(() => loads.delete(grammar));
      loads.set(grammar, load);
      queue = load.catch(() => undefined);
    }
    return load;
  };
  await Promise.all((loading === 'all' ? ALL_GRAMMARS : ALWAYS_LOADED).map(prepare));
  return {
    name: 'wasm',
    parse(grammar: GrammarId, text: string, previous?: SyntaxTree): SyntaxTree {
      const parser = parsers.get(grammar);
      if (!parser) {
        throw new GrammarNotLoaded(grammar);
      }
      const old = previous instanceof WasmTree ? previous.tree : null;
      const watch = budgetWatch(text.length);
      const tree = parser.parse(text, old, { progressCallback: () => watch.expired() });
      if (!tree) {
        // A cancelled parse would otherwise resume on the next call, whatever its text.
        parser.reset();
        throw watch.expired() ? new ParseBudgetExceeded(watch.budgetMs) : new Error(`tree-sitter returned no tree for ${grammar}`);
      }
      return new WasmTree(tree);
    },
    prepare,
  };
}
