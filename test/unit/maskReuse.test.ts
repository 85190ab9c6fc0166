import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { maskCsharp, maskCsharpRegions } from '../../server/src/engine/text/codeMask';
import { maskCsharpReusing } from '../../server/src/engine/csharp/maskReuse';
import { UsesOrigin, adalUses, readAdalUses } from '../../server/src/engine/csharp/adalUses';
import { noteEdit } from '../../server/src/engine/text/editTrail';

/**
 * A keystroke masks the file from the previous version's mask (csharp/maskReuse.ts), and DYN103's reading of the
 * masked code moves its results after an edit that cannot make, unmake or change a use, and finds none in a text that
 * names none of its words (csharp/adalUses.ts): both must give exactly what masking and reading the whole text give,
 * edit after edit — typed and deleted delimiters, prefixes, escapes, line breaks, dots and spaces in code, comments and
 * strings, next to the names the patterns read and far from them, included.
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

/** A seeded generator of integers below `n`, so a failure names a reproducible edit. */
function seeded(seed: number): (n: number) => number {
  let state = seed;
  return (n) => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state % n;
  };
}

const PLAIN = ['a', ' ', 'Crm', 'x', '\n', '1', 'e', 'using', 'IdentityModel', '.', ';'];
const NAMED = /Crm|IdentityModel|ServiceClient|OrganizationServiceProxy|Microsoft|LastCrm|using|namespace/g;

/**
 * One random edit: typed or deleted, half the time within a few characters of a word the patterns read (where an
 * edit may make, unmake or change a use), mostly plain characters (the edits that reuse), some delimiters.
 */
function randomEdit(text: string, next: (n: number) => number, typedSet: readonly string[]): string {
  const named = [...text.matchAll(NAMED)].map((m) => m.index);
  const near = named.length > 0 && next(2) === 0 ? (named[next(named.length)] ?? 0) + next(80) - 40 : next(text.length);
  const at = Math.max(0, Math.min(text.length, near));
  const typed = next(3) === 0 ? (typedSet[next(typedSet.length)] ?? 'a') : (PLAIN[next(PLAIN.length)] ?? 'a');
  return next(3) === 0 ? text.slice(0, at) + text.slice(at + 1 + next(2)) : text.slice(0, at) + typed + text.slice(at);
}

function countOrigins(): Record<UsesOrigin, number> {
  return { kept: 0, moved: 0, none: 0, read: 0 };
}

const TYPED = ['a', ' ', 'Crm', '.', 'LastCrmError', 'ServiceClient', '"', "'", '/', '*', '//', '/*', '*/', '\n', '\r\n', '@', '$', '\\', '{', '}', ';', 'x', 'OrganizationServiceProxy', '\t', 'using', 'namespace', 'Microsoft', 'Connector', '_'];

describe('C# mask reuse and DYN103 reading after an edit', () => {
  it('the mask equals masking the whole text, edit after edit', () => {
    const next = seeded(11);
    let text = file();
    let spliced = 0;
    for (let i = 0; i < 1500; i++) {
      text = randomEdit(text, next, TYPED);
      const reused = maskCsharpReusing(text);
      spliced += reused.edit?.view ? 1 : 0;
      const whole = maskCsharpRegions(text);
      assert.deepEqual(reused.view.regions(), whole.regions, `regions after edit ${i}`);
      const from = next(text.length);
      const to = from + next(200);
      assert.equal(reused.view.slice(from, to), whole.masked.code.slice(from, to), `masked slice after edit ${i}`);
      assert.equal(reused.view.code(), whole.masked.code, `mask after edit ${i}`);
    }
    assert.ok(spliced > 500, `most edits are spliced (${spliced})`);
  });

  it('DYN103 reading equals reading the whole text, edit after edit, edits near the named words included', () => {
    const next = seeded(23);
    let text = file();
    const origins = countOrigins();
    for (let i = 0; i < 3000; i++) {
      text = randomEdit(text, next, TYPED);
      const { origin } = readAdalUses(text);
      origins[origin]++;
      assert.deepEqual(adalUses(text, usings), reference(text), `DYN103 reading after edit ${i}`);
    }
    assert.ok(origins.moved > 1000 && origins.read > 200, `both moved and read again (${JSON.stringify(origins)})`);
  });

  it('edits the language server records (not always the smallest) give the whole text\'s mask and reading', () => {
    const next = seeded(47);
    let text = file();
    const origins = countOrigins();
    for (let i = 0; i < 2000; i++) {
      const named = [...text.matchAll(NAMED)].map((m) => m.index);
      const start = Math.max(0, Math.min(text.length, next(2) === 0 ? (named[next(named.length)] ?? 0) + next(80) - 40 : next(text.length)));
      const oldEnd = Math.min(text.length, start + next(4));
      const removed = text.slice(start, oldEnd);
      // A replacement that keeps some of what it replaces (an editor's whole-word or whole-line change).
      const typed = next(3) === 0 ? (TYPED[next(TYPED.length)] ?? 'a') : (PLAIN[next(PLAIN.length)] ?? 'a');
      const inserted = next(2) === 0 ? removed.slice(0, next(removed.length + 1)) + typed + removed.slice(next(removed.length + 1)) : typed;
      const edited = text.slice(0, start) + inserted + text.slice(oldEnd);
      noteEdit(text, edited, { start, oldEnd, newEnd: start + inserted.length });
      const check = (label: string): void => {
        origins[readAdalUses(text).origin]++;
        assert.deepEqual(adalUses(text, usings), reference(text), `DYN103 reading after ${label} ${i}`);
        assert.equal(maskCsharpReusing(text).view.code(), maskCsharp(text).code, `mask after ${label} ${i}`);
      };
      const previous = text;
      text = edited;
      check('edit');
      if (next(3) === 0) {
        // Undone: the text before, as another string (an editor's undo), then edited on from there.
        const undone = [previous.slice(0, 1), previous.slice(1)].join('');
        noteEdit(text, undone, { start, oldEnd: start + inserted.length, newEnd: oldEnd });
        text = undone;
        check('undo');
      }
    }
    assert.ok(origins.moved > 500 && origins.read > 100, `both moved and read again (${JSON.stringify(origins)})`);
  });

  it('a text naming none of the words has no uses until an edit names one, edit after edit', () => {
    const next = seeded(37);
    let text = file().replace(/Crm|IdentityModel|ServiceClient|OrganizationServiceProxy/g, 'Other');
    const origins = countOrigins();
    const typed = ['C', 'r', 'm', 'Cr', 'rm', 'Crm', 'Service', 'Client', 'ServiceClient', 'Identity', 'Model', 'OrganizationServiceProxy', ' ', '.', '\n', 'x', '"', '//'];
    for (let i = 0; i < 3000; i++) {
      // Take the named words out again now and then, so that most of the walk runs on texts that name none.
      text = next(40) === 0 ? text.replace(/Crm|IdentityModel|ServiceClient|OrganizationServiceProxy/g, 'Other') : randomEdit(text, next, typed);
      origins[readAdalUses(text).origin]++;
      assert.deepEqual(adalUses(text, usings), reference(text), `DYN103 reading after edit ${i}`);
    }
    assert.ok(origins.none > 1000 && origins.read + origins.moved > 100, `found none, and read or moved once named (${JSON.stringify(origins)})`);
  });

  it('equal to reading the whole text after every one-character edit of short texts', () => {
    const snippets = [
      `using Alias = Microsoft.Xrm.Sdk.CrmThing;\nnamespace N.CrmSync { class C { void M(Microsoft.Xrm.Tooling.Connector.CrmServiceClient c) {\n  var e = c . /* ${'a long comment '.repeat(30)} */ LastCrmError; var f = c .\n\u00a0LastCrmException;\n  var g = c .\n\tLastCrmError;\n  var h = c.CrmThing\n\t.Other; var r = Microsoft\n.IdentityModel.Clients.ActiveDirectory.Y;\n  var q = Microsoft . IdentityModel.Clients.ActiveDirectory.X;\n  using (var u = Make()) { u.CrmPing(); }\n  var p = c.OrganizationServiceProxy; ServiceClient s; } } }\n`,
      'class Q { CrmServiceClient c; }\nclass P { int M(int count) { var total = count * 2 + Math.Max(count, 3);\n  // a comment, "quoted"\n  return total . Length; } }\n',
      'class D { object a = Service_Client; object b = Cr_m; object c = IdentityXModel; object d = Organization ServiceProxy; }\n',
    ];
    const typed = [' ', 'x', '.', ';', '\n', '(', 'm', '\u00a0'];
    const origins = countOrigins();
    for (const base of snippets) {
      const edits: string[] = [];
      for (let at = 0; at <= base.length; at++) {
        edits.push(base.slice(0, at) + base.slice(at + 1), ...typed.map((t) => base.slice(0, at) + t + base.slice(at)));
      }
      for (const edited of edits) {
        readAdalUses(base);
        origins[readAdalUses(edited).origin]++;
        assert.deepEqual(adalUses(edited, usings), reference(edited), JSON.stringify(edited));
      }
    }
    assert.ok(origins.moved > 300 && origins.none > 300 && origins.read > 300, `moved, none and read (${JSON.stringify(origins)})`);
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
