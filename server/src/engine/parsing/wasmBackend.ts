import { Language, Parser, Tree } from 'web-tree-sitter';
import { GrammarId } from '../model/fileKind';
import { ParserBackend, SyntaxNode, SyntaxTree, TreeEdit } from './parserPort';

/** Where the wasm files are: the grammars folder and the web-tree-sitter runtime (`tree-sitter.wasm`). */
export interface WasmLocations {
  grammarDir: string;
  runtimeWasm: string;
}

class WasmTree implements SyntaxTree {
  constructor(readonly tree: Tree) {}
  get rootNode(): SyntaxNode {
    return this.tree.rootNode as unknown as SyntaxNode;
  }
  edit(edit: TreeEdit): void {
    this.tree.edit(edit);
  }
  delete(): void {
    this.tree.delete();
  }
}

/** Loads web-tree-sitter and the three grammars once, then parses synchronously. */
export async function createWasmBackend(locations: WasmLocations): Promise<ParserBackend> {
  await Parser.init({ locateFile: () => locations.runtimeWasm });
  const grammars: GrammarId[] = ['c_sharp', 'powershell', 'xml'];
  const parsers = new Map<GrammarId, Parser>();
  for (const grammar of grammars) {
    const language = await Language.load(`${locations.grammarDir}/tree-sitter-${grammar}.wasm`);
    const parser = new Parser();
    parser.setLanguage(language);
    parsers.set(grammar, parser);
  }
  return {
    name: 'wasm',
    parse(grammar: GrammarId, text: string, previous?: SyntaxTree): SyntaxTree {
      const parser = parsers.get(grammar);
      if (!parser) {
        throw new Error(`no grammar ${grammar}`);
      }
      const old = previous instanceof WasmTree ? previous.tree : null;
      const tree = parser.parse(text, old);
      if (!tree) {
        throw new Error(`tree-sitter returned no tree for ${grammar}`);
      }
      return new WasmTree(tree);
    },
  };
}
