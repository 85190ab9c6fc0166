import assert from 'node:assert/strict';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { emptyScanStats } from '../../server/src/engine/scan/scanStats';
import { REPO_ROOT } from '../support/engineHarness';
import { allFixtureWorkspaces, scanAsText } from '../support/scanWorkspaces';

/** The fixture whose generated files the gate deliberately leaves out (its own test below shows the difference). */
const GENERATED = join(REPO_ROOT, 'test', 'fixtures', 'scan', 'generated-code', 'workspace');
/** A data contract naming the 2011 schema next to a call of the 2011 endpoint spelt in lower case. */
const EVIDENCE_WORDS = join(REPO_ROOT, 'test', 'fixtures', 'scan', 'evidence-words', 'workspace');
/** An on-premises connection string spelt in lower case in a const, and ADAL's namespace with spaces around its dots. */
const EVIDENCE_CASE = join(REPO_ROOT, 'test', 'fixtures', 'scan', 'evidence-case', 'workspace');
/** A console app that creates a class deriving (through another workspace class) from CrmServiceClient, in files naming no SDK type. */
const SUBCLASS_CREATION = join(REPO_ROOT, 'test', 'fixtures', 'scan', 'subclass-creation', 'workspace');
/** A plug-in next to files whose names only start with a base word (`IPluginExecutionContext`, `CodeActivityContext`). */
const WHOLE_WORDS = join(REPO_ROOT, 'test', 'fixtures', 'scan', 'whole-words', 'workspace');

describe('the scan gate (parse only where a rule can fire)', () => {
  it('gives the same findings, skipped files and suppressions with the gate on and off, on every fixture and conformance case', async () => {
    const workspaces = allFixtureWorkspaces().filter((w) => w !== GENERATED);
    assert.ok(workspaces.length > 100, `only ${workspaces.length} workspaces found`);
    const differ: string[] = [];
    for (const ws of workspaces) {
      const gated = await scanAsText(ws);
      const ungated = await scanAsText(ws, { gate: false });
      if (gated !== ungated) {
        differ.push(relative(REPO_ROOT, ws));
      }
    }
    assert.deepEqual(differ, []);
  });

  it('reads again the files that name a workspace client type (known only after the first pass), through a chain of derived classes', async () => {
    const gated = await scanAsText(SUBCLASS_CREATION);
    assert.equal(gated, await scanAsText(SUBCLASS_CREATION, { gate: false }));
    assert.match(gated, /Program\.cs.*TLS027|TLS027.*Program\.cs/, 'the creation of AuditedClient on 4.5.2 is reported');
  });

  it('leaves files out for the reasons it gives, and parses fewer files than with the gate off', async () => {
    const on = emptyScanStats();
    const off = emptyScanStats();
    await scanAsText(GENERATED, { stats: on });
    await scanAsText(GENERATED, { gate: false, stats: off });
    assert.equal(on.left['no trigger word'], 1);
    assert.equal(on.left['generated code without a protocol write or switch'], 2);
    assert.equal(off.left['no trigger word'], undefined);
    assert.equal(on.preChecked, off.preChecked);
    assert.ok((on.parsed.c_sharp ?? 0) < (off.parsed.c_sharp ?? 0), JSON.stringify({ on: on.parsed, off: off.parsed }));
  });

  it('counts the base words (IPlugin, CodeActivity, Cmdlet, …) only as whole words, as the class facts find them', async () => {
    const on = emptyScanStats();
    const off = emptyScanStats();
    const gated = await scanAsText(WHOLE_WORDS, { stats: on });
    assert.equal(gated, await scanAsText(WHOLE_WORDS, { gate: false, stats: off }));
    // ContextExtensions.cs and StepBase.cs name only longer types; Notes.cs holds IPlugin as a word (in a comment).
    assert.equal(on.left['no trigger word'], 2);
    assert.equal(on.parsed.c_sharp, 2);
    assert.equal(off.parsed.c_sharp, 4);
    // The plug-in class is still found: its project is judged as a plug-in assembly, the other one as a library.
    assert.match(gated, /Plug-in assembly targets/);
    assert.match(gated, /Class library targets/);
  });

  it('looks for the 2011 endpoint\'s path in any case, as DYN104 reads it, and not for any /2011/', async () => {
    const on = emptyScanStats();
    const gated = await scanAsText(EVIDENCE_WORDS, { stats: on });
    assert.equal(gated, await scanAsText(EVIDENCE_WORDS, { gate: false }));
    // Contracts.cs names only the 2011 schema; LegacyReader.cs calls /xrmservices/2011/organizationdata.svc.
    assert.equal(on.left['no trigger word'], 1);
    assert.equal(on.parsed.c_sharp, 1);
    assert.match(gated, /DYN104.*LegacyReader\.cs/);
  });

  it('looks for connection-string keys and Dynamics hosts in any case, and for ADAL\'s namespace however its dots are spaced, as their readers do', async () => {
    const on = emptyScanStats();
    const gated = await scanAsText(EVIDENCE_CASE, { stats: on });
    assert.equal(gated, await scanAsText(EVIDENCE_CASE, { gate: false }));
    // Settings.cs holds only `authtype=ad;…` and TokenCache.cs only `Microsoft . IdentityModel . Clients …`: both parsed.
    assert.equal(on.left['no trigger word'] ?? 0, 0);
    assert.equal(on.parsed.c_sharp, 3);
    // The lower-case key is the project's on-premises evidence: information, not the errors of an online client.
    const findings = (JSON.parse(gated) as { findings: string[] }).findings.map((x) => JSON.parse(x) as { ruleId: string; severity: string; path: string });
    assert.deepEqual([...new Set(findings.map((f) => f.severity))], ['information']);
    assert.ok(findings.some((f) => f.ruleId === 'TLS027'));
    assert.ok(findings.some((f) => f.ruleId === 'DYN103' && f.path.endsWith('TokenCache.cs')));
  });

  it('analyses generated code only when it holds a protocol write or switch (the intended difference)', async () => {
    const gated = JSON.parse(await scanAsText(GENERATED)) as { findings: string[] };
    const ungated = JSON.parse(await scanAsText(GENERATED, { gate: false })) as { findings: string[] };
    const files = (xs: string[]): string[] => [...new Set(xs.map((x) => (JSON.parse(x) as { path: string }).path.split('/').pop() ?? ''))].sort();
    // The write in the generated file with a SecurityProtocol line is judged either way…
    assert.deepEqual(files(gated.findings), ['App.csproj', 'Settings.g.cs']);
    // …the client creations in the other generated files only without the gate (TLS027 at the first, the other related;
    // DYN103 on the generated context's CrmServiceClient).
    assert.deepEqual(files(ungated.findings), ['App.csproj', 'Proxy.Designer.cs', 'ServiceContext.cs', 'Settings.g.cs']);
    const mentions = (xs: string[], name: string): boolean => xs.some((x) => x.includes(name));
    assert.equal(mentions(gated.findings, 'ServiceContext.cs') || mentions(gated.findings, 'Proxy.Designer.cs'), false);
    assert.equal(mentions(ungated.findings, 'ServiceContext.cs'), true);
  });
});
