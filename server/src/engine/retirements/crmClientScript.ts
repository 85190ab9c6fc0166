import { SyntaxNode } from '../parsing/parserPort';
import { walk } from '../parsing/walk';
import { ConnectionCall, ScriptValues, connectionCall } from '../powershell/connections';
import { OPAQUE_NODES } from '../powershell/scriptValues';
import { crmScriptWords } from './crmScriptWords';

/**
 * The CrmServiceClient constructions of a script — `[…CrmServiceClient]::new(…)` and `New-Object …CrmServiceClient(…)` —
 * with where each goes, read as TLS030 reads them (powershell/connections.ts): the constructor's connection string or
 * URL as written, or the single-assignment variable it is given. DYN101 counts them among the script's connections
 * when it judges a read of `$conn.OrganizationServiceProxy` (docs/rules/DYN101.md, "PowerShell").
 */
export function crmClientConstructions(text: string, root: SyntaxNode, values: ScriptValues): ConnectionCall[] {
  if (!crmScriptWords(text).clientType) {
    return [];
  }
  const out: ConnectionCall[] = [];
  walk(root, (n) => {
    const type = n.type;
    if (OPAQUE_NODES.has(type)) {
      return false;
    }
    if (type === 'invokation_expression' || type === 'command') {
      const call = connectionCall(n, values, false);
      if (call && call.label.toLowerCase() === 'crmserviceclient') {
        out.push(call);
      }
    }
    return true;
  });
  return out;
}
