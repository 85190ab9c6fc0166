import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseSwitchString, spellingSuggestions } from '../../server/src/engine/config/switchOverrides';
import { createAnalyzer } from '../../server/src/engine/engine';
import { Finding } from '../../server/src/engine/model/finding';
import { normalizePath } from '../../server/src/engine/project/paths';
import { scanWorkspace } from '../../server/src/engine/scan/workspaceScan';
import { applyTextEdits } from '../../server/src/engine/text/edits';
import { nodeFileSystem } from '../../server/src/node/nodeFileSystem';
import { backend } from '../support/engineHarness';

const EXE = `<Project ToolsVersion="15.0" xmlns="http://schemas.microsoft.com/developer/msbuild/2003">
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <TargetFrameworkVersion>v4.6.2</TargetFrameworkVersion>
  </PropertyGroup>
</Project>
`;

/** Findings of one rule for `path` in a workspace of in-memory files. */
async function findingsOf(files: Record<string, string>, path: string, ruleId: string): Promise<Finding[]> {
  const analyzer = createAnalyzer(await backend());
  for (const [p, text] of Object.entries(files)) {
    analyzer.index.upsert({ path: p, text });
  }
  return analyzer.analyze(path, files[path] ?? '').filter((f) => f.ruleId === ruleId);
}

/** The text after applying a finding's fix with the given title. */
function applyFix(text: string, finding: Finding | undefined, title: RegExp): string {
  const fix = finding?.fixes.find((f) => title.test(f.title));
  assert.ok(fix, `no fix matching ${title}`);
  return applyTextEdits(text, fix.changes[0]?.edits ?? []);
}

describe('switch override parsing', () => {
  it('splits name=value pairs with offsets; spaces around a value are fine, around a name they stay part of it', () => {
    const text = 'x="A= true ; Switch.System.Net.DontEnableSchUseStrongCrypto=false;;"';
    const pairs = parseSwitchString(text, 3, text.length - 1);
    assert.deepEqual(
      pairs.map((p) => [p.name, p.value, p.wellFormed, p.spacedName, text.slice(p.valueStart, p.valueEnd)]),
      [
        ['A', 'true', true, false, 'true'],
        ['Switch.System.Net.DontEnableSchUseStrongCrypto', 'false', false, true, 'false'],
      ],
    );
  });

  it('the last pair of a name wins, as in the runtime: an earlier one is not effective', () => {
    const config = '<configuration><runtime><AppContextSwitchOverrides value="Switch.System.Net.DontEnableSchUseStrongCrypto=false;Switch.System.Net.DontEnableSchUseStrongCrypto=true" /></runtime></configuration>';
    return findingsOf({ '/ws/A/A.csproj': EXE.replace('v4.6.2', 'v4.5.2'), '/ws/A/App.config': config }, '/ws/A/A.csproj', 'TLS001').then((found) => {
      assert.equal(found[0]?.severity, 'warning', 'the false pair is overridden, so it is no TLS 1.2 enablement');
    });
  });

  it('flags pairs without "=" or with a non-boolean value as malformed', () => {
    const text = 'Switch.System.Net.X:false;B=yes;C';
    assert.deepEqual(parseSwitchString(text, 0, text.length).map((p) => p.wellFormed), [false, false, false]);
  });

  it('suggests the nearest known TLS switch within distance 2, counting a case-only difference', () => {
    assert.deepEqual(spellingSuggestions('Switch.System.Net.DontEnableSchUseStongCrypto'), ['Switch.System.Net.DontEnableSchUseStrongCrypto']);
    assert.deepEqual(spellingSuggestions('Switch.System.Net.dontEnableSchUseStrongCrypto'), ['Switch.System.Net.DontEnableSchUseStrongCrypto']);
    assert.deepEqual(spellingSuggestions('Switch.System.Net.DontEnableSchUseStrongCrypto'), []);
    assert.deepEqual(spellingSuggestions('Switch.System.Windows.Forms.UseLegacyToolTipDisplay'), []);
  });
});

describe('TLS012 quick fixes (not applied in bulk)', () => {
  it('moves a misplaced element into an existing <runtime>, keeping CRLF and indentation', async () => {
    const config = [
      '<configuration>',
      '  <startup>',
      '    <AppContextSwitchOverrides value="Switch.System.Net.DontEnableSchUseStrongCrypto=false" />',
      '  </startup>',
      '  <runtime>',
      '    <gcServer enabled="true" />',
      '  </runtime>',
      '</configuration>',
      '',
    ].join('\r\n');
    const [finding] = await findingsOf({ '/ws/A/A.csproj': EXE, '/ws/A/App.config': config }, '/ws/A/App.config', 'TLS012');
    assert.equal(finding?.fixes[0]?.safe, false);
    const fixed = applyFix(config, finding, /Move/);
    assert.equal(
      fixed,
      [
        '<configuration>',
        '  <startup>',
        '  </startup>',
        '  <runtime>',
        '    <gcServer enabled="true" />',
        '    <AppContextSwitchOverrides value="Switch.System.Net.DontEnableSchUseStrongCrypto=false" />',
        '  </runtime>',
        '</configuration>',
        '',
      ].join('\r\n'),
    );
  });

  it('creates <runtime> when there is none', async () => {
    const config = '<configuration>\n  <AppContextSwitchOverrides value="Switch.System.Net.DontEnableSchUseStrongCrypto=false" />\n  <appSettings />\n</configuration>\n';
    const [finding] = await findingsOf({ '/ws/A/A.csproj': EXE, '/ws/A/App.config': config }, '/ws/A/App.config', 'TLS012');
    assert.equal(
      applyFix(config, finding, /Move/),
      '<configuration>\n  <appSettings />\n  <runtime>\n    <AppContextSwitchOverrides value="Switch.System.Net.DontEnableSchUseStrongCrypto=false" />\n  </runtime>\n</configuration>\n',
    );
  });

  it('merges a second element into the first and removes its line', async () => {
    const config =
      '<configuration>\n  <runtime>\n    <AppContextSwitchOverrides value="A=true" />\n  </runtime>\n  <runtime>\n    <AppContextSwitchOverrides value="Switch.System.Net.DontEnableSchUseStrongCrypto=false" />\n  </runtime>\n</configuration>\n';
    const [finding] = await findingsOf({ '/ws/A/A.csproj': EXE, '/ws/A/App.config': config }, '/ws/A/App.config', 'TLS012');
    assert.equal(
      applyFix(config, finding, /Merge/),
      '<configuration>\n  <runtime>\n    <AppContextSwitchOverrides value="A=true;Switch.System.Net.DontEnableSchUseStrongCrypto=false" />\n  </runtime>\n  <runtime>\n  </runtime>\n</configuration>\n',
    );
  });

  it('rewrites a comma-separated list as name=value pairs', async () => {
    const config = '<configuration><runtime><AppContextSwitchOverrides value="Switch.System.Net.DontEnableSchUseStrongCrypto:false, B=true" /></runtime></configuration>';
    const [finding] = await findingsOf({ '/ws/A/A.csproj': EXE, '/ws/A/App.config': config }, '/ws/A/App.config', 'TLS012');
    assert.equal(applyFix(config, finding, /Rewrite/), '<configuration><runtime><AppContextSwitchOverrides value="Switch.System.Net.DontEnableSchUseStrongCrypto=false;B=true" /></runtime></configuration>');
  });

  it('a name one edit away from a known switch gets the safe spelling fix', async () => {
    const config = '<configuration><runtime><AppContextSwitchOverrides value="Switch.System.Net.DontEnableSchUseStrongCryptoo=false" /></runtime></configuration>';
    const [finding] = await findingsOf({ '/ws/A/A.csproj': EXE, '/ws/A/App.config': config }, '/ws/A/App.config', 'TLS012');
    assert.equal(finding?.fixes[0]?.safe, true);
  });
});

describe('config rules: context and edge cases', () => {
  it('TLS013 adds <httpRuntime> inside an empty <system.web></system.web> and uses the project target', async () => {
    const project = EXE.replace('<OutputType>Exe</OutputType>', '<OutputType>Library</OutputType>').replace('v4.6.2', 'v4.7.2');
    const config = '<configuration>\r\n  <system.web></system.web>\r\n</configuration>\r\n';
    const [finding] = await findingsOf({ '/ws/W/W.csproj': project, '/ws/W/Web.config': config }, '/ws/W/Web.config', 'TLS013');
    assert.equal(finding?.severity, 'warning');
    assert.equal(applyFix(config, finding, /4\.7\.2/), '<configuration>\r\n  <system.web>\r\n    <httpRuntime targetFramework="4.7.2" />\r\n  </system.web>\r\n</configuration>\r\n');
  });

  it('TLS013 ignores a web.config below the application root (MVC Views/Web.config)', async () => {
    const views = '<configuration><system.web><httpHandlers /></system.web></configuration>';
    const root = '<configuration><system.web><httpRuntime targetFramework="4.8" /></system.web></configuration>';
    const found = await findingsOf({ '/ws/W/Web.config': root, '/ws/W/Views/Web.config': views }, '/ws/W/Views/Web.config', 'TLS013');
    assert.deepEqual(found, []);
  });

  it('TLS010 in a project with an unresolved target is a warning that says the target is unknown', async () => {
    const bad = '<configuration><runtime><AppContextSwitchOverrides value="Switch.System.Net.DontEnableSchUseStrongCrypto=true" /></runtime></configuration>';
    const unresolved = EXE.replace('v4.6.2', '$(Nope)');
    const [u] = await findingsOf({ '/ws/U/U.csproj': unresolved, '/ws/U/App.config': bad }, '/ws/U/App.config', 'TLS010');
    assert.equal(u?.severity, 'warning');
    assert.match(u?.message ?? '', /target is unknown/);
  });

  it('a file above the size cap is skipped with a reason; UTF-16 and BOM configs are read', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dtls-project-'));
    mkdirSync(join(dir, 'A'));
    writeFileSync(join(dir, 'A', 'A.csproj'), EXE);
    writeFileSync(join(dir, 'A', 'Huge.config'), '<configuration>' + ' '.repeat(80 * 1024) + '</configuration>');
    const utf16 = '<?xml version="1.0" encoding="utf-16"?>\r\n<configuration><runtime><AppContextSwitchOverrides value="Switch.System.Net.DontEnableSchUseStrongCrypto=true" /></runtime></configuration>\r\n';
    writeFileSync(join(dir, 'A', 'App.config'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(utf16, 'utf16le')]));
    const analyzer = createAnalyzer(await backend());
    const result = await scanWorkspace(nodeFileSystem, analyzer, { roots: [normalizePath(dir)], excludes: [], maxFileSizeKB: 64 });
    assert.ok(result.skipped.some((s) => s.path.endsWith('Huge.config') && /size cap/.test(s.reason)));
    assert.deepEqual(
      result.findings.filter((f) => f.ruleId === 'TLS010').map((f) => [f.severity, f.range.start.line]),
      [['error', 1]],
    );
  });
});
