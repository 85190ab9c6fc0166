import { SyntaxNode } from '../parsing/parserPort';
import { walk } from '../parsing/walk';
import { commandElements, commandName, hasParameter } from '../powershell/psSyntax';
import { RegionalDiscoveryUrl, regionalDiscoveryUrls } from './regionalDiscovery';

/** Where a script reaches the regional Discovery Service (docs/rules/DYN102.md). */
export type DiscoveryScriptSite =
  /** A regional discovery URL in a string or a bare argument. */
  | { kind: 'url'; node: SyntaxNode; url: RegionalDiscoveryUrl }
  /** `Get-CrmOrganizations -OnLineType … -Credential`, or the module's `Connect-CrmOnlineDiscovery` (which calls it). */
  | { kind: 'cmdlet'; node: SyntaxNode; command: string };

const definedMemo = new WeakMap<SyntaxNode, ReadonlySet<string>>();

/**
 * The names of the functions a script defines itself, lower-case (a vendored copy of a module function is analysed as
 * code). A fresh set each call; the walk is done once per root (three rules ask, and a plain copy's root is shared).
 */
export function definedFunctions(root: SyntaxNode): Set<string> {
  let names = definedMemo.get(root);
  if (!names) {
    names = readDefinedFunctions(root);
    definedMemo.set(root, names);
  }
  return new Set(names);
}

function readDefinedFunctions(root: SyntaxNode): Set<string> {
  const out = new Set<string>();
  walk(root, (n) => {
    if (n.type === 'function_statement') {
      const name = n.namedChildren.find((c) => c?.type === 'function_name')?.text;
      if (name) {
        out.add(name.toLowerCase());
      }
    }
  });
  return out;
}

/**
 * The regional discovery uses of a PowerShell script: URLs on the regional discovery hosts in strings and bare
 * arguments (comments are not code), `Get-CrmOrganizations -OnLineType` with a credential (the CrmConnector module asks
 * the regional discovery servers), and `Connect-CrmOnlineDiscovery` without `-InteractiveMode` — unless `defined` (the
 * lower-case names of the functions the workspace defines) holds it: a vendored copy is analysed as code instead.
 */
export function discoveryScriptSites(root: SyntaxNode, defined: ReadonlySet<string>): DiscoveryScriptSite[] {
  const out: DiscoveryScriptSite[] = [];
  walk(root, (n) => {
    if (n.type === 'comment') {
      return false;
    }
    if (n.type === 'string_literal' || n.type === 'generic_token') {
      for (const url of regionalDiscoveryUrls(n.text)) {
        out.push({ kind: 'url', node: n, url });
      }
      return false;
    }
    if (n.type === 'command') {
      const name = commandName(n) ?? '';
      const lower = name.toLowerCase();
      const elements = commandElements(n);
      const viaOnlineType = lower === 'get-crmorganizations' && hasParameter(elements, ['onlinetype']) && hasParameter(elements, ['credential']);
      const viaModule = lower === 'connect-crmonlinediscovery' && !defined.has(lower) && !hasParameter(elements, ['interactivemode']);
      if (viaOnlineType || viaModule) {
        out.push({ kind: 'cmdlet', node: n, command: name });
      }
    }
    return undefined;
  });
  return out;
}
