import { addRuleForTests, createAnalyzer } from '../../server/src/engine/engine';
import { bodyGroups } from '../../server/src/engine/csharp/bodyGroups';
import { csharpInput } from '../../server/src/engine/csharp/ruleSupport';
import { DocumentStore } from '../../server/src/lsp/documentStore';
import { backend } from './engineHarness';

/**
 * Run with `--expose-gc` by test/unit/youngGarbage.test.ts: types and deletes characters in a C# file of the size the
 * keystroke benchmark uses, as the language server does (the document store's change, its parse, the file's facts and
 * its analysis), with a young-generation collection every few keystrokes, and prints as JSON how many bytes each
 * collection moved into the old generation. What a keystroke's analysis made is garbage a few keystrokes later; when
 * V8's scavenger keeps it anyway (a weak reference it treats as strong), the next collection copies it into the old
 * generation, and every keystroke leaves its whole analysis there until a full collection.
 */
const PROJECT = '<Project Sdk="Microsoft.NET.Sdk">\n  <PropertyGroup>\n    <OutputType>Exe</OutputType>\n    <TargetFramework>net452</TargetFramework>\n  </PropertyGroup>\n</Project>\n';

/** Worker classes with protocol writes, a pinned write and a client creation now and then, comments and loops. */
function source(classes: number): string {
  const out = ['using System;', 'using System.Net;', 'using Microsoft.Xrm.Tooling.Connector;', '', 'namespace Contoso.Big', '{'];
  for (let n = 0; n < classes; n++) {
    out.push(`    internal class Worker${n}`, '    {', `        private const SecurityProtocolType Legacy${n} = SecurityProtocolType.Tls | SecurityProtocolType.Tls11;`);
    for (let m = 0; m < 4; m++) {
      out.push(`        // Method ${m} of worker ${n}.`, `        public int Run${m}(string connectionString, int count)`, '        {', '            var total = 0;');
      out.push('            for (var i = 0; i < count; i++)', '            {', `                total += i * ${m + 1};`, '            }');
      if (m === 0) {
        out.push('            ServicePointManager.SecurityProtocol |= SecurityProtocolType.Tls12;');
      } else if (m === 1 && n % 5 === 0) {
        out.push(`            ServicePointManager.SecurityProtocol = Legacy${n};`, '            var client = new CrmServiceClient(connectionString);');
      }
      out.push('            return total;', '        }');
    }
    out.push('    }');
  }
  out.push('}', '');
  return out.join('\n');
}

/** The bytes of the marker each keystroke's line index, C# model and body groups carry (64 KB, outside the JS heap). */
const MARK = 64 * 1024;
const MARKED = Symbol('young garbage marker');

/** Hangs a marker on `o` once: an ArrayBuffer is freed when the collection that finds `o` dead runs, young or full. */
function mark(o: object): void {
  const holder = o as { [MARKED]?: ArrayBuffer };
  holder[MARKED] ??= new ArrayBuffer(MARK);
}

/** A rule that reports nothing and marks what its analysis made: the line index, the C# model and its body groups. */
addRuleForTests({
  meta: { id: 'TLS998', title: 'Test-only rule that marks', defaultSeverity: 'information', kinds: ['csharp'], hasSafeFix: false, summary: 'Marks each analysis.' },
  check(ctx) {
    mark(ctx.lines);
    const input = csharpInput(ctx);
    if (input) {
      mark(input.model);
      mark(bodyGroups(input.model));
    }
  },
});

async function main(): Promise<void> {
  const collect = (globalThis as { gc?: (options: { type: 'minor' | 'major' }) => void }).gc;
  if (!collect) {
    throw new Error('run with --expose-gc');
  }
  const path = '/bench/Big/Program.cs';
  const uri = 'file:///bench/Big/Program.cs';
  const analyzer = createAnalyzer(await backend());
  analyzer.index.upsert({ path: '/bench/Big/Big.csproj', text: PROJECT });
  const documents = new DocumentStore(analyzer.parser);
  const text = source(80);
  documents.open(uri, path, 1, text);
  const keystroke = (): void => {
    const doc = documents.prepare(uri, 10_000);
    if (!doc) {
      throw new Error('the document is not open');
    }
    analyzer.updateFacts(path, doc.text, doc.tree);
    analyzer.analyze(path, doc.text, { tree: doc.tree });
  };
  keystroke();
  // Type a digit into one method's loop and delete it again, a different method each time; a young-generation
  // collection every GROUP keystrokes (the benchmark's scavenges come about every twelve), after a full one once warm.
  const GROUP = 16;
  const offsets = [...text.matchAll(/var total = 0;/g)].map((m) => (m.index ?? 0) + 12).filter((_, i) => i % 2 === 0);
  const markersAfter: number[] = [];
  let version = 1;
  let base = 0;
  for (const [round, offset] of offsets.entries()) {
    for (const typed of [true, false]) {
      const current = documents.get(uri)?.text ?? '';
      const lines = current.slice(0, offset).split('\n');
      const position = { line: lines.length - 1, character: (lines[lines.length - 1] ?? '').length };
      const end = typed ? position : { line: position.line, character: position.character + 1 };
      version++;
      documents.change(uri, version, [{ range: { start: position, end }, text: typed ? '1' : '' }]);
      keystroke();
      if (round === 8 && !typed) {
        collect({ type: 'major' });
        base = process.memoryUsage().arrayBuffers;
      } else if (version % GROUP === 0) {
        collect({ type: 'minor' });
        if (round > 8) {
          markersAfter.push(Math.round((process.memoryUsage().arrayBuffers - base) / MARK));
        }
      }
    }
  }
  process.stdout.write(`${JSON.stringify({ textLength: text.length, keystrokesPerCollection: GROUP, markersAfter })}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(2);
});
