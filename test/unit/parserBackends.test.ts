import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { GrammarId } from '../../server/src/engine/model/fileKind';
import { ParserBackendName, SyntaxNode } from '../../server/src/engine/parsing/parserPort';
import { LineIndex } from '../../server/src/engine/text/lineIndex';
import { RULE_FIXTURES, backend, scanFolder, toGolden } from '../support/engineHarness';

const SAMPLES: Record<GrammarId, string> = {
  c_sharp: 'using System.Net;\nclass A {\n  void M() {\n    ServicePointManager.SecurityProtocol |= SecurityProtocolType.Tls12; // é\n  }\n}\n',
  powershell: '[System.Net.ServicePointManager]::SecurityProtocol = [System.Net.SecurityProtocolType]::Tls12\n$c = Get-CrmConnection -InteractiveMode # é\n',
  xml: '<?xml version="1.0"?>\n<Project Sdk="Microsoft.NET.Sdk">\n  <!-- é -->\n  <PropertyGroup><TargetFramework>net48</TargetFramework></PropertyGroup>\n</Project>\n',
};
const BACKENDS: ParserBackendName[] = ['wasm', 'native'];

function shape(node: SyntaxNode): string {
  const parts: string[] = [];
  const visit = (n: SyntaxNode): void => {
    parts.push(`${n.type}@${n.startIndex}-${n.endIndex}`);
    for (const c of n.namedChildren) {
      if (c) {
        visit(c);
      }
    }
  };
  visit(node);
  return parts.join(' ');
}

describe('parser backends', () => {
  for (const grammar of Object.keys(SAMPLES) as GrammarId[]) {
    it(`${grammar}: loads in both backends and gives the same tree with UTF-16 offsets`, async () => {
      const text = SAMPLES[grammar];
      const trees = await Promise.all(BACKENDS.map(async (name) => (await backend(name)).parse(grammar, text)));
      const [wasm, native] = trees.map((t) => shape(t.rootNode));
      assert.ok(!trees[0]?.rootNode.hasError, `${grammar} sample parses without errors`);
      assert.equal(native, wasm);
      assert.equal(trees[0]?.rootNode.endIndex, text.length, 'offsets count UTF-16 code units');
      trees.forEach((t) => t.delete());
    });

    it(`${grammar}: an incremental reparse after tree.edit() equals a fresh parse, in both backends`, async () => {
      const text = SAMPLES[grammar];
      const at = text.indexOf('é');
      const inserted = 'xyz\r\n  ';
      const next = text.slice(0, at) + inserted + text.slice(at + 1);
      for (const name of BACKENDS) {
        const b = await backend(name);
        const old = b.parse(grammar, text);
        const lines = new LineIndex(text);
        const start = lines.positionAt(at);
        const end = lines.positionAt(at + 1);
        const after = new LineIndex(next).positionAt(at + inserted.length);
        old.edit({
          startIndex: at,
          oldEndIndex: at + 1,
          newEndIndex: at + inserted.length,
          startPosition: { row: start.line, column: start.character },
          oldEndPosition: { row: end.line, column: end.character },
          newEndPosition: { row: after.line, column: after.character },
        });
        const incremental = b.parse(grammar, next, old);
        const fresh = b.parse(grammar, next);
        assert.equal(shape(incremental.rootNode), shape(fresh.rootNode), name);
        [old, incremental, fresh].forEach((t) => t.delete());
      }
    });
  }

  it('every rule fixture gives identical findings with the wasm and the native backend', async () => {
    let compared = 0;
    for (const rule of readdirSync(RULE_FIXTURES)) {
      for (const name of readdirSync(join(RULE_FIXTURES, rule))) {
        const workspace = join(RULE_FIXTURES, rule, name, 'workspace');
        const [wasm, native] = await Promise.all([scanFolder(workspace, 'wasm'), scanFolder(workspace, 'native')]);
        assert.deepEqual(toGolden(native.result.findings, native.result.baseDir), toGolden(wasm.result.findings, wasm.result.baseDir), `${rule}/${name}`);
        compared++;
      }
    }
    assert.ok(compared >= 10, `compared ${compared} fixture workspaces`);
  });
});
