import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { csharpModel, csharpModelFromScratch } from '../../server/src/engine/csharp/csharpModel';
import { literalEvidence, literalEvidenceIn } from '../../server/src/engine/csharp/literalEvidence';
import { classBases, classBasesIn, creationCandidates, creationCandidatesIn } from '../../server/src/engine/csharp/subclasses';
import { namesBase } from '../../server/src/engine/csharp/csharpFacts';
import { backend } from '../support/engineHarness';
import { applySeededEdits } from '../support/seededEdits';

const PATH = '/ws/App/Program.cs';

/** A file with connection literals, subclasses of client types and candidate creations inside and outside members. */
function file(): string {
  const out = ['using System;', 'using Microsoft.Xrm.Tooling.Connector;', 'namespace N', '{'];
  for (let c = 0; c < 10; c++) {
    out.push(`  class Conn${c} : CrmServiceClient`, '  {', `    public Conn${c}(string cs) : base(cs) { }`, '  }');
    out.push(`  class W${c}`, '  {', `    const string Url${c} = "https://org${c}.crm.dynamics.com/";`, `    static Conn${c} shared = new Conn${c}("AuthType=OAuth;Url=https://s${c}.crm.dynamics.com");`);
    for (let m = 0; m < 3; m++) {
      out.push(`    // note ${m}: new Conn${c}("AuthType=AD")`, `    object R${m}(string cs)`, '    {', '      var total = 10;');
      out.push(m === 0 ? `      var a = new Conn${c}("https://a${c}.crm.dynamics.com/api/data/v9.2/") /* tail */;` : m === 1 ? '      var b = new Helper(cs, "AuthType=Office365;Url=https://b.crm.dynamics.com");' : `      var s = "Server=https://x.crm.dynamics.com; AuthType=IFD";`);
      out.push('      Console.WriteLine("total // not a comment");', '      return total;', '    }');
    }
    out.push('  }');
  }
  out.push('}', '');
  return out.join('\n');
}

/** What the three readers give for a text: spliced after an edit, and read whole from a model built from scratch. */
function readings(text: string, incremental: ReturnType<typeof csharpModel>, scratch: ReturnType<typeof csharpModel>): [string, string] {
  const spliced = [literalEvidence(PATH, text, incremental), classBases(text, incremental), creationCandidates(text, incremental)];
  const whole = [literalEvidenceIn(PATH, text, scratch, 0, text.length), classBasesIn('', text, scratch, 0, text.length), creationCandidatesIn('', text, scratch, 0, text.length)].map((placed) => placed.map((p) => p.item));
  return [JSON.stringify(spliced), JSON.stringify(whole)];
}

describe('C# fact readers spliced after a local edit', () => {
  it('give exactly what reading the whole text gives, edit after edit (in members, literals, comments, structural)', async () => {
    const parser = await backend();
    const text = file();
    let tree = parser.parse('c_sharp', text);
    const first = readings(text, csharpModel(tree, text), csharpModelFromScratch(tree, text));
    assert.ok(first[1].includes('Dynamics URL on a0.crm.dynamics.com') && first[1].includes('"base":"CrmServiceClient"') && first[1].includes('"typeName":"Helper"'));
    const edits: [string, string][] = [
      ['var total = 10;', 'var total = 123;'],
      ['https://a', 'https://ab'],
      ['AuthType=Office365;', 'AuthType=OAuth;'],
      ['Server=https://x.crm.dynamics.com', 'Server=https://x.crm.dynamics.co'],
      ['new Helper(cs,', 'new Helpers(cs,'],
      ['new Helpers(cs,', 'new\n        Helper(cs,'],
      ['// note 1', '// notes 1'],
      // A comment inside a candidate's statement, after the creation: the statement's end moves.
      ['/* tail */', '/* tails */'],
      ['("AuthType=AD")', '("AuthType=IFD")'],
      ['return total;', 'return total + new Conn3("AuthType=AD").GetHashCode();'],
      ['var total = 123;', 'var total = 1 + (2;'],
      ['var total = 1 + (2;', 'var total = 1;'],
      ['return total', 'return\n        total'],
      // Structural edits: whole reads.
      ['(string cs)\n    {', '(string cs)\n    '],
      ['(string cs)\n    \n', '(string cs)\n    {\n'],
      ['https://org4.crm', 'https://org44.crm'],
      ['class Conn5 : CrmServiceClient', 'class Conn5 : Object'],
      ['var a = new', 'var a = "x" + new'],
    ];
    applySeededEdits(text, edits, 11, 4, (edited, label) => {
      const next = parser.parse('c_sharp', edited);
      tree.delete();
      tree = next;
      const [spliced, whole] = readings(edited, csharpModel(tree, edited), csharpModelFromScratch(tree, edited));
      assert.equal(spliced, whole, label);
    });
    tree.delete();
  });

  it('tell whether a text names a plug-in or cmdlet base after each local edit as a search of the whole text does', async () => {
    const parser = await backend();
    const body = (n: number): string[] => [`  void M${n}()`, '  {', '    var note = "plain";', '    // remark', '  }'];
    const start = ['class C', '{', ...[0, 1, 2, 3].flatMap(body), '}', ''].join('\n');
    let tree = parser.parse('c_sharp', start);
    namesBase(start, csharpModel(tree, start));
    // Words typed and deleted a letter at a time inside bodies and comments (local edits): the whole word appears at the last letter.
    const edits: [string, string][] = [
      ['"plain"', '"IPlugi"'],
      ['"IPlugi"', '"IPlugin"'],
      ['// remark', '// Cmdle'],
      ['"IPlugin"', '"Plugin"'],
      ['// Cmdle', '// Cmdlet'],
      ['// Cmdlet', '// mdlet'],
      ['"Plugin"', '"CodeActivit"'],
      ['"CodeActivit"', '"CodeActivity"'],
      ['"CodeActivity"', '"plain"'],
    ];
    applySeededEdits(start, edits, 3, 3, (text, label) => {
      const next = parser.parse('c_sharp', text);
      tree.delete();
      tree = next;
      const whole = ['IPlugin', 'CodeActivity', 'Cmdlet'].some((w) => text.includes(w));
      assert.equal(namesBase(text, csharpModel(tree, text)), whole, label);
    });
    tree.delete();
  });
});
