import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { addRuleForTests } from '../../server/src/engine/engine';
import { ruleById } from '../../server/src/engine/rules/registry';
import { dyn103 } from '../../server/src/engine/rules/dyn103';
import { dyn104 } from '../../server/src/engine/rules/dyn104';
import { dyn105 } from '../../server/src/engine/rules/dyn105';
import { applyTextEdits } from '../../server/src/engine/text/edits';
import { maskCsharp, maskPowerShell } from '../../server/src/engine/text/codeMask';
import { adalUses } from '../../server/src/engine/csharp/adalUses';
import { GoldenFinding, RULE_FIXTURES, listFiles, readJson, scanFolder, toGolden } from '../support/engineHarness';

/**
 * DYN103–DYN105 (docs/rules/DYN103.md …): their quick fix applied to real files, the code mask they read, and — while
 * the rules are not yet in the registry — their fixture goldens (test/unit/ruleFixtures.test.ts takes over once they are).
 */
const update = process.env.UPDATE_GOLDENS === '1';
const OWN = [dyn103, dyn104, dyn105];
for (const rule of OWN) {
  if (!ruleById(rule.meta.id)) {
    addRuleForTests(rule);
  }
}

describe('DYN103 quick fix: CrmServiceClient → ServiceClient with the package move', () => {
  it('renames code only, replaces the using and moves the PackageReference, keeping every other byte (CRLF project)', async () => {
    const caseDir = join(RULE_FIXTURES, 'DYN103', 'positive-packagereference-online');
    const workspace = join(caseDir, 'workspace');
    const { result } = await scanFolder(workspace);
    const finding = result.findings.find((f) => f.ruleId === 'DYN103' && f.path.endsWith('Program.cs'));
    const fix = finding?.fixes[0];
    assert.ok(fix, 'the code finding offers the quick fix');
    assert.equal(fix.safe, false, 'never bulk-safe: it changes the package and the code together');
    const fixedDir = join(caseDir, 'quickfix');
    const after = fix.changes.map((c) => ({ rel: relative(workspace, c.path), text: applyTextEdits(readFileSync(c.path, 'utf8'), c.edits) }));
    if (update) {
      for (const { rel, text } of after) {
        mkdirSync(dirname(join(fixedDir, rel)), { recursive: true });
        writeFileSync(join(fixedDir, rel), text);
      }
    }
    assert.deepEqual(after.map((a) => a.rel).sort(), listFiles(fixedDir));
    for (const { rel, text } of after) {
      assert.equal(text, readFileSync(join(fixedDir, rel), 'utf8'), `${rel} after the quick fix`);
    }
  });

  it('offers no fix where the move is not mechanical: packages.config, a target below 4.6.2, on-premises', async () => {
    for (const name of ['positive-packages-config', 'positive-old-target-no-fix', 'positive-on-premises-information']) {
      const { result } = await scanFolder(join(RULE_FIXTURES, 'DYN103', name, 'workspace'));
      const own = result.findings.filter((f) => f.ruleId === 'DYN103');
      assert.ok(own.length > 0, name);
      assert.deepEqual(own.flatMap((f) => f.fixes), [], name);
    }
  });
});

describe('DYN103 rename blockers', () => {
  const usings = { namespaces: new Set<string>(), aliases: new Map<string, string>(), staticTypes: [], plain: [] };
  it('a member spelt with Crm other than LastCrmError/LastCrmException blocks the rename; a Microsoft.Crm namespace does not', () => {
    assert.equal(adalUses('using Microsoft.Crm.Sdk.Messages; class A { void M(CrmServiceClient c) { var e = c.LastCrmError; } }', usings).renameBlocker, undefined);
    assert.match(adalUses('class A { void M(CrmServiceClient c) { var id = c.GetMyCrmUserId(); } }', usings).renameBlocker ?? '', /GetMyCrmUserId/);
    assert.match(adalUses('class A { ServiceClient s; CrmServiceClient c; }', usings).renameBlocker ?? '', /another type named ServiceClient/);
  });
});

describe('code mask', () => {
  it('C#: comments become spaces, string insides x, offsets unchanged', () => {
    const text = 'var a = "CrmServiceClient"; // CrmServiceClient\nvar b = @"x""y"; /* c */ CrmServiceClient c = $"{a}";\nchar q = \'"\';';
    const { code, literals } = maskCsharp(text);
    assert.equal(code.length, text.length);
    assert.equal(code.match(/CrmServiceClient/g)?.length, 1);
    assert.deepEqual(literals.map((l) => l.value), ['CrmServiceClient', 'x""y', '{a}']);
  });
  it('PowerShell: # and <# #> comments, quoted and here-strings', () => {
    const text = '<# Invoke-WebRequest #>\n$u = "a`"b" # Invoke-RestMethod\n$h = @"\nInvoke-WebRequest\n"@\nInvoke-WebRequest -Uri $u';
    const { code, literals } = maskPowerShell(text);
    assert.equal(code.length, text.length);
    assert.equal(code.match(/Invoke-/g)?.length, 1);
    assert.deepEqual(literals.map((l) => l.value), ['a`"b', 'Invoke-WebRequest\n']);
  });
});

describe('DYN103–DYN105 fixtures (until the rules are registered)', () => {
  for (const rule of OWN.filter((r) => !ruleById(r.meta.id))) {
    const id = rule.meta.id;
    const dir = join(RULE_FIXTURES, id);
    const names = existsSync(dir) ? readdirSync(dir).filter((n) => /^(positive|negative)-/.test(n)).sort() : [];
    for (const name of names) {
      it(`${id} ${name}`, async () => {
        const { result } = await scanFolder(join(dir, name, 'workspace'));
        const actual = toGolden(result.findings.filter((f) => f.ruleId === id), result.baseDir);
        const goldenPath = join(dir, name, 'expected.json');
        if (update) {
          writeFileSync(goldenPath, JSON.stringify(actual, null, 2) + '\n');
        }
        assert.deepEqual(actual, readJson<GoldenFinding[]>(goldenPath));
        assert.equal(actual.length > 0, name.startsWith('positive-'));
      });
    }
  }
});
