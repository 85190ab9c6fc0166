import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { ParserBackendName, SyntaxNode } from '../../server/src/engine/parsing/parserPort';
import { walk } from '../../server/src/engine/parsing/walk';
import { psTree } from '../../server/src/engine/powershell/psTree';
import { backend } from '../support/engineHarness';
import { psTreeDifferences, workspaceScripts } from '../support/psTreeCompare';

describe('psTree: the plain copy of a PowerShell tree', () => {
  for (const name of ['wasm', 'native'] as ParserBackendName[]) {
    it(`${name}: every node of every script is copied exactly (type, span, text, children, fields, errors)`, async () => {
      const parser = await backend(name);
      const files = workspaceScripts();
      assert.ok(files.length > 50, 'the fixtures hold many scripts');
      const found: string[] = [];
      for (const path of files) {
        const text = readFileSync(path, 'utf8');
        const tree = parser.parse('powershell', text);
        found.push(...psTreeDifferences(tree.rootNode, psTree(tree, text), path, { text: true }));
        tree.delete();
      }
      assert.deepEqual(found, []);
    });
  }

  for (const name of ['wasm', 'native'] as ParserBackendName[]) {
    it(`${name}: every node's error flag is the parser's, where the copied children do not tell it`, async () => {
      const parser = await backend(name);
      // A missing statement terminator the grammar hides (no cursor visits it): the parser's tree has an error.
      const hidden = 'Get-X -Y `';
      // A NUL the lexer skips: an ERROR leaf that the parser counts no error (its ERROR parent does).
      const skipped = 'Write-Host a\u0000';
      for (const text of [hidden, skipped]) {
        const tree = parser.parse('powershell', text);
        assert.deepEqual(psTreeDifferences(tree.rootNode, psTree(tree, text), JSON.stringify(text), { text: true }), []);
        tree.delete();
      }
      const tree = parser.parse('powershell', hidden);
      assert.equal(tree.rootNode.hasError, true, 'the hidden terminator is an error to the parser');
      assert.equal(psTree(tree, hidden).hasError, true);
      tree.delete();
    });

    it(`${name}: every node of every script broken by a character is copied exactly, errors included`, async () => {
      const parser = await backend(name);
      const found: string[] = [];
      for (const path of workspaceScripts()) {
        const text = readFileSync(path, 'utf8');
        for (const [k, insert] of ['{', '"', '\u0000', '`', '(', '@\''].entries()) {
          const at = Math.floor((text.length * (k + 1)) / 7);
          const broken = text.slice(0, at) + insert + text.slice(at);
          const tree = parser.parse('powershell', broken);
          found.push(...psTreeDifferences(tree.rootNode, psTree(tree, broken), `${path} + ${JSON.stringify(insert)} at ${at}`, { text: true }));
          tree.delete();
        }
      }
      assert.deepEqual(found, []);
    });
  }

  it('walks a subtree in document order and skips the children of a node the visitor refuses, as the stack walk does', async () => {
    const parser = await backend('wasm');
    const source = 'function F {\n  param($a)\n  if ($a -eq 1) { Get-CrmConnection -ServerUrl "https://x.crm.dynamics.com" } }\n$b = @{ k = [Net.SecurityProtocolType]::Tls12 }\nF 1 # done\n';
    const tree = parser.parse('powershell', source);
    const copy = psTree(tree, source);
    const refuse = (n: SyntaxNode): boolean => n.type !== 'if_statement' && n.type !== 'type_literal';
    const order = (root: SyntaxNode): string[] => {
      const seen: string[] = [];
      walk(root, (n) => {
        seen.push(`${n.type}@${n.startIndex}`);
        return refuse(n);
      });
      return seen;
    };
    assert.deepEqual(order(copy), order(tree.rootNode));
    const body = copy.namedChildren[0]?.namedChildren[0];
    const realBody = tree.rootNode.namedChildren[0]?.namedChildren[0];
    assert.ok(body && realBody);
    assert.deepEqual(order(body), order(realBody), 'a walk of a subtree stays inside it');
    const at = source.indexOf('if (');
    assert.ok(order(copy).includes(`if_statement@${at}`), 'the refused if statement is visited');
    const inside = source.indexOf('Get-CrmConnection');
    assert.ok(!order(copy).some((s) => s.startsWith(`command@${inside}`)), 'its children are not (the command inside it)');
    assert.ok(order(copy).some((s) => s.startsWith(`command@${source.indexOf('F 1')}`)), 'the walk goes on after the refused node');
    tree.delete();
  });

  it('is made once per tree and text', async () => {
    const parser = await backend('wasm');
    const text = '$x = 1\n';
    const tree = parser.parse('powershell', text);
    assert.equal(psTree(tree, text), psTree(tree, text));
    tree.delete();
  });
});
