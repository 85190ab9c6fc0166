import { SyntaxNode } from '../parsing/parserPort';
import { walk } from '../parsing/walk';
import { commandElements, commandName, hasParameter } from '../powershell/psSyntax';
import { scriptDeclarations } from '../powershell/scriptValues';
import { RegionalDiscoveryUrl, regionalDiscoveryUrls } from './regionalDiscovery';
import { SpanOccurrences } from './spanOccurrences';

/** Where a script reaches the regional Discovery Service (docs/rules/DYN102.md). */
export type DiscoveryScriptSite =
  /** A regional discovery URL in a string or a bare argument. */
  | { kind: 'url'; node: SyntaxNode; url: RegionalDiscoveryUrl }
  /** `Get-CrmOrganizations -OnLineType … -Credential`, or the module's `Connect-CrmOnlineDiscovery` (which calls it). */
  | { kind: 'cmdlet'; node: SyntaxNode; command: string };

/**
 * The names of the functions a script defines itself, lower-case (a vendored copy of a module function is analysed as
 * code): the script's declarations (read once per root) hold every `function` statement by its lower-case name.
 */
export function definedFunctions(root: SyntaxNode): Set<string> {
  return new Set(scriptDeclarations(root).functions.keys());
}

/** The hosts a regional discovery URL starts with (regionalDiscovery.ts): a literal without one holds no such URL. */
const DISCOVERY_HOSTS = /disco\.crm|dev\.crm/i;
/** The commands that reach the regional discovery servers. */
const DISCOVERY_COMMANDS = /get-crmorganizations|connect-crmonlinediscovery/i;

/**
 * The regional discovery uses of a PowerShell script: URLs on the regional discovery hosts in strings and bare
 * arguments (comments are not code), `Get-CrmOrganizations -OnLineType` with a credential (the CrmConnector module asks
 * the regional discovery servers), and `Connect-CrmOnlineDiscovery` without `-InteractiveMode` — unless `defined` (the
 * lower-case names of the functions the workspace defines) holds it: a vendored copy is analysed as code instead.
 */
export function discoveryScriptSites(root: SyntaxNode, defined: ReadonlySet<string>): DiscoveryScriptSite[] {
  const hosts = new SpanOccurrences(root, DISCOVERY_HOSTS);
  const commands = DISCOVERY_COMMANDS.test(root.text);
  if (hosts.none && !commands) {
    return [];
  }
  const out: DiscoveryScriptSite[] = [];
  walk(root, (n) => {
    if (n.type === 'comment') {
      return false;
    }
    if (n.type === 'string_literal' || n.type === 'generic_token') {
      if (hosts.within(n.startIndex, n.endIndex)) {
        for (const url of regionalDiscoveryUrls(n.text)) {
          out.push({ kind: 'url', node: n, url });
        }
      }
      return false;
    }
    if (n.type === 'command' && commands) {
      const name = commandName(n) ?? '';
      const lower = name.toLowerCase();
      if (lower !== 'get-crmorganizations' && lower !== 'connect-crmonlinediscovery') {
        return undefined;
      }
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
