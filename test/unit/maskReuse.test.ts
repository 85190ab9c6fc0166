import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { maskCsharp } from '../../server/src/engine/text/codeMask';
import { maskCsharpReusing } from '../../server/src/engine/csharp/maskReuse';
import { adalUses } from '../../server/src/engine/csharp/adalUses';

/**
 * A keystroke masks the file from the previous version's mask (csharp/maskReuse.ts), and DYN103's reading of the
 * masked code moves its results after an edit inside a comment or literal (csharp/adalUses.ts): both must give exactly
 * what masking and reading the whole text give, edit after edit — typed and deleted delimiters, prefixes, escapes,
 * line breaks in code, comments and strings included.
 */

const usings = { namespaces: new Set<string>(), aliases: new Map<string, string>(), staticTypes: [], plain: [] };

function file(): string {
  const out = ['using Microsoft.Xrm.Tooling.Connector;', 'using Microsoft.IdentityModel.Clients.ActiveDirectory;', 'namespace N', '{'];
  for (let c = 0; c < 6; c++) {
    out.push(`  class W${c}`, '  {', '    // CrmServiceClient in a comment; "quotes" and \'q\' here', '    /* block CrmServiceClient */');
    out.push('    void M(string cs)', '    {', '      var c = new Microsoft.Xrm.Tooling.Connector.CrmServiceClient(cs);', '      var e = c . LastCrmError;');
    out.push('      var s = @"verbatim ""CrmServiceClient"" \\ text";', '      var i = $"interp {cs} CrmServiceClient";', '      var r = """raw "CrmServiceClient" text""";');
    out.push('      using (var u = Make(cs)) { }', '      var q = Microsoft . IdentityModel.Clients  .ActiveDirectory.X;');
    out.push("      var ch = '\\'';", '      var x = "esc \\" CrmServiceClient";', '      var p = c.OrganizationServiceProxy;', '      var id = c.GetMyCrmUserId();', '    }', '  }');
  }
  out.push('}', '');
  return out.join('\n');
}

/** What DYN103 read before the reading was made incremental: regular expressions over the masked code (the spec). */
function reference(text: string): unknown {
  const { code } = maskCsharp(text);
  const clientNames = [...code.matchAll(/\bCrmServiceClient\b/g)].map((m) => {
    const q = /Microsoft\s*\.\s*Xrm\s*\.\s*Tooling\s*\.\s*Connector\s*\.\s*$/.exec(code.slice(Math.max(0, m.index - 60), m.index));
    return { start: m.index, end: m.index + m[0].length, qualifiedStart: q ? m.index - q[0].length : m.index };
  });
  const first = /\bMicrosoft\s*\.\s*IdentityModel\s*\.\s*Clients\s*\.\s*ActiveDirectory\b/.exec(code);
  const renamedMembers = [...code.matchAll(/\.\s*(LastCrmError|LastCrmException)\b/g)].map((m) => {
    const name = m[1] ?? '';
    const start = m.index + m[0].length - name.length;
    return { start, end: start + name.length, newName: name.replace('Crm', '') };
  });
  const others = new Set<string>();
  for (const m of code.matchAll(/\.\s*(\w*Crm\w*)\b(?!\s*\.)/g)) {
    const name = m[1] ?? '';
    const declaration = /^\s*(namespace|using)\b/.test(code.slice(code.lastIndexOf('\n', m.index) + 1, m.index));
    if (!declaration && !['CrmServiceClient', 'LastCrmError', 'LastCrmException'].includes(name)) {
      others.add(name);
    }
  }
  const blocker =
    others.size > 0
      ? `the file uses ${[...others].slice(0, 3).join(', ')}, which ServiceClient may name differently: rename by hand`
      : /\bServiceClient\b/.test(code.replace(/\bCrmServiceClient\b/g, ''))
        ? 'the file already uses another type named ServiceClient'
        : /\.\s*OrganizationServiceProxy\b/.test(code)
          ? 'the file uses CrmServiceClient.OrganizationServiceProxy, which ServiceClient does not have (WS-Trust, DYN101)'
          : undefined;
  return { toolingUsings: [], clientNames, renamedMembers, adal: first ? { start: first.index, end: first.index + first[0].length } : undefined, renameBlocker: blocker };
}

const TYPED = ['a', ' ', 'Crm', '.', 'LastCrmError', 'ServiceClient', '"', "'", '/', '*', '//', '/*', '*/', '\n', '\r\n', '@', '$', '\\', '{', '}', ';', 'x', 'OrganizationServiceProxy', '\t', 'using', 'namespace', 'Microsoft', 'Connector', '_'];

describe('C# mask reuse and DYN103 reading after an edit', () => {
  it('equal to masking and reading the whole text, edit after edit', () => {
    let seed = 11;
    const next = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    let text = file();
    let spliced = 0;
    for (let i = 0; i < 1500; i++) {
      const at = next(text.length);
      // Mostly plain characters (the edits that reuse), some delimiters (the edits that must not).
      const typed = next(3) === 0 ? (TYPED[next(TYPED.length)] ?? 'a') : (['a', ' ', 'Crm', 'x', '\n', '1', 'e', 'using', 'IdentityModel'][next(9)] ?? 'a');
      text = next(3) === 0 ? text.slice(0, at) + text.slice(at + 1 + next(2)) : text.slice(0, at) + typed + text.slice(at);
      const reused = maskCsharpReusing(text);
      spliced += reused.from ? 1 : 0;
      assert.deepEqual(reused.masked, maskCsharp(text), `mask after edit ${i} at ${at}`);
      assert.deepEqual(adalUses(text, usings), reference(text), `DYN103 reading after edit ${i} at ${at}`);
    }
    assert.ok(spliced > 500, `most edits are spliced (${spliced})`);
  });

  it('reads again when a word typed or deleted in code joins or parts the words around it', () => {
    const before = 'namespace N { class C { void M() { var q = Microsoft x. IdentityModel.Clients.ActiveDirectory.X; var n = c. x CrmUserId; } } }\n';
    const edits = [before.replace('x.', '.'), before.replace('x.', 'yx.'), before.replace('. x Crm', '. Crm'), before.replace('. x Crm', '. xCrm')];
    for (const after of edits) {
      adalUses(before, usings);
      assert.deepEqual(adalUses(after, usings), reference(after), after);
    }
    assert.ok((adalUses(edits[0] ?? '', usings).adal?.start ?? 0) > 0);
  });
});
