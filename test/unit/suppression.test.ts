import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Analyzer } from '../../server/src/engine/analyzer';
import { createAnalyzer } from '../../server/src/engine/engine';
import { FileKind } from '../../server/src/engine/model/fileKind';
import { Finding } from '../../server/src/engine/model/finding';
import { WorkspaceIndex } from '../../server/src/engine/project/workspaceIndex';
import { Rule } from '../../server/src/engine/rules/rule';
import { tls090 } from '../../server/src/engine/rules/tls090';
import { parseDirective } from '../../server/src/engine/suppression/directives';
import { markerOffsets, registryCommentColumn } from '../../server/src/engine/suppression/comments';
import { noteEdit } from '../../server/src/engine/text/editTrail';
import { applyTextEdits } from '../../server/src/engine/text/edits';
import { backend } from '../support/engineHarness';

/** Probe rules for these tests: TLS080 finds every occurrence of BAD, TLS081 every WORSE, in any file kind. */
const probe: Rule = {
  meta: {
    id: 'TLS080',
    title: 'probe',
    defaultSeverity: 'warning',
    kinds: ['project', 'buildProps', 'config', 'packagesConfig', 'csharp', 'powershell', 'registry'],
    hasSafeFix: false,
    summary: 'probe',
  },
  check(ctx) {
    for (let i = ctx.text.indexOf('BAD'); i >= 0; i = ctx.text.indexOf('BAD', i + 1)) {
      ctx.report({ severity: 'warning', message: 'bad', start: i, end: i + 3 });
    }
  },
};

const probe2: Rule = {
  meta: { ...probe.meta, id: 'TLS081' },
  check(ctx) {
    for (let i = ctx.text.indexOf('WORSE'); i >= 0; i = ctx.text.indexOf('WORSE', i + 1)) {
      ctx.report({ severity: 'warning', message: 'worse', start: i, end: i + 5 });
    }
  },
};

async function probeAnalyzer(): Promise<Analyzer> {
  const parser = await backend();
  return new Analyzer(parser, new WorkspaceIndex(parser), [probe, probe2, tls090], []);
}

/** Findings as `RULE@line` (1-based) for compact assertions. */
function brief(findings: readonly Finding[]): string[] {
  return findings.map((f) => `${f.ruleId}@${f.range.start.line + 1}`);
}

const cases: { name: string; path: string; text: string; expected: string[] }[] = [
  {
    name: 'C# // next-line, trailing -line, /* */ and -file; a directive inside a string is not a comment',
    path: '/w/A.cs',
    text: [
      'class A {',
      '  // tls-readiness-disable-next-line TLS080 -- vendor pin',
      '  void M() { BAD(); }',
      '  void N() { BAD(); } // tls-readiness-disable-line TLS080',
      '  void O() { /* tls-readiness-disable-line TLS080 */ BAD(); }',
      '  string s = "// tls-readiness-disable-next-line TLS080";',
      '  void P() { BAD(); }',
      '}',
      '',
    ].join('\n'),
    expected: ['TLS080@7'],
  },
  {
    name: 'PowerShell # and <# #> comments; a here-string mention is not a comment',
    path: '/w/deploy.ps1',
    text: [
      '# tls-readiness-disable-next-line TLS080, TLS030 -- checked',
      'BAD',
      '<# tls-readiness-disable-next-line TLS080 #>',
      'BAD',
      'BAD # tls-readiness-disable-line TLS080',
      '$s = "# tls-readiness-disable-next-line TLS080"',
      'BAD',
      '',
    ].join('\r\n'),
    expected: ['TLS090@1', 'TLS080@7'],
  },
  {
    name: 'XML <!-- --> with the reason after a colon; an XML comment using -- is no comment',
    path: '/w/App.config',
    text: [
      '<?xml version="1.0"?>',
      '<configuration>',
      '  <!-- tls-readiness-disable-next-line TLS080: vendor requirement -->',
      '  <a v="BAD"/>',
      '  <b v="BAD"/>',
      '</configuration>',
      '',
    ].join('\n'),
    expected: ['TLS080@5'],
  },
  {
    name: '.reg ; comments at the start of a line only (after a value, regedit reads the ; as part of the value)',
    path: '/w/tls.reg',
    text: [
      'Windows Registry Editor Version 5.00',
      '',
      '[HKEY_LOCAL_MACHINE\\SOFTWARE\\X]',
      '; tls-readiness-disable-next-line TLS080 -- lab machine',
      '"A"=dword:0 ; BAD',
      '  ;tls-readiness-disable-next-line TLS080',
      '"B"="BAD"',
      '"C"="BAD" ; tls-readiness-disable-line TLS080',
      '',
    ].join('\r\n'),
    expected: ['TLS080@8'],
  },
  {
    name: 'a file-level directive silences every finding of its ids in the file',
    path: '/w/B.cs',
    text: '// tls-readiness-disable-file TLS080\nclass B { void M() { BAD(); BAD(); } }\n',
    expected: [],
  },
];

describe('suppression comments (engine, as CLI and server both run it)', () => {
  for (const c of cases) {
    it(c.name, async () => {
      const analyzer = await probeAnalyzer();
      assert.deepEqual(brief(analyzer.analyze(c.path, c.text)), c.expected);
    });
  }

  it('TLS090: no ids, an unknown keyword, a non-id token, an unknown rule, and an unused id, each on its comment', async () => {
    const analyzer = await probeAnalyzer();
    const text = [
      '// tls-readiness-disable-next-line',
      '// tls-readiness-disable-nextline TLS080',
      '// tls-readiness-disable-line TLS80',
      '// tls-readiness-disable-line TLS999',
      '// tls-readiness-disable-next-line TLS080, TLS081 -- only one is used',
      'class C { void M() { BAD(); } }',
      '',
    ].join('\n');
    const findings = analyzer.analyze('/w/C.cs', text);
    assert.deepEqual(brief(findings), ['TLS090@1', 'TLS090@2', 'TLS090@3', 'TLS090@4', 'TLS090@5']);
    for (const f of findings) {
      assert.equal(f.severity, 'information');
      assert.deepEqual(f.tags, ['unnecessary']);
      assert.equal(f.range.start.character, 0);
    }
    assert.match(findings[0]?.message ?? '', /names no rule id/);
    assert.match(findings[1]?.message ?? '', /"tls-readiness-disable-nextline" is not a suppression keyword/);
    assert.match(findings[2]?.message ?? '', /"TLS80" is not a rule id/);
    assert.match(findings[3]?.message ?? '', /TLS999 is not a rule/);
    assert.match(findings[4]?.message ?? '', /no TLS081 finding is on the next line: remove TLS081 from it/);
    const partial = findings[4]?.fixes[0];
    assert.equal(partial?.safe, false);
    const edited = applyTextEdits(text, partial?.changes[0]?.edits ?? []);
    assert.match(edited, /^\/\/ tls-readiness-disable-next-line TLS080 -- only one is used$/m);
    const whole = applyTextEdits(text, findings[0]?.fixes[0]?.changes[0]?.edits ?? []);
    assert.equal(whole, text.split('\n').slice(1).join('\n'), 'removing an unused comment removes its whole line');
  });

  it('TLS090 respects settings: a severity override applies, off silences it, and a rule turned off is not "unused"', async () => {
    const analyzer = await probeAnalyzer();
    const text = '# tls-readiness-disable-next-line TLS080\nWrite-Host ok\n';
    assert.equal(analyzer.analyze('/w/a.ps1', text, { severityOverrides: { TLS090: 'warning' } })[0]?.severity, 'warning');
    assert.deepEqual(analyzer.analyze('/w/a.ps1', text, { severityOverrides: { TLS090: 'off' } }), []);
    assert.deepEqual(analyzer.analyze('/w/a.ps1', text, { severityOverrides: { TLS080: 'off' } }), []);
  });

  it('a cancelled run reports no TLS090 (it cannot know which suppressions were used)', async () => {
    const analyzer = await probeAnalyzer();
    const text = '# tls-readiness-disable-next-line TLS080\nWrite-Host ok\n';
    assert.deepEqual(analyzer.analyze('/w/a.ps1', text, { isCancelled: () => true }), []);
  });

  it('a directive naming TLS090 silences TLS090 findings it covers', async () => {
    const analyzer = await probeAnalyzer();
    const text = '# tls-readiness-disable-file TLS090 -- examples of directives\n# tls-readiness-disable-next-line\nWrite-Host ok\n';
    assert.deepEqual(analyzer.analyze('/w/a.ps1', text), []);
  });

  it('a project finding in Directory.Build.props is suppressed by a comment in the props file, not in the project', async () => {
    const analyzer = createAnalyzer(await backend());
    const props = [
      '<Project>',
      '  <PropertyGroup>',
      '    <!-- tls-readiness-disable-next-line TLS001: the host is retargeted separately -->',
      '    <TargetFrameworkVersion>v4.5.2</TargetFrameworkVersion>',
      '  </PropertyGroup>',
      '</Project>',
      '',
    ].join('\n');
    const project = [
      '<Project ToolsVersion="14.0" xmlns="http://schemas.microsoft.com/developer/msbuild/2003">',
      '  <PropertyGroup><OutputType>Exe</OutputType></PropertyGroup>',
      '</Project>',
      '',
    ].join('\n');
    analyzer.index.upsert({ path: '/w/Directory.Build.props', text: props });
    analyzer.index.upsert({ path: '/w/App/App.csproj', text: project });
    const unsuppressed = createAnalyzer(await backend());
    unsuppressed.index.upsert({ path: '/w/Directory.Build.props', text: props.replace(/tls-readiness-disable-next-line TLS001:/, 'note:') });
    unsuppressed.index.upsert({ path: '/w/App/App.csproj', text: project });
    const before = unsuppressed.analyze('/w/Directory.Build.props', props.replace(/tls-readiness-disable-next-line TLS001:/, 'note:'));
    assert.ok(before.some((f) => f.ruleId === 'TLS001'), 'without the comment TLS001 sits in Directory.Build.props');
    assert.deepEqual(brief(analyzer.analyze('/w/Directory.Build.props', props)), []);
    assert.deepEqual(brief(analyzer.analyze('/w/App/App.csproj', project)).filter((f) => f.startsWith('TLS001')), []);
  });
});

describe('suppression directive parsing', () => {
  const parse = (kind: FileKind, text: string) => parseDirective(kind, { start: 0, end: text.length, text });

  it('reads scope, ids (commas or spaces, any case) and the reason', () => {
    const d = parse('csharp', '// tls-readiness-disable-next-line tls022, TLS020 TLS022 -- vendor pin');
    assert.equal(d?.scope, 'next-line');
    assert.deepEqual(d?.ruleIds, ['TLS022', 'TLS020']);
    assert.equal(d?.reason, 'vendor pin');
    const x = parse('config', '<!-- tls-readiness-disable-file TLS011: vendor requirement -->');
    assert.deepEqual([x?.scope, x?.ruleIds, x?.reason], ['file', ['TLS011'], 'vendor requirement']);
    const p = parse('powershell', '<# tls-readiness-disable-line TLS030 #>');
    assert.deepEqual([p?.scope, p?.ruleIds, p?.reason], ['line', ['TLS030'], undefined]);
  });

  it('ignores comments that do not start with the marker and openers of other languages', () => {
    assert.equal(parse('csharp', '// see tls-readiness-disable-line TLS020'), undefined);
    assert.equal(parse('csharp', '# tls-readiness-disable-line TLS020'), undefined);
    assert.equal(parse('registry', '// tls-readiness-disable-line TLS040'), undefined);
  });

  it('finds .reg comments only at the start of a line', () => {
    assert.equal(registryCommentColumn('; x'), 0);
    assert.equal(registryCommentColumn('   ; x'), 3);
    assert.equal(registryCommentColumn('"A"="a;b" ; c'), -1);
    assert.equal(registryCommentColumn('[HKEY_X] ; c'), -1);
  });
});

describe('suppression marker search after an edit', () => {
  it('finds every marker (any letter case), edit after edit, when only the edited stretch of a text without one is searched', () => {
    let seed = 9;
    const next = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return Math.floor(seed / 65536) % n;
    };
    const typed = ['x', ' ', '\n', 'tls-', 'readiness', '-disable', 'TLS-READINESS-DISABLE', 'tls-readiness-disable', '-', 'e', 's'];
    let text = 'class A\n{\n    // a comment\n    int x; // tls-readiness\n}\n';
    let searchedAround = 0;
    for (let i = 0; i < 3000; i++) {
      const start = next(text.length + 1);
      const oldEnd = Math.min(text.length, start + next(4));
      const inserted = next(3) === 0 ? '' : (typed[next(typed.length)] ?? 'x');
      const edited = text.slice(0, start) + inserted + text.slice(oldEnd);
      const wasUnmarked = markerOffsets(text).length === 0;
      noteEdit(text, edited, { start, oldEnd, newEnd: start + inserted.length });
      text = next(6) === 0 ? edited.replace(/tls-readiness-disable/gi, 'tls-readiness') : edited;
      searchedAround += wasUnmarked && text === edited ? 1 : 0;
      assert.deepEqual(markerOffsets(text), [...text.matchAll(/tls-readiness-disable/gi)].map((m) => m.index), `markers after edit ${i}`);
    }
    assert.ok(searchedAround > 800, `most edits start from a text without a marker (${searchedAround})`);
  });
});
