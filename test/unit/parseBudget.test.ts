import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ParseBudgetExceeded, ParserBackendName, parseBudgetMs } from '../../server/src/engine/parsing/parserPort';
import { backend, scanFolder } from '../support/engineHarness';
import { slowToParse } from '../support/slowToParse';

describe('parse budget: tree-sitter’s slow error recovery ends in "too complex to analyse", never a hang', () => {
  it('the budget grows with the text (2 s plus 10 ms per KB)', () => {
    assert.equal(parseBudgetMs(0), 2000);
    assert.equal(parseBudgetMs(100 * 1024), 3000);
    assert.equal(parseBudgetMs(2048 * 1024), 22_480);
  });

  for (const name of ['wasm', 'native'] as ParserBackendName[]) {
    for (const doc of slowToParse()) {
      it(`${name}: ${doc.name} is given up, and the parser then parses the next text afresh`, async () => {
        const parser = await backend(name);
        assert.throws(
          () => parser.parse(doc.grammar, doc.text),
          (e: unknown) => e instanceof ParseBudgetExceeded && /too complex to analyse \(parsing it takes more than \d+\.\d s\)/.test(e.reason),
        );
        // A cancelled parse must not resume on the next call (it would mix the two texts).
        const tree = parser.parse(doc.grammar, doc.grammar === 'c_sharp' ? 'class Fine { }\n' : '$fine = 1\n');
        assert.equal(tree.rootNode.hasError, false);
        assert.equal(tree.rootNode.text.trim(), doc.grammar === 'c_sharp' ? 'class Fine { }' : '$fine = 1');
        tree.delete();
      });
    }
  }

  it('a scan lists such a file as skipped (too complex to analyse, run incomplete) and still analyses the others', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dtls-parse-budget-'));
    const [cs] = slowToParse();
    writeFileSync(join(dir, 'Slow.cs'), cs?.text ?? '');
    writeFileSync(join(dir, 'App.csproj'), '<Project ToolsVersion="15.0"><PropertyGroup><OutputType>Exe</OutputType><TargetFrameworkVersion>v4.5.2</TargetFrameworkVersion></PropertyGroup></Project>\n');
    const { result } = await scanFolder(dir);
    const skipped = result.skipped.find((s) => s.path.endsWith('/Slow.cs'));
    assert.ok(skipped, JSON.stringify(result.skipped));
    assert.match(skipped.reason, /^too complex to analyse \(parsing it takes more than/);
    assert.equal(skipped.incomplete, true);
    assert.ok(result.findings.some((f) => f.path.endsWith('/App.csproj') && f.ruleId === 'TLS001'), 'the project is still judged');
  });
});
