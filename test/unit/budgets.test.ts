import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ConstEvaluator, EvalScope, MAX_FOLD_STEPS, TOO_COMPLEX_TO_FOLD } from '../../server/src/engine/csharp/constEval';
import { SyntaxNode } from '../../server/src/engine/parsing/parserPort';
import { decodeXmlText } from '../../server/src/engine/parsing/xmlModel';
import { PropertyTable } from '../../server/src/engine/project/projectModel';
import { parseRegFile } from '../../server/src/engine/regfile/regParser';
import { xmlNestingDepth } from '../../server/src/engine/text/complexity';
import { backend, scanFolder } from '../support/engineHarness';
import { HostileDocument, dodgingNesting, doublingConstants, hostileDocuments, longContinuationReg, propertyExpansionProject } from '../support/hostileDocuments';

/** A folder holding one hostile document (a C# file gets an exe project beside it, so that its rules run). */
export function folderWith(doc: HostileDocument): string {
  const dir = mkdtempSync(join(tmpdir(), 'dtls-budget-'));
  writeFileSync(join(dir, doc.file), doc.text);
  if (doc.file.endsWith('.cs')) {
    writeFileSync(join(dir, 'App.csproj'), '<Project ToolsVersion="15.0"><PropertyGroup><OutputType>Exe</OutputType><TargetFrameworkVersion>v4.6.2</TargetFrameworkVersion></PropertyGroup></Project>\n');
  }
  return dir;
}

describe('bounded work: each of issue 18’s reproductions is analysed within a budget, and a budget exceeded is said, never guessed', () => {
  for (const doc of hostileDocuments()) {
    it(doc.name, async () => {
      // On the old main these crashed (RangeError) or ran for minutes; now each stops at a bound its finding or skip names.
      const { result } = await scanFolder(folderWith(doc));
      const said = [...result.findings.map((f) => f.message), ...result.skipped.map((s) => s.reason)];
      if (doc.said !== undefined) {
        assert.ok(said.some((m) => m.includes(doc.said ?? '')), `"${doc.said}" in ${JSON.stringify(said)}`);
      }
      if (doc.tooComplexRule) {
        const said = result.findings.find((f) => f.ruleId === doc.tooComplexRule && /too complex to analyse/.test(f.message));
        assert.ok(said, `a ${doc.tooComplexRule} finding saying the value is too complex: ${JSON.stringify(result.findings.map((f) => [f.ruleId, f.message]))}`);
        assert.equal(said.severity, 'information');
      }
    });
  }

  it('a character reference XML forbids stays as written; allowed ones decode', () => {
    assert.equal(decodeXmlText('a&#x110000;b&#99999999;c&#0;'), 'a&#x110000;b&#99999999;c&#0;');
    assert.equal(decodeXmlText('&#x10FFFF;&#65;&#xD800;&amp;'), '\u{10FFFF}A&#xD800;&');
  });

  it('property expansion stops at its budget however the references multiply, and a self-reference is left as written', () => {
    for (const [levels, refs] of [[8, 10], [30, 2], [3, 1000]]) {
      const reads = { count: 0 };
      const table = tableOf(propertyExpansionProject(levels, refs), reads);
      const out = table.expand(`$(P${levels})`);
      assert.ok('tooComplex' in out, `${levels}×${refs} is too complex`);
      // Each reference followed reads one definition: the budget of 1,000 references bounds the work (naively 10^8).
      assert.ok(reads.count <= 1_001, `${levels}×${refs}: ${reads.count} definitions read`);
    }
    assert.deepEqual(tableOf(propertyExpansionProject(2, 3)).expand('$(P2)'), { value: 'v4.5'.repeat(9) });
    const self = new PropertyTable([{ path: '/p', properties: [{ name: 'TargetFrameworks', value: '$(TargetFrameworks);net48' }] } as never]);
    assert.deepEqual(self.expand('$(TargetFrameworks)'), { value: '$(TargetFrameworks);net48' });
  });

  it('constant folding stops at its step budget however the constants double: each step looks up at most one definition', async () => {
    const text = doublingConstants(26);
    const root = (await backend()).parse('c_sharp', text).rootNode;
    const definitions = new Map<string, SyntaxNode>();
    for (const d of descendants(root, 'variable_declarator')) {
      const [name, value] = [d.namedChildren[0], d.namedChildren[d.namedChildren.length - 1]];
      if (name && value && name !== value) {
        definitions.set(name.text, value);
      }
    }
    const lookups = { count: 0 };
    const scope: EvalScope = {
      expandAlias: (t) => t,
      staticEnums: [],
      definitionOf: (_use, name) => countedRead(lookups, definitions.get(name) ?? { reason: `${name} is not a constant` }),
    };
    const written = descendants(root, 'cast_expression')[0];
    assert.ok(written);
    const value = new ConstEvaluator(scope).evaluate(written);
    assert.deepEqual(value.kind === 'unknown' ? value.reason : value, TOO_COMPLEX_TO_FOLD);
    // Naively 2^26 lookups; the budget of 10,000 steps bounds them.
    assert.ok(lookups.count <= MAX_FOLD_STEPS, `${lookups.count} definitions looked up`);
  });

  it('a .reg value over the continuation budget is consumed but not analysed; a long real one still is', () => {
    const huge = parseRegFile(longContinuationReg(30_000)).keys[0]?.values[0];
    assert.match(huge?.tooComplex ?? '', /more than 10000 lines/);
    const fine = parseRegFile(longContinuationReg(500)).keys[0]?.values[0];
    assert.equal(fine?.tooComplex, undefined);
    assert.equal(fine?.type, 'hex');
    assert.equal(fine?.data.length, 'hex:01,'.length + 500 * 3 + 2);
  });

  it('the nesting scan cannot be dodged by /> inside quotes or by stray end tags, and counts real files right', () => {
    assert.ok(xmlNestingDepth(dodgingNesting(600, 'quoted')) > 500);
    assert.ok(xmlNestingDepth(dodgingNesting(600, 'stray')) > 500);
    assert.equal(xmlNestingDepth('<?xml version="1.0"?><a><!-- <b><c> --><b x="1>2"/><c><![CDATA[<d><e>]]></c></a>'), 2);
  });
});

/** The nodes of a type under `root`, in document order. */
function descendants(root: SyntaxNode, type: string): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  const stack = [root];
  for (let n = stack.pop(); n; n = stack.pop()) {
    if (n.type === type) {
      out.push(n);
    }
    stack.push(...n.namedChildren.filter((c): c is SyntaxNode => c !== null).reverse());
  }
  return out;
}

/**
 * The property table of a project text, built as the index builds it; with `reads`, each read of a definition's value
 * is counted, and reading far past any budget throws so that a lost budget fails at once instead of running for minutes.
 */
function tableOf(text: string, reads?: { count: number }): PropertyTable {
  const properties = [...text.matchAll(/<(P\d+)>([^<]*)<\/\1>/g)].map((m) => {
    const value = m[2] ?? '';
    return reads ? { name: m[1], get value(): string { return countedRead(reads, value); } } : { name: m[1], value };
  });
  return new PropertyTable([{ path: '/p', properties } as never]);
}

/** Counts one unit of work and returns `value`; past 100,000 units the work is unbounded: throws. */
function countedRead<T>(reads: { count: number }, value: T): T {
  if (++reads.count > 100_000) {
    throw new Error('more than 100,000 reads: the budget no longer bounds the work');
  }
  return value;
}
