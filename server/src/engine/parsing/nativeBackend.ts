import { GrammarId } from '../model/fileKind';
import { ParseBudgetExceeded, ParserBackend, SyntaxNode, SyntaxTree, TreeEdit, budgetWatch } from './parserPort';

/** The shape of the native `tree-sitter` package that this backend uses. */
interface NativeTree {
  rootNode: unknown;
  edit(edit: TreeEdit): unknown;
}
interface NativeParser {
  setLanguage(language: unknown): void;
  parse(input: string, oldTree?: NativeTree | null, options?: { bufferSize?: number; progressCallback?: () => boolean }): NativeTree | null | undefined;
  reset(): void;
}
type NativeParserClass = new () => NativeParser;

/** Loads a module that may be ESM (the C# and PowerShell grammars use top-level await) or CommonJS. */
export type ModuleLoader = (specifier: string) => Promise<unknown>;

class NativeSyntaxTree implements SyntaxTree {
  constructor(readonly tree: NativeTree) {}
  get rootNode(): SyntaxNode {
    return this.tree.rootNode as SyntaxNode;
  }
  edit(edit: TreeEdit): void {
    this.tree.edit(edit);
  }
  delete(): void {
    // The native binding's trees are garbage-collected.
  }
}

function defaultExport(mod: unknown): unknown {
  const m = mod as { default?: unknown };
  return m.default ?? mod;
}

/** Loads the native `tree-sitter` binding and grammar packages; fails with a clear message when a binary is missing. */
export async function createNativeBackend(load: ModuleLoader): Promise<ParserBackend> {
  const ParserClass = defaultExport(await load('tree-sitter')) as NativeParserClass;
  const languages = new Map<GrammarId, unknown>();
  // Full file paths: the packages' extension-less "main" makes Node print a deprecation warning on import.
  languages.set('c_sharp', defaultExport(await load('tree-sitter-c-sharp/bindings/node/index.js')));
  languages.set('powershell', defaultExport(await load('tree-sitter-powershell/bindings/node/index.js')));
  const xmlModule = defaultExport(await load('@tree-sitter-grammars/tree-sitter-xml')) as { xml: unknown };
  languages.set('xml', xmlModule.xml);
  const parsers = new Map<GrammarId, NativeParser>();
  for (const [grammar, language] of languages) {
    const parser = new ParserClass();
    parser.setLanguage(language);
    parsers.set(grammar, parser);
  }
  return {
    name: 'native',
    parse(grammar: GrammarId, text: string, previous?: SyntaxTree): SyntaxTree {
      const parser = parsers.get(grammar);
      if (!parser) {
        throw new Error(`no grammar ${grammar}`);
      }
      const old = previous instanceof NativeSyntaxTree ? previous.tree : null;
      // The binding reads the input in chunks of bufferSize; a size above the text avoids a known
      // "Invalid argument" failure on inputs longer than 32 KiB.
      const watch = budgetWatch(text.length);
      const tree = parser.parse(text, old, { bufferSize: text.length * 2 + 1024, progressCallback: () => watch.expired() });
      if (!tree) {
        // A cancelled parse would otherwise resume on the next call, whatever its text.
        parser.reset();
        throw watch.expired() ? new ParseBudgetExceeded(watch.budgetMs) : new Error(`tree-sitter returned no tree for ${grammar}`);
      }
      return new NativeSyntaxTree(tree);
    },
    prepare(): Promise<void> {
      // Every native grammar is loaded with the backend.
      return Promise.resolve();
    },
  };
}
