import { SyntaxNode, SyntaxTree } from '../parsing/parserPort';
import { mentionsDataverse } from './connections';
import { FunctionCommands } from './flowCommands';
import { commandName } from './psSyntax';
import { ScriptDeclarations, requiresCore, scriptDeclarations } from './scriptValues';
import { PsNode, psTree } from './psTree';

/** What the flow of a script needs from its tree and text alone, whatever the workspace says (links, callers). */
export interface ScriptIndex {
  /** The script's tree as plain nodes (psTree.ts): what the flow walks. */
  root: PsNode;
  declarations: ScriptDeclarations;
  /** Each function's commands (lower-case name), sorted into the innermost function that holds them. */
  commands: Map<string, FunctionCommands>;
  /** For each function (lower-case name), the functions whose bodies invoke it: they must be analysed first. */
  callers: Map<string, Set<string>>;
  /** `#Requires -PSEdition Core` or `-Version 6+`. */
  requiresCore: boolean;
  /** The script mentions Dataverse (a bare `ServiceClient` is then Dynamics'). */
  dataverse: boolean;
}

const memo = new WeakMap<SyntaxTree, { text: string; index: ScriptIndex }>();

/**
 * The script index of a tree, worked out once per tree and text: the facts pass, the rules and the hover all run the
 * flow over the same tree, and the declarations walk is a full pass over it. An edited document gets a new tree (and
 * the text check guards a tree reused with another text), so the memo never outlives what it describes.
 */
export function scriptIndexOf(tree: SyntaxTree, text: string): ScriptIndex {
  const hit = memo.get(tree);
  if (hit && hit.text === text) {
    return hit.index;
  }
  const root = psTree(tree, text);
  const declarations = scriptDeclarations(root);
  const commands = functionCommands(declarations.functions, declarations.commands);
  const index: ScriptIndex = { root, declarations, commands, callers: callerMap(commands), requiresCore: requiresCore(text), dataverse: mentionsDataverse(text) };
  memo.set(tree, { text, index });
  return index;
}

function functionCommands(functions: Map<string, SyntaxNode>, commands: readonly SyntaxNode[]): Map<string, FunctionCommands> {
  const defs = [...functions].map(([name, def]) => ({ name, start: def.startIndex, end: def.endIndex })).sort((a, b) => a.start - b.start);
  const out = new Map<string, FunctionCommands>();
  for (const d of defs) {
    out.set(d.name, { callees: new Set(), external: new Set(), direct: /SecurityProtocol/i.test(functions.get(d.name)?.text ?? '') });
  }
  for (const c of commands) {
    let owner: string | undefined;
    for (const d of defs) {
      if (d.start > c.startIndex) {
        break;
      }
      if (c.endIndex <= d.end) {
        owner = d.name;
      }
    }
    const entry = owner === undefined ? undefined : out.get(owner);
    const callee = entry ? commandName(c)?.toLowerCase() : undefined;
    if (!entry || !callee) {
      continue;
    }
    if (c.children.some((k) => k?.type === 'command_invokation_operator')) {
      entry.direct = true;
    } else if (functions.has(callee)) {
      if (callee !== owner) {
        entry.callees.add(callee);
      }
    } else {
      entry.external.add(callee);
    }
  }
  return out;
}

function callerMap(commands: Map<string, FunctionCommands>): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const [caller, c] of commands) {
    for (const callee of c.callees) {
      out.set(callee, (out.get(callee) ?? new Set()).add(caller));
    }
  }
  return out;
}
