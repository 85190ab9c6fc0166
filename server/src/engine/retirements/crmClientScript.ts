import { SyntaxNode } from '../parsing/parserPort';
import { ConnectionCall, connectionCall } from '../powershell/connections';
import { commandElements, commandName, core, staticMember, stringTemplate } from '../powershell/psSyntax';
import { ScriptDeclarations, scriptDeclarations } from '../powershell/scriptValues';
import { CrmConnectorSite } from './crmConnectorScript';
import { crmScriptWords } from './crmScriptWords';

/**
 * The CrmServiceClient constructions of a script — `[…CrmServiceClient]::new(…)` and `New-Object …CrmServiceClient(…)` —
 * with where each goes, read as TLS030 reads them (powershell/connections.ts): the constructor's connection string or
 * URL as written, or the single-assignment variable it is given. In document order (an enclosing node before the nodes
 * it holds). DYN101 counts them among the script's connections when it judges a read of `$conn.OrganizationServiceProxy`
 * (docs/rules/DYN101.md, "PowerShell").
 */
export function crmClientConstructions(text: string, root: SyntaxNode): ConnectionCall[] {
  if (!crmScriptWords(text).clientType) {
    return [];
  }
  const declarations = scriptDeclarations(root);
  const values = { definition: (name: string): SyntaxNode | undefined => declarations.values.get(name) };
  const out: ConnectionCall[] = [];
  for (const node of [...declarations.invocations, ...declarations.commands]) {
    const call = connectionCall(node, values, false);
    if (call && call.label.toLowerCase() === 'crmserviceclient') {
      out.push(call);
    }
  }
  return out.sort((a, b) => a.node.startIndex - b.node.startIndex || b.node.endIndex - a.node.endIndex);
}

const CONNECTOR_NAMESPACE = 'microsoft.xrm.tooling.connector';
const CONNECTOR_CLIENT = `${CONNECTOR_NAMESPACE}.crmserviceclient`;

/**
 * The script's constructions of XrmTooling's CrmServiceClient as DYN103 reports them (docs/rules/DYN103.md,
 * "PowerShell"): by its full name, or by the short name where the script brings the Connector in (`using namespace
 * Microsoft.Xrm.Tooling.Connector`, or its assembly loaded by `Add-Type` or `[Reflection.Assembly]::Load…`); another
 * namespace's CrmServiceClient, or a short name nothing brings in, is not it.
 */
export function crmClientSites(text: string, root: SyntaxNode): CrmConnectorSite[] {
  const calls = crmClientConstructions(text, root);
  let bringsIn: boolean | undefined;
  const out: CrmConnectorSite[] = [];
  for (const call of calls) {
    const type = (call.typeName ?? '').toLowerCase();
    if (type !== CONNECTOR_CLIENT && !(type === 'crmserviceclient' && (bringsIn ??= bringsInConnector(scriptDeclarations(root))))) {
      continue;
    }
    const written = call.node.type === 'command' ? `New-Object ${call.typeName ?? ''}` : `[${call.typeName ?? ''}]::new`;
    out.push({ node: call.node, command: written, module: 'XrmTooling', constructs: true, destination: call.destination, reason: call.destinationReason });
  }
  return out;
}

/** True when the script's code names the Connector: `using namespace` it, or loads its assembly. */
function bringsInConnector(declarations: ScriptDeclarations): boolean {
  for (const command of declarations.commands) {
    const name = commandName(command)?.toLowerCase();
    if (name !== 'using' && name !== 'add-type') {
      continue;
    }
    const words = commandElements(command).map((e) => (stringTemplate(core(e.node)) ?? e.node.text).toLowerCase());
    if (name === 'using' ? words[0] === 'namespace' && words[1] === CONNECTOR_NAMESPACE : words.some((w) => w.includes(CONNECTOR_NAMESPACE))) {
      return true;
    }
  }
  return declarations.invocations.some((node) => {
    const m = staticMember(node);
    return m !== undefined && /^(system\.)?(reflection\.)?assembly$/i.test(m.type) && /^load/i.test(m.member) && node.text.toLowerCase().includes(CONNECTOR_NAMESPACE);
  });
}
