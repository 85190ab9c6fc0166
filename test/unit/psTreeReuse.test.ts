import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { ParserBackend, ParserBackendName, SyntaxNode, SyntaxTree, TreeEdit, TreePoint } from '../../server/src/engine/parsing/parserPort';
import { walk } from '../../server/src/engine/parsing/walk';
import { notePsDocumentTree, notePsTreeEdit, psTree } from '../../server/src/engine/powershell/psTree';
import { backend } from '../support/engineHarness';
import { psTreeDifferences, workspaceScripts } from '../support/psTreeCompare';

/** What random keystrokes type: letters, digits, blanks, line breaks and the characters that open or close PowerShell syntax. */
const TYPED = ['a', 'Z', '7', ' ', '\n', '\r\n', '\t', '$', '(', ')', '{', '}', '[', ']', '"', "'", '#', '<#', '#>', '-', '|', ';', ',', '.', '=', '@', '`', '::', 'if ', 'function F '];

/** The row and UTF-16 column of an offset, as tree-sitter counts them. */
function pointAt(text: string, offset: number): TreePoint {
  const before = text.slice(0, offset);
  const row = before.split('\n').length - 1;
  return { row, column: offset - (before.lastIndexOf('\n') + 1) };
}

/** A seeded generator: the same seed gives the same edits, so a failure names a reproducible sequence. */
function generator(seed: number): (n: number) => number {
  let state = seed;
  return (n) => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state % n;
  };
}

/** How many nodes a copy read from the parser's cursor: the tree's root is wrapped so that its cursor counts its moves. */
function countingTree(tree: SyntaxTree, reads: { nodes: number }): SyntaxTree {
  const root = tree.rootNode as SyntaxNode & { walk(): object };
  const countingRoot = Object.create(root, {
    walk: {
      value: () => {
        const cursor = root.walk() as Record<string, unknown>;
        return new Proxy(cursor, {
          get(target, name) {
            const value = Reflect.get(target, name, target) as unknown;
            if (typeof value !== 'function') {
              return value;
            }
            return (...args: unknown[]) => {
              const result = (value as (...a: unknown[]) => unknown).apply(target, args);
              if ((name === 'gotoFirstChild' || name === 'gotoNextSibling') && result === true) {
                reads.nodes++;
              }
              return result;
            };
          },
        });
      },
    },
  }) as SyntaxNode;
  return Object.create(tree, { rootNode: { get: () => countingRoot } }) as SyntaxTree;
}

/** One script edited at random, `keystrokes` times (some in bursts of two edits before the reparse, as a fast typist's). */
function editAtRandom(parser: ParserBackend, start: string, seed: number, keystrokes: number, label: string, found: string[], reads: { copied: number; total: number }): void {
  const random = generator(seed);
  let text = start;
  let tree = parser.parse('powershell', text);
  notePsDocumentTree(tree, undefined);
  psTree(tree, text);
  for (let k = 0; k < keystrokes && found.length === 0; k++) {
    const burst = random(4) === 0 ? 2 : 1;
    const edits: string[] = [];
    for (let b = 0; b < burst; b++) {
      const at = random(text.length + 1);
      const remove = random(3) === 0 ? Math.min(1 + random(4), text.length - at) : 0;
      const insert = remove > 0 && random(2) === 0 ? '' : (TYPED[random(TYPED.length)] ?? 'a');
      const next = text.slice(0, at) + insert + text.slice(at + remove);
      const edit: TreeEdit = {
        startIndex: at,
        oldEndIndex: at + remove,
        newEndIndex: at + insert.length,
        startPosition: pointAt(text, at),
        oldEndPosition: pointAt(text, at + remove),
        newEndPosition: pointAt(next, at + insert.length),
      };
      tree.edit(edit);
      notePsTreeEdit(tree, edit);
      edits.push(`${JSON.stringify(insert)} for ${remove} at ${at}`);
      text = next;
    }
    const parsed = parser.parse('powershell', text, tree);
    const counted = { nodes: 0 };
    const next = countingTree(parsed, counted);
    notePsDocumentTree(next, tree);
    tree.delete();
    const copy = psTree(next, text);
    const where = `${label} (seed ${seed}, keystroke ${k}: ${edits.join(', ')})`;
    // The full copy of the same tree: another object for the same parser tree has no predecessor and no memo.
    const full = psTree(Object.create(parsed) as SyntaxTree, text);
    found.push(...psTreeDifferences(full, copy, where, { plainFields: true }));
    const all = (copy as unknown as { nodesInOrder(): readonly SyntaxNode[] }).nodesInOrder();
    reads.copied += counted.nodes;
    reads.total += all.length;
    for (let i = 1; i < all.length; i++) {
      if ((all[i] as SyntaxNode).startIndex < (all[i - 1] as SyntaxNode).startIndex) {
        found.push(`${where}: the copy's nodes are not in document order at ${i}`);
        break;
      }
    }
    tree = next;
  }
  tree.delete();
}

describe('psTree after an edit: the unchanged subtrees of the previous copy, taken over', () => {
  for (const name of ['wasm', 'native'] as ParserBackendName[]) {
    it(`${name}: random keystrokes in every script of the samples and fixtures give the copy a full walk gives`, async () => {
      const parser = await backend(name);
      const files = workspaceScripts();
      assert.ok(files.length > 50);
      const found: string[] = [];
      const reads = { copied: 0, total: 0 };
      files.forEach((path, i) => {
        editAtRandom(parser, readFileSync(path, 'utf8'), 1000 + i, 12, path, found, reads);
      });
      assert.deepEqual(found, []);
      if (name === 'wasm') {
        // Small scripts are mostly top-level statements, which a reparse always gives new slots: they are read again.
        assert.ok(reads.copied < reads.total, `the edited copies read ${reads.copied} of ${reads.total} nodes from the parser`);
      }
    });
  }

  it('a large module: many keystrokes, each copy exact, and only the nodes around the edit read from the parser', async () => {
    const parser = await backend('wasm');
    const module = workspaceScripts()
      .map((p) => readFileSync(p, 'utf8'))
      .filter((t) => !t.includes('\u0000'))
      .join('\n');
    const found: string[] = [];
    const reads = { copied: 0, total: 0 };
    editAtRandom(parser, module, 7, 40, 'all scripts in one module', found, reads);
    assert.deepEqual(found, []);
    // The top-level statements and their children are read again (the new root's slots are new); the rest is taken over.
    assert.ok(reads.copied < reads.total / 5, `the edited copies read ${reads.copied} of ${reads.total} nodes from the parser`);
  });

  it('a document tree reparsed from a tree without a copy, and a tree outside the document store, are copied in full and exactly', async () => {
    const parser = await backend('wasm');
    const text = 'function F { param($a) if ($a) { Get-CrmConnection -ServerUrl "https://x.crm.dynamics.com" } }\nF 1\n';
    const first = parser.parse('powershell', text);
    const second = parser.parse('powershell', text, first);
    notePsDocumentTree(second, first);
    first.delete();
    const copy = psTree(second, text);
    assert.deepEqual(psTreeDifferences(psTree(Object.create(second) as SyntaxTree, text), copy, 'uncopied predecessor', { plainFields: true }), []);
    const third = parser.parse('powershell', text, second);
    const seen: string[] = [];
    walk(psTree(third, text), (n) => {
      seen.push(`${n.type}@${n.startIndex}-${n.endIndex}`);
    });
    const real: string[] = [];
    walk(third.rootNode, (n) => {
      real.push(`${n.type}@${n.startIndex}-${n.endIndex}`);
    });
    assert.deepEqual(seen, real, 'a tree the store did not note is copied in full');
    second.delete();
    third.delete();
  });
});
