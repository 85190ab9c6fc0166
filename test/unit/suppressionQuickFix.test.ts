import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Analyzer } from '../../server/src/engine/analyzer';
import { FileKind, fileKindOf } from '../../server/src/engine/model/fileKind';
import { WorkspaceIndex } from '../../server/src/engine/project/workspaceIndex';
import { Rule } from '../../server/src/engine/rules/rule';
import { tls090 } from '../../server/src/engine/rules/tls090';
import { suppressFileEdit, suppressLineEdit } from '../../server/src/engine/suppression/insert';
import { applyTextEdits } from '../../server/src/engine/text/edits';
import { LineIndex } from '../../server/src/engine/text/lineIndex';
import { backend } from '../support/engineHarness';

/** Probe rules: TLS080 on every BAD, TLS081 on every WORSE. */
function probe(id: string, word: string): Rule {
  return {
    meta: { id, title: id, defaultSeverity: 'warning', kinds: ['config', 'project', 'csharp', 'powershell', 'registry'], hasSafeFix: false, summary: id },
    check(ctx) {
      for (let i = ctx.text.indexOf(word); i >= 0; i = ctx.text.indexOf(word, i + 1)) {
        ctx.report({ severity: 'warning', message: word, start: i, end: i + word.length });
      }
    },
  };
}

async function analyzer(): Promise<Analyzer> {
  const parser = await backend();
  return new Analyzer(parser, new WorkspaceIndex(parser), [probe('TLS080', 'BAD'), probe('TLS081', 'WORSE'), tls090], []);
}

function lineFix(kind: FileKind, text: string, line: number, id: string): string | undefined {
  const edit = suppressLineEdit(kind, new LineIndex(text), line, id);
  return edit ? applyTextEdits(text, [edit]) : undefined;
}

describe('suppression quick fixes', () => {
  it('C#: "on this line" inserts a next-line comment with the line\'s indentation and CRLF, and then nothing is left', async () => {
    const text = 'class A\r\n{\r\n\tvoid M()\r\n\t{\r\n\t\tBAD();\r\n\t}\r\n}\r\n';
    const fixed = lineFix('csharp', text, 4, 'TLS080');
    assert.equal(fixed, 'class A\r\n{\r\n\tvoid M()\r\n\t{\r\n\t\t// tls-readiness-disable-next-line TLS080\r\n\t\tBAD();\r\n\t}\r\n}\r\n');
    assert.deepEqual((await analyzer()).analyze('/w/A.cs', fixed ?? ''), []);
  });

  it('a second rule on the same line is added to the existing comment (stacked comments would not work)', async () => {
    const text = '    BAD WORSE\n';
    const once = lineFix('powershell', text, 0, 'TLS080') ?? '';
    const twice = lineFix('powershell', once, 1, 'TLS081') ?? '';
    assert.equal(twice, '    # tls-readiness-disable-next-line TLS080, TLS081\n    BAD WORSE\n');
    assert.deepEqual((await analyzer()).analyze('/w/a.ps1', twice), []);
  });

  it('XML: a comment above the element; a line inside a multi-line tag gets it above the tag, which it covers', async () => {
    const text = '<?xml version="1.0"?>\n<configuration>\n  <a v="BAD"\n     w="WORSE"/>\n  <b v="WORSE"/>\n</configuration>\n';
    const fixed = lineFix('config', text, 2, 'TLS080') ?? '';
    assert.match(fixed, /\n {2}<!-- tls-readiness-disable-next-line TLS080 -->\n {2}<a v="BAD"/);
    const a = await analyzer();
    assert.deepEqual(a.analyze('/w/App.config', fixed).map((f) => `${f.ruleId}@${f.range.start.line}`), ['TLS081@4', 'TLS081@5']);
    const both = lineFix('config', fixed, 4, 'TLS081') ?? '';
    assert.match(both, /\n {2}<!-- tls-readiness-disable-next-line TLS080, TLS081 -->\n {2}<a v="BAD"/);
    assert.deepEqual(a.analyze('/w/App.config', both).map((f) => `${f.ruleId}@${f.range.start.line}`), ['TLS081@5'], 'the next element is not covered');
  });

  it('"in this file" goes after the XML declaration, after the .reg header, at the top of code; ids accumulate', async () => {
    const xml = '<?xml version="1.0" encoding="utf-8"?>\r\n<configuration><a v="BAD"/></configuration>\r\n';
    const xmlFixed = applyTextEdits(xml, [suppressFileEdit('config', new LineIndex(xml), 'TLS080')]);
    assert.equal(xmlFixed, '<?xml version="1.0" encoding="utf-8"?>\r\n<!-- tls-readiness-disable-file TLS080 -->\r\n<configuration><a v="BAD"/></configuration>\r\n');
    const reg = 'Windows Registry Editor Version 5.00\r\n\r\n[HKEY_LOCAL_MACHINE\\X]\r\n"A"="BAD"\r\n';
    const regFixed = applyTextEdits(reg, [suppressFileEdit('registry', new LineIndex(reg), 'TLS080')]);
    assert.ok(regFixed.startsWith('Windows Registry Editor Version 5.00\r\n; tls-readiness-disable-file TLS080\r\n\r\n'));
    const cs = 'class A { void M() { BAD(); WORSE(); } }\n';
    const once = applyTextEdits(cs, [suppressFileEdit('csharp', new LineIndex(cs), 'TLS080')]);
    const twice = applyTextEdits(once, [suppressFileEdit('csharp', new LineIndex(once), 'TLS081')]);
    assert.equal(twice, '// tls-readiness-disable-file TLS080, TLS081\nclass A { void M() { BAD(); WORSE(); } }\n');
    const a = await analyzer();
    for (const [path, text] of [['/w/App.config', xmlFixed], ['/w/x.reg', regFixed], ['/w/A.cs', twice]] as const) {
      assert.deepEqual(a.analyze(path, text).map((f) => f.ruleId), [], `${fileKindOf(path)} file is clean after the fix`);
    }
  });
});
