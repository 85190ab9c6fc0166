import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createAnalyzer } from '../../server/src/engine/engine';
import { Finding } from '../../server/src/engine/model/finding';
import { normalizePath } from '../../server/src/engine/project/paths';
import { applyTextEdits } from '../../server/src/engine/text/edits';
import { backend, scanFolder } from '../support/engineHarness';

const KB = '[System.Net.ServicePointManager]::SecurityProtocol = [System.Net.SecurityProtocolType]::Tls12';
const PS_RULES = new Set(['TLS030', 'TLS031', 'TLS032', 'TLS033']);

/** Analyses one script as the language server does (an open document, nothing else indexed). */
async function analyzeOpen(text: string, path = '/ws/script.ps1'): Promise<Finding[]> {
  const analyzer = createAnalyzer(await backend());
  analyzer.updateFacts(path, text);
  return analyzer.analyze(path, text).filter((f) => PS_RULES.has(f.ruleId));
}

function summary(findings: readonly Finding[]): string[] {
  return findings.map((f) => `${f.ruleId}@${f.range.start.line + 1}:${f.severity}`);
}

describe('PowerShell order analysis', () => {
  it('the KB line before Get-CrmConnection is clean; the call alone is TLS030', async () => {
    assert.deepEqual(summary(await analyzeOpen(`${KB}\n$c = Get-CrmConnection -InteractiveMode\n`)), []);
    assert.deepEqual(summary(await analyzeOpen(`$c = Get-CrmConnection -InteractiveMode\n`)), ['TLS030@1:warning']);
  });

  it('a function is covered when every invocation comes after the top-level line, not when one comes before', async () => {
    const fn = 'function Connect-Org {\n  Get-CrmConnection -InteractiveMode\n}\n';
    assert.deepEqual(summary(await analyzeOpen(`${fn}${KB}\nConnect-Org\n`)), []);
    assert.deepEqual(summary(await analyzeOpen(`${fn}Connect-Org\n${KB}\nConnect-Org\n`)), ['TLS032@5:warning']);
    assert.deepEqual(summary(await analyzeOpen(`${fn}if ($x) { ${KB} }\nConnect-Org\n`)), ['TLS030@2:warning']);
  });

  it('a function that calls another function passes its state on', async () => {
    const text = `function Inner { Get-CrmConnection -InteractiveMode }\nfunction Outer {\n  ${KB}\n  Inner\n}\nOuter\n`;
    assert.deepEqual(summary(await analyzeOpen(text)), []);
  });

  it('a pin without Tls12 before an online call: TLS031 at the pin, TLS030 error at the call', async () => {
    const text = `[Net.ServicePointManager]::SecurityProtocol = 'Tls11'\nGet-CrmConnection -ServerUrl https://contoso.crm.dynamics.com -Credential $c -OrganizationName x\n`;
    assert.deepEqual(summary(await analyzeOpen(text)), ['TLS031@1:error', 'TLS030@2:error']);
  });

  it('ForEach-Object script blocks inherit the state; Start-Job and Invoke-Command -ComputerName do not', async () => {
    assert.deepEqual(summary(await analyzeOpen(`${KB}\n1..3 | ForEach-Object { Get-CrmConnection -InteractiveMode }\n`)), []);
    assert.deepEqual(summary(await analyzeOpen(`${KB}\nInvoke-Command -ComputerName srv -ScriptBlock { Get-CrmConnection -InteractiveMode }\n`)), ['TLS030@2:warning']);
  });

  it('the TLS030 fix inserts the KB line once per scope, and applying it leaves no finding', async () => {
    const text = '\t$a = Get-CrmConnection -InteractiveMode\r\n\t$b = Get-CrmOrganizations -ServerUrl https://disco.crm.dynamics.com -Credential $c\r\n';
    const findings = await analyzeOpen(text);
    assert.equal(findings.length, 2);
    const [first, second] = findings.map((f) => f.fixes[0]?.changes[0]?.edits);
    assert.deepEqual(first, second, 'both findings carry the same single insertion');
    const fixed = applyTextEdits(text, first ?? []);
    assert.equal(fixed, `\t${KB}\r\n${text}`);
    assert.deepEqual(await analyzeOpen(fixed), []);
  });

  it('malformed and truncated scripts give partial results, never an exception', async () => {
    const broken = [
      `${KB}\nfunction Broken {\n  Get-CrmConnection -ServerUrl "https://contoso.crm.dynamics.com`,
      'if (-not ([Net.ServicePointManager]::SecurityProtocol -band',
      '[Net.ServicePointManager]::SecurityProtocol = [enum]::Parse(',
      `$x = @{ ServerUrl = 'https://x.crm.dynamics.com'\nGet-CrmConnection @x`,
      '{'.repeat(400) + 'Get-CrmConnection' + '}'.repeat(400),
      '. ',
      '\u0000\uffff[',
    ];
    for (const text of broken) {
      await assert.doesNotReject(analyzeOpen(text));
    }
  });
});

describe('PowerShell dot-sourcing: CLI scan and language server agree', () => {
  it('a dot-sourced workspace file that enables TLS 1.2 at its top level covers the call, in both', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dtls-ps-'));
    const main = `. "$PSScriptRoot\\SetTls.ps1"\n$c = Get-CrmConnection -InteractiveMode\n`;
    const other = `. .\\NoTls.ps1\n$c = Get-CrmConnection -InteractiveMode\n`;
    writeFileSync(join(dir, 'Main.ps1'), main);
    writeFileSync(join(dir, 'Other.ps1'), other);
    writeFileSync(join(dir, 'SetTls.ps1'), '[Net.ServicePointManager]::SecurityProtocol = [Net.ServicePointManager]::SecurityProtocol -bor 3072\n');
    writeFileSync(join(dir, 'NoTls.ps1'), 'function Set-Tls { [Net.ServicePointManager]::SecurityProtocol = 3072 }\n');
    const { result } = await scanFolder(dir);
    const cli = result.findings.filter((f) => PS_RULES.has(f.ruleId)).map((f) => `${f.path.split('/').pop() ?? ''}:${f.ruleId}@${f.range.start.line + 1}`);
    assert.deepEqual(cli, ['Other.ps1:TLS030@2']);

    const analyzer = createAnalyzer(await backend());
    const root = normalizePath(dir);
    for (const [name, text] of Object.entries({ 'SetTls.ps1': '[Net.ServicePointManager]::SecurityProtocol = [Net.ServicePointManager]::SecurityProtocol -bor 3072\n', 'NoTls.ps1': 'function Set-Tls { [Net.ServicePointManager]::SecurityProtocol = 3072 }\n' })) {
      analyzer.updateFacts(`${root}/${name}`, text);
    }
    const lsp = [
      ...analyzer.analyze(`${root}/Main.ps1`, main),
      ...analyzer.analyze(`${root}/Other.ps1`, other),
    ].filter((f) => PS_RULES.has(f.ruleId)).map((f) => `${f.path.split('/').pop() ?? ''}:${f.ruleId}@${f.range.start.line + 1}`);
    assert.deepEqual(lsp, cli);
  });
});
