import { GrammarId, fileKindOf, grammarOf } from '../engine/model/fileKind';
import { ParserBackend } from '../engine/parsing/parserPort';

/**
 * Loads the grammar a file is parsed with, if it has one, before the server parses it synchronously: the server's
 * backend loads the C# (5 MB of wasm) and PowerShell grammars on demand, as the CLI's scan does (XML is always loaded),
 * so a workspace without scripts never compiles PowerShell's and the server answers `initialize` without either.
 */
export function grammarReady(parser: ParserBackend, path: string): Promise<void> {
  const grammar = grammarOf(fileKindOf(path));
  return grammar ? parser.prepare(grammar) : Promise.resolve();
}

/**
 * The server's backend, logging the first time each grammar is ready and how long its first `prepare` waited
 * (`grammar c_sharp ready (41 ms)`): when a grammar is loaded is part of what a start-up costs.
 */
export function loggingGrammarLoads(backend: ParserBackend, log: (message: string) => void): ParserBackend {
  const ready = new Set<GrammarId>();
  return {
    name: backend.name,
    parse: (grammar, text, previous) => backend.parse(grammar, text, previous),
    prepare: async (grammar) => {
      const started = performance.now();
      await backend.prepare(grammar);
      if (!ready.has(grammar)) {
        ready.add(grammar);
        log(`grammar ${grammar} ready (${Math.round(performance.now() - started)} ms)`);
      }
    },
  };
}
