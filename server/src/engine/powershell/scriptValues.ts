import { SyntaxNode } from '../parsing/parserPort';
import { namedChildrenOf, walk } from '../parsing/walk';
import { variableName } from './psSyntax';

/** `#Requires -PSEdition Core` or `-Version 6+`: the script runs in PowerShell 7, whose web cmdlets ignore ServicePointManager. */
export function requiresCore(text: string): boolean {
  for (const m of text.matchAll(/^\s*#requires\s+(.*)$/gim)) {
    const args = m[1] ?? '';
    if (/-PSEdition\s+Core\b/i.test(args)) {
      return true;
    }
    const v = /-Version\s+(\d+)/i.exec(args);
    if (v && Number(v[1]) >= 6) {
      return true;
    }
  }
  return false;
}

/** Leaves and literals that hold no statement, command or assignment: walks skip them (the trees are deep). */
export const OPAQUE_NODES = new Set(['type_literal', 'integer_literal', 'variable', 'command_parameter', 'generic_token', 'comment', 'member_name', 'verbatim_string_characters', 'command_argument_sep']);

/** What a script declares: variables assigned exactly once (constants for evaluation) and functions, by lower-case name. */
export interface ScriptDeclarations {
  values: Map<string, SyntaxNode>;
  functions: Map<string, SyntaxNode>;
  /** Every command of the script, in document order (the flow sorts them into the functions that hold them). */
  commands: SyntaxNode[];
  /** Every member invocation (`[Type]::new(…)`, `$x.Method(…)`), in document order. */
  invocations: SyntaxNode[];
}

const memo = new WeakMap<SyntaxNode, ScriptDeclarations>();

/**
 * A script's declarations, collected in one walk per root (the flow's index and the DYN rules' connection readers ask
 * for the same root's; a plain copy's nodes never change). Shared: callers only read it.
 */
export function scriptDeclarations(root: SyntaxNode): ScriptDeclarations {
  let declarations = memo.get(root);
  if (!declarations) {
    declarations = readDeclarations(root);
    memo.set(root, declarations);
  }
  return declarations;
}

function readDeclarations(root: SyntaxNode): ScriptDeclarations {
  const count = new Map<string, number>();
  const value = new Map<string, SyntaxNode>();
  const functions = new Map<string, SyntaxNode>();
  const commands: SyntaxNode[] = [];
  const invocations: SyntaxNode[] = [];
  walk(root, (n) => {
    // Read once: every read of a node's type is a lookup (a wasm call the first time), and this walk visits every node.
    const type = n.type;
    if (OPAQUE_NODES.has(type)) {
      return false;
    }
    if (type === 'command') {
      commands.push(n);
    } else if (type === 'invokation_expression') {
      invocations.push(n);
    }
    if (type === 'function_statement') {
      const name = namedChildrenOf(n).find((c) => c.type === 'function_name')?.text.toLowerCase();
      if (name && !functions.has(name)) {
        functions.set(name, n);
      }
    }
    if (type === 'script_parameter') {
      const variable = namedChildrenOf(n).find((c) => c.type === 'variable');
      const initial = namedChildrenOf(n).find((c) => c.type === 'script_parameter_default');
      const name = variable ? variableName(variable) : undefined;
      const v = initial ? namedChildrenOf(initial)[0] : undefined;
      if (name && v) {
        count.set(name, (count.get(name) ?? 0) + 1);
        value.set(name, v);
      }
    }
    if (type === 'assignment_expression') {
      const left = namedChildrenOf(n)[0];
      const name = left ? variableName(left) : undefined;
      const v = n.childForFieldName('value');
      if (name && v) {
        count.set(name, (count.get(name) ?? 0) + 1);
        value.set(name, v);
      }
    }
    return true;
  });
  for (const [name, c] of count) {
    if (c !== 1) {
      value.delete(name);
    }
  }
  return { values: value, functions, commands, invocations };
}
