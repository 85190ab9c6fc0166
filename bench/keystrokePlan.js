'use strict';
/**
 * The keystrokes of bench/csharpKeystroke.js: a generated 5,000-line C# file and one-character edits spread over it,
 * each followed by the keystroke that undoes it (type then backspace), so every sample is one character away from the
 * well-formed file — as when typing. Edits that break the syntax (a deleted `;` or `{`) are among them.
 */
const path = require('node:path');
const { LineIndex } = require(path.join(__dirname, '..', 'out/server/src/engine/text/lineIndex.js'));

/** The project next to the file: an executable on 4.5.2, so the file's protocol writes and clients are judged. */
const PROJECT = '<Project Sdk="Microsoft.NET.Sdk">\n  <PropertyGroup>\n    <OutputType>Exe</OutputType>\n    <TargetFramework>net452</TargetFramework>\n  </PropertyGroup>\n</Project>\n';

/** A realistic big file: many classes and methods, protocol writes, client creations, constants, comments. */
function generate(lines) {
  const out = ['using System;', 'using System.Net;', 'using Microsoft.Xrm.Tooling.Connector;', '', 'namespace Contoso.Big', '{'];
  let n = 0;
  // Each worker class is 57 lines; whole classes only, so the file parses without errors.
  while (out.length + 57 < lines - 2) {
    out.push(`    internal class Worker${n}`, '    {', `        private const SecurityProtocolType Legacy${n} = SecurityProtocolType.Tls | SecurityProtocolType.Tls11;`, '');
    for (let m = 0; m < 4; m++) {
      out.push(`        // Method ${m} of worker ${n}: loads accounts and logs them.`);
      out.push(`        public int Run${m}(string connectionString, int count)`, '        {');
      out.push('            var total = 0;', '            for (var i = 0; i < count; i++)', '            {', `                total += i * ${m + 1};`, '            }');
      if (m === 0) {
        out.push('            ServicePointManager.SecurityProtocol |= SecurityProtocolType.Tls12;');
      } else if (m === 1 && n % 5 === 0) {
        out.push(`            ServicePointManager.SecurityProtocol = Legacy${n};`);
        out.push('            var client = new CrmServiceClient(connectionString);');
      } else {
        out.push('            Console.WriteLine("total: " + total + " for " + connectionString);');
      }
      out.push('            return total;', '        }', '');
    }
    out.push('    }', '');
    n++;
  }
  while (out.length < lines - 2) {
    out.push('    // padding');
  }
  out.push('}', '');
  return out.join('\n');
}

/** One keystroke kind: where (`offset` into each occurrence of `needle`), what it deletes and what it types. */
const EDIT_KINDS = [
  { name: 'type a digit', needle: 'var total = 0;', offset: 12, remove: 0, insert: '1' },
  { name: 'type in an identifier', needle: 'Console.WriteLine', offset: 7, remove: 0, insert: 'x' },
  { name: 'type in a comment', needle: '// Method', offset: 3, remove: 0, insert: 'x' },
  { name: 'press Enter', needle: 'var total = 0;', offset: 14, remove: 0, insert: '\n            ' },
  { name: 'delete a semicolon', needle: 'return total;', offset: 12, remove: 1, insert: '' },
  { name: 'delete an opening brace', needle: '{\n                total +=', offset: 0, remove: 1, insert: '' },
  { name: 'turn |= into = (a pin)', needle: '|= SecurityProtocolType.Tls12', offset: 0, remove: 1, insert: '' },
];

/** `samples` keystrokes on `text`: each kind's edit then its undo, at occurrences spread over the file (from `start`). */
function keystrokes(text, samples, start = 0) {
  const plans = EDIT_KINDS.map((kind) => {
    const offsets = [];
    for (let at = text.indexOf(kind.needle); at >= 0; at = text.indexOf(kind.needle, at + 1)) {
      offsets.push(at + kind.offset);
    }
    if (offsets.length === 0) {
      throw new Error(`no place for "${kind.name}"`);
    }
    return { kind, offsets };
  });
  const out = [];
  for (let i = start; out.length < samples; i++) {
    const { kind, offsets } = plans[i % plans.length];
    const at = offsets[(i * 7919) % offsets.length];
    const removed = text.slice(at, at + kind.remove);
    out.push({ kind: kind.name, at, remove: kind.remove, insert: kind.insert });
    out.push({ kind: kind.name, at, remove: kind.insert.length, insert: removed });
  }
  return out;
}

/** The LSP content change for a keystroke on `text`, and the text after it. */
function applyKeystroke(text, k) {
  const lines = new LineIndex(text);
  const change = { range: { start: lines.positionAt(k.at), end: lines.positionAt(k.at + k.remove) }, text: k.insert };
  return { change, next: text.slice(0, k.at) + k.insert + text.slice(k.at + k.remove) };
}

module.exports = { PROJECT, EDIT_KINDS, generate, keystrokes, applyKeystroke };
