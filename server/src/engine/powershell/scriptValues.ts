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

/** Variables assigned exactly once in the script (lower-case name → value node): constants for evaluation. */
export function singleAssignments(root: SyntaxNode): Map<string, SyntaxNode> {
  const count = new Map<string, number>();
  const value = new Map<string, SyntaxNode>();
  walk(root, (n) => {
    if (n.type === 'script_parameter') {
      const variable = namedChildrenOf(n).find((c) => c.type === 'variable');
      const initial = namedChildrenOf(n).find((c) => c.type === 'script_parameter_default');
      const name = variable ? variableName(variable) : undefined;
      const v = initial ? namedChildrenOf(initial)[0] : undefined;
      if (name && v) {
        count.set(name, (count.get(name) ?? 0) + 1);
        value.set(name, v);
      }
    }
    if (n.type === 'assignment_expression') {
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
  return value;
}
