import { SyntaxNode } from '../parsing/parserPort';
import { walk } from '../parsing/walk';
import { dirOf, joinPath } from '../project/paths';
import { core, stringTemplate } from './psSyntax';

/**
 * The file a dot-source command (`. .\SetTls.ps1`, `. "$PSScriptRoot\SetTls.ps1"`, `. (Join-Path $PSScriptRoot 'x.ps1')`)
 * loads, resolved against the script's folder; undefined when the path is computed at run time.
 */
export function dotSourceTarget(command: SyntaxNode, scriptPath: string): string | undefined {
  const nameNode = command.namedChildren.find((c) => c?.type === 'command_name_expr' || c?.type === 'command_name');
  if (!nameNode) {
    return undefined;
  }
  const inner = core(nameNode.namedChildren[0] ?? nameNode);
  let raw: string | undefined;
  if (inner.type === 'parenthesized_expression' || inner.type === 'sub_expression') {
    raw = joinPathArguments(inner);
  } else {
    raw = stringTemplate(inner) ?? (nameNode.type === 'command_name' ? nameNode.text : undefined) ?? inner.text;
  }
  if (!raw) {
    return undefined;
  }
  const rel = raw
    .replace(/^["']|["']$/g, '')
    .replace(/^\$\{?PSScriptRoot\}?/i, '.')
    .replace(/^\$\(\s*Split-Path\s+(-Parent\s+)?\$MyInvocation\.MyCommand\.(Path|Definition)(\s+-Parent)?\s*\)/i, '.');
  if (rel.includes('$') || rel.includes('(') || !/\.ps1$/i.test(rel)) {
    return undefined;
  }
  return joinPath(dirOf(scriptPath), rel);
}

/** `(Join-Path $PSScriptRoot 'lib\SetTls.ps1')` → `$PSScriptRoot/lib\SetTls.ps1`. */
function joinPathArguments(node: SyntaxNode): string | undefined {
  if (!/^\(\s*Join-Path\b/i.test(node.text)) {
    return undefined;
  }
  const parts: string[] = [];
  walk(node, (c) => {
    if (c.type === 'command_name') {
      return false;
    }
    if (c.type === 'variable' || c.type === 'string_literal' || c.type === 'generic_token') {
      parts.push(stringTemplate(c) ?? c.text);
      return false;
    }
    return true;
  });
  return parts.length >= 2 ? parts.join('/') : undefined;
}
