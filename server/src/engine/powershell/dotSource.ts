import { SyntaxNode } from '../parsing/parserPort';
import { walk } from '../parsing/walk';
import { dirOf, joinPath } from '../project/paths';
import { commandElements, core, parameterValue, positionalArguments, stringTemplate, variableName } from './psSyntax';

/** Resolves `$name` to the node of its single assignment in the script, if any. */
export type PathValues = (name: string) => SyntaxNode | undefined;

const NONE: PathValues = () => undefined;

/** `$PSScriptRoot`, `Split-Path -Parent $PSCommandPath`, `Split-Path $MyInvocation.MyCommand.Path`: the script's own folder. */
const SCRIPT_FOLDER = /^\$\{?PSScriptRoot\}?$|^\(?\s*\$?\(?\s*Split-Path\s+(-Parent\s+)?\$(PSCommandPath|\{PSCommandPath\}|MyInvocation\.MyCommand\.(Path|Definition))(\s+-Parent)?\s*\)?$/i;

/**
 * The script a `&` or `.` call (`. .\SetTls.ps1`, `& "$PSScriptRoot\SetTls.ps1"`, `& (Join-Path $dir 'x.ps1')` with
 * `$dir = Split-Path -Parent $PSCommandPath`) runs, resolved against the calling script's folder (docs/rules/TLS030.md, "Flow");
 * undefined when the path is computed at run time.
 */
export function dotSourceTarget(command: SyntaxNode, scriptPath: string, values: PathValues = NONE): string | undefined {
  const nameNode = command.namedChildren.find((c) => c?.type === 'command_name_expr' || c?.type === 'command_name');
  if (!nameNode) {
    return undefined;
  }
  const inner = core(nameNode.namedChildren[0] ?? nameNode);
  const raw = inner.type === 'parenthesized_expression' || inner.type === 'sub_expression' ? joinPathArguments(inner, values) : pathText(nameNode.type === 'command_name' ? nameNode : inner, values);
  return resolved(raw, scriptPath, /\.ps1$/i);
}

/** The workspace module an `Import-Module <path>` loads (a `.psm1`, or a folder holding `<folder>.psm1`); undefined for a module by name. */
export function importModuleTarget(command: SyntaxNode, scriptPath: string, values: PathValues = NONE): string | undefined {
  const elements = commandElements(command);
  const arg = parameterValue(elements, ['name', 'n']) ?? positionalArguments(elements)[0];
  if (!arg) {
    return undefined;
  }
  const inner = core(arg);
  const raw = inner.type === 'parenthesized_expression' || inner.type === 'sub_expression' ? joinPathArguments(inner, values) : pathText(inner, values);
  if (raw === undefined || !/[\\/]/.test(raw)) {
    return undefined;
  }
  const path = resolved(raw.replace(/\.psd1$/i, '.psm1'), scriptPath, /[^\\/]$/);
  if (!path || /\.psm1$/i.test(path)) {
    return path;
  }
  if (/\.(dll|ps1)$/i.test(path)) {
    return undefined;
  }
  return `${path}/${path.slice(path.lastIndexOf('/') + 1)}.psm1`;
}

function pathText(node: SyntaxNode, values: PathValues): string | undefined {
  const text = stringTemplate(node) ?? node.text;
  return text.replace(/^\$\{?([A-Za-z_]\w*)\}?(?=[\\/])/, (whole, name: string) => (folderVariable(name.toLowerCase(), values) ? '.' : whole));
}

function resolved(raw: string | undefined, scriptPath: string, shape: RegExp): string | undefined {
  if (!raw) {
    return undefined;
  }
  const rel = raw
    .replace(/^["']|["']$/g, '')
    .replace(/^\$\{?PSScriptRoot\}?/i, '.')
    .replace(/^\$\(\s*Split-Path\s+(-Parent\s+)?\$MyInvocation\.MyCommand\.(Path|Definition)(\s+-Parent)?\s*\)/i, '.');
  if (rel.includes('$') || rel.includes('(') || !shape.test(rel)) {
    return undefined;
  }
  return joinPath(dirOf(scriptPath), rel);
}

/** True when a variable holds the script's own folder (`$dir = Split-Path -Parent $PSCommandPath`). */
function folderVariable(name: string, values: PathValues): boolean {
  if (name === 'psscriptroot') {
    return true;
  }
  const def = values(name);
  return def !== undefined && SCRIPT_FOLDER.test(def.text.trim());
}

/** `(Join-Path $PSScriptRoot 'lib\SetTls.ps1')` → `$PSScriptRoot/lib\SetTls.ps1`; a variable holding the script folder → `.`. */
function joinPathArguments(node: SyntaxNode, values: PathValues): string | undefined {
  if (!/^\(\s*Join-Path\b/i.test(node.text)) {
    return undefined;
  }
  const parts: string[] = [];
  walk(node, (c) => {
    if (c.type === 'command_name' || c.type === 'command_parameter') {
      return false;
    }
    if (c.type === 'variable') {
      const name = variableName(c);
      parts.push(name !== undefined && folderVariable(name, values) ? '.' : c.text);
      return false;
    }
    if (c.type === 'string_literal' || c.type === 'generic_token') {
      parts.push(stringTemplate(c) ?? c.text);
      return false;
    }
    return true;
  });
  return parts.length >= 2 ? parts.join('/') : undefined;
}
