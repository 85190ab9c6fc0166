import assert from 'node:assert/strict';
import { join } from 'node:path';
import { SyntaxNode } from '../../server/src/engine/parsing/parserPort';
import { REPO_ROOT, listFiles } from './engineHarness';

/** Every field name of the PowerShell grammar (its node-types.json): a copy must answer each like the parser's nodes. */
export const PS_FIELDS = ['argument_expression_list', 'command_elements', 'command_name', 'condition', 'else_clause', 'elseif_clauses', 'for_condition', 'for_initializer', 'for_iterator', 'named_block_list', 'script_block_body', 'statement_list', 'statements', 'value'];

/** Every script of the samples and the fixtures (hundreds of real shapes: modules, broken scripts, non-ASCII text). */
export function workspaceScripts(): string[] {
  return [join(REPO_ROOT, 'samples'), join(REPO_ROOT, 'test', 'fixtures')].flatMap((dir) => listFiles(dir).map((p) => join(dir, p))).filter((p) => /\.(ps1|psm1)$/i.test(p));
}

/** What a comparison of two PowerShell trees adds to the common fields (type, named-ness, span, errors, children, fields). */
export interface PsNodeChecks {
  /** Also the node's text (a parser node against its copy). */
  text?: boolean;
  /** Also the copy's own missing mark and field (two copies). */
  plainFields?: boolean;
}

/**
 * The differences between two trees of one PowerShell text, node by node (empty when they agree; at most five): a
 * parser's tree against its plain copy (psTree.test.ts) or a full copy against one that took subtrees over
 * (psTreeReuse.test.ts). Also checks that each copied child knows its parent.
 */
export function psTreeDifferences(a0: SyntaxNode, b0: SyntaxNode, label: string, checks: PsNodeChecks = {}): string[] {
  type Plain = SyntaxNode & { missing?: boolean; field?: string };
  const out: string[] = [];
  const pairs: [Plain, Plain][] = [[a0, b0]];
  while (pairs.length > 0 && out.length < 5) {
    const [a, b] = pairs.pop() as [Plain, Plain];
    const same =
      a.type === b.type &&
      a.isNamed === b.isNamed &&
      a.startIndex === b.startIndex &&
      a.endIndex === b.endIndex &&
      (!checks.text || a.text === b.text) &&
      (!checks.plainFields || (a.missing === b.missing && a.field === b.field)) &&
      a.hasError === b.hasError &&
      a.children.length === b.children.length &&
      a.namedChildren.length === b.namedChildren.length &&
      PS_FIELDS.every((f) => a.childForFieldName(f)?.startIndex === b.childForFieldName(f)?.startIndex && a.childForFieldName(f)?.type === b.childForFieldName(f)?.type);
    if (!same) {
      out.push(`${label}: ${a.type}@${a.startIndex}-${a.endIndex} copied as ${b.type}@${b.startIndex}-${b.endIndex}`);
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
