import { SyntaxNode } from '../parsing/parserPort';
import { walk } from '../parsing/walk';
import { classifyConnectionString } from '../project/dynamicsEvidence';
import { commandElements, commandName, hasParameter, parameterValue, stringValue } from '../powershell/psSyntax';
import { Office365Pair, office365Pairs } from './office365Auth';
import { SpanOccurrences } from './spanOccurrences';

/** Where a script signs in with Office365 (WS-Trust) authentication, and how (docs/rules/DYN101.md). */
export type Office365ScriptSite =
  /** `AuthType=Office365` in a string (a connection string for Get-CrmConnection or CrmServiceClient). */
  | { kind: 'connectionString'; node: SyntaxNode; pair: Office365Pair }
  /** `Get-CrmConnection`/`Get-CrmOrganizations -OnLineType Office365 -Credential …`. */
  | { kind: 'onlineType'; node: SyntaxNode; command: string }
  /** Microsoft.Xrm.Data.PowerShell's `Connect-CrmOnline`/`Connect-CrmOnlineDiscovery` with a credential and no OAuth switch. */
  | { kind: 'connectCmdlet'; node: SyntaxNode; command: string };

const ONLINE_TYPE_COMMANDS = new Set(['get-crmconnection', 'get-crmorganizations']);
/** Connect-CrmOnline's parameters that make it use OAuth, a client secret, a given string or a prompt instead of Office365. */
const CONNECT_NOT_OFFICE365 = ['forceoauth', 'oauthclientid', 'clientsecret', 'connectionstring', 'interactivemode', 'username'];

/**
 * The Office365 sign-ins of a PowerShell script: connection strings with `AuthType=Office365` (not one whose URL is on
 * an on-premises host), `-OnLineType Office365` with a credential, and the module's `Connect-CrmOnline` (which builds
 * an `AuthType=Office365` string from `-Credential` unless `-ForceOAuth`, `-OAuthClientId`, `-ClientSecret`,
 * `-ConnectionString`, `-Username` or `-InteractiveMode` is given) and `Connect-CrmOnlineDiscovery -Credential` —
 * unless `defined` (the lower-case names of the functions the workspace defines) holds the cmdlet's name.
 */
export function office365ScriptSites(root: SyntaxNode, defined: ReadonlySet<string>): Office365ScriptSite[] {
  const out: Office365ScriptSite[] = [];
  // An `AuthType=Office365` pair needs the word in the literal.
  const office365 = new SpanOccurrences(root, /office365/i);
  walk(root, (n) => {
    if (n.type === 'string_literal') {
      if (!office365.within(n.startIndex, n.endIndex)) {
        return false;
      }
      const connection = classifyConnectionString(n.text.replace(/^["']|["']$/g, ''));
      if (connection?.deployment !== 'onPremises') {
        for (const pair of office365Pairs(n.text)) {
          out.push({ kind: 'connectionString', node: n, pair });
        }
      }
      return false;
    }
    if (n.type !== 'command') {
      return undefined;
    }
    const name = commandName(n) ?? '';
    const lower = name.toLowerCase();
    if (!ONLINE_TYPE_COMMANDS.has(lower) && lower !== 'connect-crmonline' && lower !== 'connect-crmonlinediscovery') {
      return undefined;
    }
    const elements = commandElements(n);
    if (ONLINE_TYPE_COMMANDS.has(lower)) {
      const type = parameterValue(elements, ['onlinetype']);
      if (type && /^office365$/i.test(stringValue(type) ?? '') && hasParameter(elements, ['credential'])) {
        out.push({ kind: 'onlineType', node: type, command: name });
      }
    } else if (lower === 'connect-crmonline' && !defined.has(lower) && !hasParameter(elements, CONNECT_NOT_OFFICE365)) {
      out.push({ kind: 'connectCmdlet', node: n, command: name });
    } else if (lower === 'connect-crmonlinediscovery' && !defined.has(lower) && hasParameter(elements, ['credential']) && !hasParameter(elements, ['interactivemode'])) {
      out.push({ kind: 'connectCmdlet', node: n, command: name });
    }
    return undefined;
  });
  return out;
}
