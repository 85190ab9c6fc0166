import { SyntaxNode } from '../parsing/parserPort';
import { ConnectionCall, connectionCall } from '../powershell/connections';
import { scriptDeclarations } from '../powershell/scriptValues';
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
