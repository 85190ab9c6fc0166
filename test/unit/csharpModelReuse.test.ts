import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { csharpModel, csharpModelFromScratch } from '../../server/src/engine/csharp/csharpModel';
import { RECORD_LISTS } from '../../server/src/engine/csharp/csharpRecords';
import { judgeWrites } from '../../server/src/engine/csharp/writeJudge';
import { targetSensitiveWrites } from '../../server/src/engine/csharp/targetSensitivity';
import { targetDefaults } from '../../server/src/engine/project/runtime';
import { backend } from '../support/engineHarness';
import { applySeededEdits } from '../support/seededEdits';

function file(): string {
  const out = ['using System;', 'using System.Net;', 'using Microsoft.Xrm.Tooling.Connector;', 'namespace N', '{'];
  for (let c = 0; c < 12; c++) {
    out.push(`  class W${c}`, '  {', `    const SecurityProtocolType L${c} = SecurityProtocolType.Tls;`, '    // kept: CrmServiceClient k = new CrmServiceClient("cs");');
    // The same member text in every class, reading a constant every class declares with its own value: the member memo
    // must not hand one class's records to another (the answer depends on the types around the member).
    out.push(`    const SecurityProtocolType Shared = SecurityProtocolType.${c % 2 ? 'Tls12' : 'Tls'};`, '    void S()', '    {', '      ServicePointManager.SecurityProtocol = Shared;', '    }');
    for (let m = 0; m < 3; m++) {
      out.push(`    // Worker notes for R${m}`, `    int R${m}(string cs)`, '    {', '      /* block note */ var total = 10;');
      out.push(m === 0 ? `      ServicePointManager.SecurityProtocol = L${c};` : m === 1 ? '      var client = new CrmServiceClient(cs);' : '      ServicePointManager.SecurityProtocol |= /* pick */ SecurityProtocolType.Tls12;');
      // A comment after the write in its own statement list: the write's block (and straight run) reach past it.
      out.push('      // trailing note');
      if (m === 1) {
        out.push('      AppContext.SetSwitch("Switch.System.Net.DontEnableSchUseStrongCrypto", false);', '      var h = new System.Net.Http.HttpClientHandler { SslProtocols = System.Security.Authentication.SslProtocols.Tls12 };');
      }
      if (m === 2) {
        out.push('      var p = SecurityProtocolType.Tls11;', '      ServicePointManager.SecurityProtocol = p;');
      }
      out.push('      Console.WriteLine("total // not a comment");', '      return total;', '    }');
    }
    out.push('  }');
  }
  out.push('}', '');
  return out.join('\n');
}

/** The plain records of a model (every kind's list) and its parse gaps, for comparison. */
function records(m: ReturnType<typeof csharpModel>): string {
  return JSON.stringify([...RECORD_LISTS.map((name) => m[name]), m.parseGaps]);
}

/**
 * What the write rules and the facts make of a model's records: the verdicts (an unknown target, and 4.0) and the
 * target-sensitive writes — kept per body by keys carried over to shifted records (bodyGroups.ts), so a stale key shows.
 */
function judged(m: ReturnType<typeof csharpModel>, text: string): string {
  const verdicts = [targetDefaults(undefined), targetDefaults(undefined, true)].map((defaults) =>
    [...judgeWrites(m, defaults, false)].map(([w, v]) => [w.span.start, { ...v, run: v.run.map((r) => r.span.start), pin: v.pin?.span.start }]),
  );
  return JSON.stringify([verdicts, targetSensitiveWrites('/p.cs', text, m)]);
}

describe('C# model reuse after a local edit', () => {
  it('moves the end of a record that holds an edited comment, and of the statement list around it', async () => {
    const parser = await backend();
    const before = ['class C', '{', '  void M()', '  {', '    ServicePointManager.SecurityProtocol = /* pick */ SecurityProtocolType.Tls12;', '    // note', '    Console.WriteLine();', '  }', '}', ''].join('\n');
    const first = parser.parse('c_sharp', before);
    csharpModel(first, before);
    for (const after of [before.replace('/* pick */', '/* picked */'), before.replace('// note', '// notes')]) {
      const tree = parser.parse('c_sharp', after);
      assert.equal(records(csharpModel(tree, after)), records(csharpModelFromScratch(tree, after)));
      tree.delete();
    }
    first.delete();
  });

  it('keeps the parse gaps outside the edited member and reads the gaps inside it again', async () => {
    const parser = await backend();
    const method = (name: string): string[] => [`  void ${name}()`, '  {', '    // note', '    ServicePointManager.SecurityProtocol |= SecurityProtocolType.Tls12;', '  }'];
    let text = ['class C', '{', ...method('A'), ...method('B'), ...method('D'), '}', ''].join('\n');
    const steps: [string, string, number][] = [
      // [what, becomes, which occurrence]: break B's write, edit a comment, break A's, mend B's, break D's.
      ['|= SecurityProtocolType.Tls12;', '|= ;', 1],
      ['// note', '// notes', 2],
      ['|= SecurityProtocolType.Tls12;', '|= ;', 0],
      ['|= ;', '|= SecurityProtocolType.Tls12;', 1],
      ['|= SecurityProtocolType.Tls12;', '|= ;', 1],
    ];
    let tree = parser.parse('c_sharp', text);
    csharpModel(tree, text);
    const gapCounts: number[] = [];
    for (const [from, to, nth] of steps) {
      let at = -1;
      for (let i = 0; i <= nth; i++) {
        at = text.indexOf(from, at + 1);
      }
      text = text.slice(0, at) + to + text.slice(at + from.length);
      const next = parser.parse('c_sharp', text);
      tree.delete();
      tree = next;
      const incremental = csharpModel(tree, text);
      assert.ok(incremental.reused, `${from} → ${to}: built from the previous version`);
      assert.equal(records(incremental), records(csharpModelFromScratch(tree, text)), `${from} → ${to}`);
      gapCounts.push(incremental.parseGaps.length);
    }
    assert.deepEqual(gapCounts, [1, 1, 2, 1, 2]);
    tree.delete();
  });

  it('gives exactly the records of a full build, edit after edit (local, structural, constants, usings)', async () => {
    const parser = await backend();
    const text = file();
    let tree = parser.parse('c_sharp', text);
    csharpModel(tree, text);
    const edits: [string, string][] = [
      ['var total = 10;', 'var total = 123;'],
      ['DontEnableSchUseStrongCrypto", false', 'DontEnableSchUseStrongCrypto", true'],
      ['SslProtocols.Tls12 }', 'SslProtocols.Tls11 }'],
      ['= SecurityProtocolType.Tls12;', '= SecurityProtocolType.Tls11;'],
      ['|= /* pick */ SecurityProtocolType.Tls12;', '|= /* pick */ SecurityProtocolType.Tls1;'],
      ['// trailing note', '// trailing notes'],
      ['/* pick */', '/* picked */'],
      ['new CrmServiceClient(cs)', 'new CrmServiceClien(cs)'],
      ['var total = 123;', 'var total = 1;'],
      ['ServicePointManager.SecurityProtocol = L3;', 'ServicePointManager.SecurityProtocol = L3 | SecurityProtocolType.Tls12;'],
      ['return total;', 'return total + 1;'],
      ['"total // not', '"totals // not'],
      ['var total = 1;', 'var total = 1 + (2;'],
      // Syntax errors inside a member, next to a write and away from one: parse gaps spliced as the records are.
      ['var p = SecurityProtocolType.Tls11;', 'var p = SecurityProtocolType.Tls11'],
      ['/* block note */ var total = 10;', '/* block note */ var total = 10'],
      ['var p = SecurityProtocolType.Tls11\n', 'var p = SecurityProtocolType.Tls11;\n'],
      ['|= /* pick */ SecurityProtocolType.Tls12;', '|= /* pick */ ;'],
      ['var client = new CrmServiceClient(cs);', 'var client = new CrmServiceClient(cs;'],
      ['// Worker notes', '// Worker note'],
      ['|= /* pick */ ;', '|= /* pick */ SecurityProtocolType.Tls12;'],
      ['var client = new CrmServiceClient(cs;', 'var client = new CrmServiceClient(cs);'],
      ['// Worker notes', '// Workers notes'],
      ['/* block note */', '/* blck note */'],
      ['// Workers notes', '// Workers note'],
      ['return total', 'return\n        total'],
      ['var client = new', 'var client =\r\n        new'],
      ['Console.WriteLine(', 'Console.WriteLine(\n        '],
      ['return\n        total', 'return total'],
      ['// Workers note', '// Workers\n note'],
      ['// kept: ', '//\n    '],
      // Structural edits: full builds, where unchanged members come from the member memo.
      ['(string cs)\n    {', '(string cs)\n    '],
      ['const SecurityProtocolType L2 = SecurityProtocolType.Tls;', 'const SecurityProtocolType L2 = SecurityProtocolType.Tls12;'],
      ['(string cs)\n    \n', '(string cs)\n    {\n'],
      ['var p = SecurityProtocolType.Tls11;', '{ var p = SecurityProtocolType.Tls11;'],
      ['using System.Net;', 'using System.Net;\nusing SecurityProtocolType = System.Net.SslProtocols;'],
      ['{ var p = SecurityProtocolType.Tls11;', 'var p = SecurityProtocolType.Tls11;'],
      ['using SecurityProtocolType = System.Net.SslProtocols;\n', ''],
      ['const SecurityProtocolType L2 = SecurityProtocolType.Tls12;', 'const SecurityProtocolType L2 = SecurityProtocolType.Ssl3;'],
      // A constant's value changes (a full build), and a class's own constant goes away (the name then means another's).
      ['Shared = SecurityProtocolType.Tls12;', 'Shared = SecurityProtocolType.Tls13;'],
      ['const SecurityProtocolType Shared = SecurityProtocolType.Tls;', 'const SecurityProtocolType Sharing = SecurityProtocolType.Tls;'],
      ['(string cs)\n    {', '(string cs)\n    '],
      ['(string cs)\n    \n', '(string cs)\n    {\n'],
    ];
    applySeededEdits(text, edits, 7, 4, (edited, label) => {
      const next = parser.parse('c_sharp', edited);
      tree.delete();
      tree = next;
      const incremental = csharpModel(tree, edited);
      const scratch = csharpModelFromScratch(tree, edited);
      assert.equal(records(incremental), records(scratch), label);
      assert.equal(judged(incremental, edited), judged(scratch, edited), label);
    });
    tree.delete();
  });
});
