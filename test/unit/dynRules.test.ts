import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { applyTextEdits } from '../../server/src/engine/text/edits';
import { maskCsharp, maskPowerShell } from '../../server/src/engine/text/codeMask';
import { adalUses } from '../../server/src/engine/csharp/adalUses';
import { csharpEndpointCalls, powershellEndpointCalls } from '../../server/src/engine/project/soapEndpoints';
import { RULE_FIXTURES, listFiles, scanFolder } from '../support/engineHarness';

/**
 * DYN103–DYN105 beyond their fixture goldens (test/unit/ruleFixtures.test.ts): DYN103's quick fix applied to real
 * files, the cases where it must not be offered, its rename blockers, and the code mask the rules read.
 */
const update = process.env.UPDATE_GOLDENS === '1';

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
    assert.equal(adalUses('using Microsoft.Crm.Sdk.Messages;\nnamespace Contoso.CrmSync\n{ class A { void M(CrmServiceClient c) { var e = c.LastCrmError; } } }', usings).renameBlocker, undefined);
    assert.match(adalUses('class A { void M(CrmServiceClient c) { var id = c.GetMyCrmUserId(); } }', usings).renameBlocker ?? '', /GetMyCrmUserId/);
    assert.match(adalUses('class A { ServiceClient s; CrmServiceClient c; }', usings).renameBlocker ?? '', /another type named ServiceClient/);
  });
});

describe('DYN104 endpoint search', () => {
  it('finds the endpoint in any letter case, and nothing in a text without it (a /2011/ elsewhere included)', () => {
    const csharp = 'class A { void M(HttpClient h) { h.GetStringAsync("https://contoso.crm.dynamics.com/xrmservices/2011/organizationdata.svc/AccountSet"); } }';
    assert.deepEqual(csharpEndpointCalls(csharp).map((c) => c.endpoint), ['odata2']);
    assert.deepEqual(powershellEndpointCalls('Invoke-RestMethod -Uri "https://contoso.crm.dynamics.com/XRMSERVICES/2011/Organization.svc/web"').map((c) => c.endpoint), ['soap2011']);
    assert.deepEqual(csharpEndpointCalls(csharp.replace('/xrmservices/2011/', '/xrmservices/2016/')), []);
    assert.deepEqual(csharpEndpointCalls('class A { void M(HttpClient h) { h.GetStringAsync("https://example.com/archive/2011/index.svc"); } }'), []);
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
