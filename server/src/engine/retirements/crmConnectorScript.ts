import { SyntaxNode } from '../parsing/parserPort';
import { Destination, crmDestination } from '../powershell/connections';
import { commandElements, commandName } from '../powershell/psSyntax';
import { scriptDeclarations } from '../powershell/scriptValues';
import { crmScriptWords } from './crmScriptWords';

/** A script's connection through the CrmServiceClient PowerShell modules (docs/rules/DYN103.md, "PowerShell"). */
export interface CrmConnectorSite {
  node: SyntaxNode;
  /** The command as written (`Get-CrmConnection`, `Connect-CrmOnline`). */
  command: string;
  /** The module that provides it, for the message. */
  module: string;
  /** True for a construction of the client itself (`[…CrmServiceClient]::new`, `New-Object`), false for a cmdlet. */
  constructs: boolean;
  destination: Destination;
  /** Why the destination was decided, when it was. */
  reason: string | undefined;
}

/** The cmdlets that connect with CrmServiceClient, lower-case, and the module of each. */
const CONNECTOR_COMMANDS = new Map([
  ['get-crmconnection', 'Microsoft.Xrm.Tooling.CrmConnector.PowerShell'],
  ['connect-crmonline', 'Microsoft.Xrm.Data.PowerShell'],
  ['connect-crmonlinediscovery', 'Microsoft.Xrm.Data.PowerShell'],
]);
/** Microsoft.Xrm.Data.PowerShell's connect functions go to Dynamics 365 online by what they are. */
const ONLINE_BY_NAME = new Set(['connect-crmonline', 'connect-crmonlinediscovery']);

/**
 * The commands of a script that connect through CrmServiceClient (`Get-CrmConnection`; Microsoft.Xrm.Data.PowerShell's
 * `Connect-CrmOnline` and `Connect-CrmOnlineDiscovery`), with where each goes as the TLS rules read it (the same
 * parameters and variables: powershell/connections.ts) — unless `definedFunctions` (the lower-case names of the functions
 * the workspace defines, asked only when the script names such a command) holds the command: a vendored copy is analysed as code, and the `Get-CrmConnection` in it counts.
 */
export function crmConnectorSites(text: string, root: SyntaxNode, definedFunctions: () => ReadonlySet<string>): CrmConnectorSite[] {
  // A cheap test first: most scripts name none of them.
  if (!crmScriptWords(text).connector) {
    return [];
  }
  const defined = definedFunctions();
  const declarations = scriptDeclarations(root);
  const values = { definition: (name: string): SyntaxNode | undefined => declarations.values.get(name) };
  const out: CrmConnectorSite[] = [];
  for (const node of declarations.commands) {
    const command = commandName(node) ?? '';
    const lower = command.toLowerCase();
    const module = CONNECTOR_COMMANDS.get(lower);
    if (!module || defined.has(lower)) {
      continue;
    }
    const where = crmDestination(commandElements(node), values);
    const online = where.destination === 'unknown' && ONLINE_BY_NAME.has(lower);
    out.push({ node, command, module, constructs: false, destination: online ? 'online' : where.destination, reason: online ? `${command} connects to Dynamics 365 online` : where.destinationReason });
  }
  return out;
}
