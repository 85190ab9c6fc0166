import { SyntaxNode } from '../parsing/parserPort';
import { namedChildrenOf } from '../parsing/walk';

/** Expression wrappers tree-sitter-powershell nests around every value; a wrapper with one child and no operator is transparent. */
const WRAPPERS = new Set([
  'pipeline',
  'pipeline_chain',
  'logical_expression',
  'bitwise_expression',
  'comparison_expression',
  'additive_expression',
  'multiplicative_expression',
  'format_expression',
  'range_expression',
  'array_literal_expression',
  'unary_expression',
  'left_assignment_expression',
  'argument_expression',
  'logical_argument_expression',
  'bitwise_argument_expression',
  'comparison_argument_expression',
  'additive_argument_expression',
  'multiplicative_argument_expression',
  'format_argument_expression',
  'range_argument_expression',
]);

/** The node a chain of transparent wrappers stands for (`pipeline > … > unary_expression > member_access` → member_access). */
export function core(node: SyntaxNode): SyntaxNode {
  let n = node;
  for (;;) {
    if (!WRAPPERS.has(n.type) || n.children.length !== 1) {
      return n;
    }
    const only = n.children[0];
    if (!only || !only.isNamed) {
      return n;
    }
    n = only;
  }
}

/** The type name inside a type literal (`[System.Net.ServicePointManager]` → `System.Net.ServicePointManager`). */
export function typeLiteralName(node: SyntaxNode): string | undefined {
  if (node.type !== 'type_literal') {
    return undefined;
  }
  const spec = namedChildrenOf(node).find((c) => c.type === 'type_spec');
  return spec?.text.replace(/\s+/g, '');
}

/** True when a type name ends with the given simple name (case-insensitive, any namespace qualifier). */
export function typeIs(typeName: string | undefined, simple: string): boolean {
  if (!typeName) {
    return false;
  }
  const last = typeName.split('.').pop() ?? '';
  return last.toLowerCase() === simple.toLowerCase();
}

/** A static member access or call `[Type]::Member`: the type name and member name. */
export function staticMember(node: SyntaxNode): { type: string; member: string } | undefined {
  if (node.type !== 'member_access' && node.type !== 'invokation_expression') {
    return undefined;
  }
  const kids = node.children.filter((c): c is SyntaxNode => c !== null);
  const typeNode = kids[0];
  if (!typeNode || typeNode.type !== 'type_literal' || kids[1]?.type !== '::') {
    return undefined;
  }
  const member = kids.find((c) => c.type === 'member_name');
  const type = typeLiteralName(typeNode);
  return type && member ? { type, member: member.text } : undefined;
}

/** True for `[Net.ServicePointManager]::SecurityProtocol` (any qualifier, any case). */
export function isSecurityProtocolProperty(node: SyntaxNode): boolean {
  const m = staticMember(core(node));
  return m !== undefined && node.type !== 'invokation_expression' && typeIs(m.type, 'ServicePointManager') && m.member.toLowerCase() === 'securityprotocol';
}

/** The literal value of a string node ('…' or "…" without expansions), or undefined when it expands variables. */
export function stringValue(node: SyntaxNode): string | undefined {
  const n = core(node);
  if (n.type === 'string_literal') {
    const inner = n.namedChildren[0];
    return inner ? stringValue(inner) : undefined;
  }
  if (n.type === 'verbatim_string_characters') {
    return n.text.replace(/^'/, '').replace(/'$/, '').replace(/''/g, "'");
  }
  if (n.type === 'expandable_string_literal') {
    if (namedChildrenOf(n).length > 0) {
      return undefined;
    }
    return n.text.replace(/^"/, '').replace(/"$/, '');
  }
  if (n.type === 'generic_token') {
    return n.text;
  }
  return undefined;
}

/** The text of a string with `$var` / `$(…)` parts kept as written (for URL and connection-string sniffing). */
export function stringTemplate(node: SyntaxNode): string | undefined {
  const n = core(node);
  if (n.type === 'string_literal') {
    return n.text.replace(/^["']/, '').replace(/["']$/, '');
  }
  if (n.type === 'generic_token') {
    return n.text;
  }
  return undefined;
}

const commandNames = new WeakMap<SyntaxNode, string | null>();

/**
 * A command's name as written, without a module qualifier (`Module\Get-CrmConnection` → `Get-CrmConnection`).
 * Memoised per node: the flow asks each command's name several times per pass (a node's name never changes, and a
 * parser that hands out new node objects just misses the memo).
 */
export function commandName(command: SyntaxNode): string | undefined {
  const known = commandNames.get(command);
  if (known !== undefined) {
    return known ?? undefined;
  }
  const name = readCommandName(command);
  commandNames.set(command, name ?? null);
  return name;
}

function readCommandName(command: SyntaxNode): string | undefined {
  const name = command.childForFieldName('command_name') ?? namedChildrenOf(command).find((c) => c.type === 'command_name' || c.type === 'command_name_expr');
  if (!name) {
    return undefined;
  }
  const text = name.type === 'command_name_expr' ? (stringValue(name.namedChildren[0] ?? name) ?? name.text) : name.text;
  return text.split('\\').pop();
}

/** True for the invocation operator of a command: `.` (dot-source) or `&` (call). */
export function invocationOperator(command: SyntaxNode): '.' | '&' | undefined {
  const op = namedChildrenOf(command).find((c) => c.type === 'command_invokation_operator');
  return op ? (op.text.trim() as '.' | '&') : undefined;
}

/** One element of a command line: a parameter (`-Name`, also with an en/em dash) or an argument value. */
export interface CommandElement {
  node: SyntaxNode;
  /** Lower-cased parameter name without the dash (and a trailing colon), for parameters. */
  parameter?: string;
}

const DASHES = /^[-\u2013\u2014\u2015]/;

/** The parameters and arguments of a command, in order (separators dropped). */
export function commandElements(command: SyntaxNode): CommandElement[] {
  const list = command.childForFieldName('command_elements') ?? namedChildrenOf(command).find((c) => c.type === 'command_elements');
  if (!list) {
    return [];
  }
  const out: CommandElement[] = [];
  for (const c of namedChildrenOf(list)) {
    if (c.type === 'command_argument_sep' || c.type === 'comment') {
      continue;
    }
    const n = core(c);
    if (n.type === 'command_parameter' || (n.type === 'generic_token' && DASHES.test(n.text) && /^[-\u2013\u2014\u2015][A-Za-z]/.test(n.text))) {
      out.push({ node: n, parameter: n.text.replace(DASHES, '').replace(/:$/, '').toLowerCase() });
    } else {
      out.push({ node: c });
    }
  }
  return out;
}

/** The value node following a named parameter (`-ServerUrl <value>`), matching a unique prefix as PowerShell does. */
export function parameterValue(elements: readonly CommandElement[], names: readonly string[]): SyntaxNode | undefined {
  for (let i = 0; i < elements.length; i++) {
    const p = elements[i]?.parameter;
    if (p !== undefined && names.includes(p)) {
      const next = elements[i + 1];
      return next && next.parameter === undefined ? next.node : undefined;
    }
  }
  return undefined;
}

/** True when a named parameter is present (`-OnLineType`, `-InteractiveMode`). */
export function hasParameter(elements: readonly CommandElement[], names: readonly string[]): boolean {
  return elements.some((e) => e.parameter !== undefined && names.includes(e.parameter));
}

/** Positional arguments: values not bound to a preceding parameter. */
export function positionalArguments(elements: readonly CommandElement[]): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let i = 0; i < elements.length; i++) {
    const e = elements[i];
    if (!e) {
      continue;
    }
    const prev = elements[i - 1];
    if (e.parameter === undefined && !(prev && prev.parameter !== undefined && !isSwitchLike(prev.parameter))) {
      out.push(e.node);
    }
  }
  return out;
}

const SWITCHES = new Set(['interactivemode', 'usebasicparsing', 'usedefaultcredentials', 'verbose', 'debug', 'force', 'noprofile']);

function isSwitchLike(name: string): boolean {
  return SWITCHES.has(name);
}

/** The variables splatted into a command (`@params`), lower-cased names without the sigil. */
export function splattedVariables(elements: readonly CommandElement[]): string[] {
  return elements.map((e) => core(e.node)).filter((n) => n.type === 'variable' && n.text.startsWith('@')).map((n) => n.text.slice(1).toLowerCase());
}

/** The name of a `$variable` node (lower-cased, scope prefix dropped), or undefined. */
export function variableName(node: SyntaxNode): string | undefined {
  const n = core(node);
  if (n.type !== 'variable' || !n.text.startsWith('$')) {
    return undefined;
  }
  return n.text.slice(1).replace(/^\{|\}$/g, '').replace(/^(script|global|local|private):/i, '').toLowerCase();
}

/** The statements of a statement list (comments and empty statements dropped). */
export function statementsOf(list: SyntaxNode): SyntaxNode[] {
  return namedChildrenOf(list).filter((c) => c.type !== 'comment' && c.type !== 'empty_statement');
}

/** The statement list inside a statement block, script block or script-block expression. */
export function bodyList(node: SyntaxNode): SyntaxNode | undefined {
  if (node.type === 'statement_list') {
    return node;
  }
  for (const c of namedChildrenOf(node)) {
    if (c.type === 'statement_list') {
      return c;
    }
    if (c.type === 'script_block' || c.type === 'script_block_body' || c.type === 'named_block_list' || c.type === 'named_block' || c.type === 'statement_block') {
      const inner = bodyList(c);
      if (inner) {
        return inner;
      }
    }
  }
  return undefined;
}

/** The smallest statement (a direct child of a statement list) that holds a node. */
export function statementOf(node: SyntaxNode): SyntaxNode {
  let n = node;
  while (n.parent && n.parent.type !== 'statement_list') {
    n = n.parent;
  }
  return n;
}
