import { SyntaxNode } from '../parsing/parserPort';

/** A condition that selects an on-premises mode: `$AuthType -eq 'AD'` (either order), or a `$OnPremise`-like flag. */
const MODE = String.raw`['"](?:AD|IFD|Claims|OnPrem\w*|On-?Premises?)['"]`;
const SELECTS_ON_PREMISES = new RegExp(String.raw`^\s*(?:\$[\w:]+\s+-[ic]?(?:eq|like|match)\s+${MODE}|${MODE}\s+-[ic]?eq\s+\$[\w:]+|\$[\w:]*on-?prem\w*)\s*$`, 'i');
/** A `switch` arm named for an on-premises mode. */
const ON_PREMISES_ARM = /^\s*['"]?(?:AD|IFD|Claims|OnPrem\w*|On-?Premises?)['"]?\s*$/i;
const MAX_DEPTH = 200;

/**
 * The branch around a connection that selects an on-premises mode (docs/rules/TLS030.md): an `if`/`elseif` block whose
 * condition is `$AuthType -eq 'AD'` or a `$OnPremise` flag, or a `switch` arm named AD/IFD/Claims/OnPremise. Gives the
 * reason, for messages, and the condition, for related information; undefined when no enclosing block says so. An
 * `else` block says nothing (the negation of a condition is no mode).
 */
export function onPremisesBranch(node: SyntaxNode): { reason: string; condition: SyntaxNode } | undefined {
  let n: SyntaxNode | null = node;
  for (let depth = 0; n && depth < MAX_DEPTH; depth++, n = n.parent) {
    const owner = n.type === 'statement_block' ? n.parent : null;
    if (!owner) {
      continue;
    }
    if (owner.type === 'if_statement' || owner.type === 'elseif_clause') {
      const condition = owner.namedChildren.find((c) => c?.type === 'pipeline');
      if (condition && SELECTS_ON_PREMISES.test(condition.text)) {
        return { reason: `inside if (${condition.text.trim()})`, condition };
      }
    } else if (owner.type === 'switch_clause') {
      const label = owner.namedChildren.find((c) => c?.type === 'switch_clause_condition');
      if (label && ON_PREMISES_ARM.test(label.text)) {
        return { reason: `inside the switch arm ${label.text.trim()}`, condition: label };
      }
    }
  }
  return undefined;
}
