import { SyntaxNode } from '../parsing/parserPort';
import { walk } from '../parsing/walk';
import { regexLiteral } from '../util/regexText';
import { crmScriptWords } from './crmScriptWords';

/** A PowerShell read of `$conn.OrganizationServiceProxy` (docs/rules/DYN101.md, "PowerShell"). */
export interface ScriptProxyRead {
  /** The `$conn.OrganizationServiceProxy` member access. */
  node: SyntaxNode;
  /** The script copes with the property being null here (a test of it, or code only such a test lets run). */
  guarded: boolean;
}

/** Where a guard stops applying: a function's or a script block's body. */
const BODY_OWNER = new Set(['function_statement', 'script_block_expression']);
/** The wrappers tree-sitter-powershell puts around a value, passed through to find what the read is an operand of. */
const PASS_THROUGH = /^(pipeline|pipeline_chain|logical_expression|comparison_expression|bitwise_expression|additive_expression|multiplicative_expression|format_expression|range_expression|array_literal_expression|unary_expression|parenthesized_expression)$/;
/** A statement block that leaves the statement list: what makes `if (-not $c.OrganizationServiceProxy) { return }` a guard. */
const EXIT = /^\{\s*(return|throw|exit|break|continue)\b/i;

/**
 * The reads of `$x.OrganizationServiceProxy` (any case, a variable's property) in a script that names `CrmServiceClient`
 * (a typed parameter, `[…CrmServiceClient]::new`) or calls `Get-CrmConnection`/`Connect-CrmOnline*` (which return one),
 * with whether each copes with the property being null.
 */
export function scriptProxyReads(text: string, root: SyntaxNode): ScriptProxyRead[] {
  // A script that connects through CrmServiceClient or names its type: its `$x.OrganizationServiceProxy` is the property.
  const words = crmScriptWords(text);
  if (!words.proxyProperty || !(words.clientType || words.connector)) {
    return [];
  }
  const out: ScriptProxyRead[] = [];
  walk(root, (n) => {
    if (n.type !== 'member_access') {
      return undefined;
    }
    const [receiver, dot, member] = n.children;
    if (receiver?.type === 'variable' && dot?.type === '.' && member?.type === 'member_name' && /^organizationserviceproxy$/i.test(member.text)) {
      out.push({ node: n, guarded: guarded(n, receiver.text.toLowerCase()) });
    }
    return undefined;
  });
  return out;
}

/** The condition of an `if` or `elseif` whose block holds `child`, or undefined. */
function branchCondition(n: SyntaxNode, child: SyntaxNode): SyntaxNode | undefined {
  if ((n.type === 'if_statement' || n.type === 'elseif_clause') && child.type === 'statement_block') {
    return n.childForFieldName('condition') ?? undefined;
  }
  return undefined;
}

/**
 * True when the read copes with a null property: it is a test of it (the whole condition of an `if`, an operand of
 * `-and`/`-or`/`-not`/`!`, compared with `$null`), or it runs only where such a test said it is set — the block of an
 * `if`/`elseif` whose condition says so, the `else` of an `if` whose condition says it is null, the right of `-and`
 * after such a test, or a statement after `if (-not $c.OrganizationServiceProxy) { return }` (or `-eq $null`; `throw`,
 * `exit`, `break`, `continue`) in its statement list.
 */
function guarded(access: SyntaxNode, receiver: string): boolean {
  let operand = access.parent;
  while (operand && PASS_THROUGH.test(operand.type) && operand.namedChildren.length === 1) {
    operand = operand.parent;
  }
  if (operand && isTest(operand)) {
    return true;
  }
  const property = `${regexLiteral(receiver)}\\.organizationserviceproxy`;
  // A test's operand ends the condition, a parenthesis or a `-and`/`-or` (not `.Timeout`, not another comparison).
  const and = '(?=$|-and|\\))';
  const or = '(?=$|-and|-or|\\))';
  const notNull = new RegExp(`(^|-and|\\()(?<!(-not|!)\\()${property}${and}|${property}-ne\\$null${and}|\\$null-ne${property}${and}`);
  const isNull = new RegExp(`${property}-eq\\$null${or}|\\$null-eq${property}${or}|(-not|!)\\(?${property}${or}`);
  const tests = (n: SyntaxNode | null | undefined, re: RegExp): boolean => !!n && re.test(n.text.replace(/\s+/g, '').toLowerCase());
  let child = access;
  for (let n = access.parent; n && !BODY_OWNER.has(n.type); child = n, n = n.parent) {
    if (tests(branchCondition(n, child), notNull)) {
      return true;
    }
    if (n.type === 'else_clause' && n.parent?.type === 'if_statement' && tests(n.parent.childForFieldName('condition'), isNull)) {
      return true;
    }
    if (n.type === 'logical_expression' && /^-and$/i.test(n.children[1]?.text ?? '') && n.children[2]?.startIndex === child.startIndex && tests(n.children[0], notNull)) {
      return true;
    }
    if (n.type === 'statement_list' && n.namedChildren.some((s) => s !== null && s.endIndex <= child.startIndex && exitsWhenNull(s, isNull, tests))) {
      return true;
    }
  }
  return false;
}

/** An `if` whose condition says the property is null and whose block leaves (`return`, `throw`, …). */
function exitsWhenNull(s: SyntaxNode, isNull: RegExp, tests: (n: SyntaxNode | null, re: RegExp) => boolean): boolean {
  const block = s.namedChildren.find((c) => c?.type === 'statement_block');
  return s.type === 'if_statement' && tests(s.childForFieldName('condition'), isNull) && EXIT.test(block?.text ?? '');
}

/** The read is itself a test: the whole condition of an `if`/`elseif`/`while`, a logical operand, negated, or compared with `$null`. */
function isTest(operand: SyntaxNode): boolean {
  switch (operand.type) {
    case 'if_statement':
    case 'elseif_clause':
    case 'while_statement':
    case 'logical_expression':
      return true;
    case 'expression_with_unary_operator':
      return /^(-not\b|!)/i.test(operand.text);
    case 'comparison_expression':
      return /^-(eq|ne)$/i.test(operand.children[1]?.text ?? '') && operand.namedChildren.some((c) => c?.text.trim().toLowerCase() === '$null');
    default:
      return false;
  }
}
