import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { decodeXmlText } from '../../server/src/engine/parsing/xmlModel';
import { PropertyTable } from '../../server/src/engine/project/projectModel';
import { parseRegFile } from '../../server/src/engine/regfile/regParser';
import { xmlNestingDepth } from '../../server/src/engine/text/complexity';
import { scanFolder } from '../support/engineHarness';
import { HostileDocument, dodgingNesting, hostileDocuments, longContinuationReg, propertyExpansionProject } from '../support/hostileDocuments';

/** A folder holding one hostile document (a C# file gets an exe project beside it, so that its rules run). */
export function folderWith(doc: HostileDocument): string {
  const dir = mkdtempSync(join(tmpdir(), 'dtls-budget-'));
  writeFileSync(join(dir, doc.file), doc.text);
  if (doc.file.endsWith('.cs')) {
    writeFileSync(join(dir, 'App.csproj'), '<Project ToolsVersion="15.0"><PropertyGroup><OutputType>Exe</OutputType><TargetFrameworkVersion>v4.6.2</TargetFrameworkVersion></PropertyGroup></Project>\n');
  }
  return dir;
}

describe('bounded work: each of issue 18’s reproductions is analysed quickly, and a budget exceeded is said, never guessed', () => {
  for (const doc of hostileDocuments()) {
    it(doc.name, async () => {
      const t0 = Date.now();
      const { result } = await scanFolder(folderWith(doc));
      const ms = Date.now() - t0;
      // On the old main these crashed (RangeError) or ran for minutes; 10 s leaves room for a loaded 2-core machine.
      assert.ok(ms < 10_000, `took ${ms} ms`);
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
      const text = propertyExpansionProject(levels, refs);
      const table = tableOf(text);
      const t0 = Date.now();
      const out = table.expand(`$(P${levels})`);
      assert.ok(Date.now() - t0 < 1000, `${levels}×${refs}`);
      assert.ok('tooComplex' in out, `${levels}×${refs} is too complex`);
    }
    assert.deepEqual(tableOf(propertyExpansionProject(2, 3)).expand('$(P2)'), { value: 'v4.5'.repeat(9) });
    const self = new PropertyTable([{ path: '/p', properties: [{ name: 'TargetFrameworks', value: '$(TargetFrameworks);net48' }] } as never]);
    assert.deepEqual(self.expand('$(TargetFrameworks)'), { value: '$(TargetFrameworks);net48' });
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

/** The property table of a project text, built as the index builds it. */
function tableOf(text: string): PropertyTable {
  const properties = [...text.matchAll(/<(P\d+)>([^<]*)<\/\1>/g)].map((m) => ({ name: m[1], value: m[2] }));
  return new PropertyTable([{ path: '/p', properties } as never]);
}
