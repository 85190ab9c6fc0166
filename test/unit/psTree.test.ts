import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ParserBackendName, SyntaxNode } from '../../server/src/engine/parsing/parserPort';
import { walk } from '../../server/src/engine/parsing/walk';
import { psTree } from '../../server/src/engine/powershell/psTree';
import { REPO_ROOT, backend, listFiles } from '../support/engineHarness';

/** Every field name of the PowerShell grammar (its node-types.json): the copy must answer each like the parser's nodes. */
const FIELDS = ['argument_expression_list', 'command_elements', 'command_name', 'condition', 'else_clause', 'elseif_clauses', 'for_condition', 'for_initializer', 'for_iterator', 'named_block_list', 'script_block_body', 'statement_list', 'statements', 'value'];

/** Every script of the samples and the fixtures (hundreds of real shapes: modules, broken scripts, non-ASCII text). */
function scripts(): string[] {
  return [join(REPO_ROOT, 'samples'), join(REPO_ROOT, 'test', 'fixtures')].flatMap((dir) => listFiles(dir).map((p) => join(dir, p))).filter((p) => /\.(ps1|psm1)$/i.test(p));
}

/** The differences between a parser node and its copy, node by node (empty when the copy is exact). */
function differences(real: SyntaxNode, copy: SyntaxNode, path: string): string[] {
  const out: string[] = [];
  const pairs: [SyntaxNode, SyntaxNode][] = [[real, copy]];
  while (pairs.length > 0 && out.length < 5) {
    const [a, b] = pairs.pop() as [SyntaxNode, SyntaxNode];
    const same =
      a.type === b.type &&
      a.isNamed === b.isNamed &&
      a.startIndex === b.startIndex &&
      a.endIndex === b.endIndex &&
      a.text === b.text &&
      a.hasError === b.hasError &&
      a.children.length === b.children.length &&
      a.namedChildren.length === b.namedChildren.length &&
      FIELDS.every((f) => a.childForFieldName(f)?.startIndex === b.childForFieldName(f)?.startIndex && a.childForFieldName(f)?.type === b.childForFieldName(f)?.type);
    if (!same) {
      out.push(`${path}: ${a.type}@${a.startIndex}-${a.endIndex} copied as ${b.type}@${b.startIndex}-${b.endIndex}`);
    }
    a.children.forEach((c, i) => {
      const d = b.children[i];
      if (c && d) {
        pairs.push([c, d]);
        assert.equal(d.parent, b, 'a copied child knows its parent');
      }
    });
  }
  return out;
}

describe('psTree: the plain copy of a PowerShell tree', () => {
  for (const name of ['wasm', 'native'] as ParserBackendName[]) {
    it(`${name}: every node of every script is copied exactly (type, span, text, children, fields, errors)`, async () => {
      const parser = await backend(name);
      const files = scripts();
      assert.ok(files.length > 50, 'the fixtures hold many scripts');
      const found: string[] = [];
      for (const path of files) {
        const text = readFileSync(path, 'utf8');
        const tree = parser.parse('powershell', text);
        found.push(...differences(tree.rootNode, psTree(tree, text), path));
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
        assert.deepEqual(differences(tree.rootNode, psTree(tree, text), JSON.stringify(text)), []);
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
      for (const path of scripts()) {
        const text = readFileSync(path, 'utf8');
        for (const [k, insert] of ['{', '"', '\u0000', '`', '(', '@\''].entries()) {
          const at = Math.floor((text.length * (k + 1)) / 7);
          const broken = text.slice(0, at) + insert + text.slice(at);
          const tree = parser.parse('powershell', broken);
          found.push(...differences(tree.rootNode, psTree(tree, broken), `${path} + ${JSON.stringify(insert)} at ${at}`));
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
