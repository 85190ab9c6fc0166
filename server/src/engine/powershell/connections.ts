import { SyntaxNode } from '../parsing/parserPort';
import { namedChildrenOf, walk } from '../parsing/walk';
import { authTypeOf, deploymentOfAuthType, isDynamicsOnlineHost, isGovernmentHost } from '../project/dynamicsEvidence';
import {
  CommandElement,
  commandElements,
  commandName,
  core,
  hasParameter,
  parameterValue,
  positionalArguments,
  splattedVariables,
  staticMember,
  stringTemplate,
  variableName,
} from './psSyntax';
import { appendAll } from '../util/arrays';

/** Where a connection goes, as far as the script shows. */
export type Destination = 'online' | 'onPremises' | 'unknown';

/** A Dynamics connection made by a script statement. */
export interface ConnectionCall {
  /** The command, `New-Object` or `[…]::new` node. */
  node: SyntaxNode;
  /** What the user calls it in messages and the fix title (`Get-CrmConnection`, `CrmServiceClient`, `Invoke-RestMethod`). */
  label: string;
  /** A construction's type as written (`Microsoft.Xrm.Tooling.Connector.CrmServiceClient`, `CrmServiceClient`): whose client it is. */
  typeName?: string;
  /** Web cmdlets: PowerShell 7 ignores ServicePointManager for them. */
  webCmdlet: boolean;
  destination: Destination;
  /** Why the destination was decided (`-ServerUrl https://contoso.crm.dynamics.com`). */
  destinationReason?: string;
  /** The node that holds that evidence (an argument, or the assignment of the variable passed), for related information. */
  evidence?: SyntaxNode;
  /** True when the host is a US Government one (messages name Dynamics 365 Government). */
  government: boolean;
}

/** Reads what a script's variables hold: single assignments by name (lower-case). */
export interface ScriptValues {
  definition(name: string): SyntaxNode | undefined;
}

const CONNECT_COMMANDS = new Set(['get-crmconnection', 'get-crmorganizations']);
/** Cmdlets that enable TLS 1.2 themselves (docs/facts.md#powershell-connections). */
export const SELF_ENABLING_COMMANDS = new Set(['connect-crmonline', 'connect-crmonlinediscovery', 'connect-crmonpremdiscovery', 'connect-powerplatformdataverse']);
const WEB_COMMANDS = new Set(['invoke-restmethod', 'invoke-webrequest', 'irm', 'iwr', 'curl', 'wget']);
const CLIENT_TYPES = new Set(['crmserviceclient', 'organizationserviceproxy', 'organizationwebproxyclient']);
const DATAVERSE_NS = 'microsoft.powerplatform.dataverse.client';
const WEB_API_PATH = /\/(api\/data\/v\d|api\/discovery\/|XRMServices\/2011\/)/i;
const URL = /\b(https?):\/\/([A-Za-z0-9.$()-]+)/g;

/** True when a client type name is a Dynamics client (ServiceClient only with its Dataverse namespace or a script that loads it). */
export function isClientType(typeName: string, scriptMentionsDataverse: boolean): boolean {
  const last = (typeName.split('.').pop() ?? '').toLowerCase();
  if (CLIENT_TYPES.has(last)) {
    return true;
  }
  if (last === 'serviceclient') {
    const qualifier = typeName.toLowerCase().slice(0, -'.serviceclient'.length);
    return qualifier === DATAVERSE_NS || (!typeName.includes('.') && scriptMentionsDataverse);
  }
  return false;
}

/** Recognises a Dynamics connection in a command or expression node; undefined for anything else. */
export function connectionCall(node: SyntaxNode, values: ScriptValues, mentionsDataverse: boolean): ConnectionCall | undefined {
  if (node.type === 'command') {
    return commandConnection(node, values, mentionsDataverse);
  }
  if (node.type === 'invokation_expression') {
    const m = staticMember(node);
    if (m && m.member.toLowerCase() === 'new' && isClientType(m.type, mentionsDataverse)) {
      return { node, label: m.type.split('.').pop() ?? m.type, typeName: m.type, webCmdlet: false, ...destinationOf(argumentTexts(node, values)) };
    }
  }
  return undefined;
}

function commandConnection(node: SyntaxNode, values: ScriptValues, mentionsDataverse: boolean): ConnectionCall | undefined {
  const name = commandName(node);
  const lower = name?.toLowerCase() ?? '';
  if (!CONNECT_COMMANDS.has(lower) && lower !== 'new-object' && !WEB_COMMANDS.has(lower)) {
    return undefined;
  }
  const elements = commandElements(node);
  if (CONNECT_COMMANDS.has(lower)) {
    return { node, label: name ?? 'Get-CrmConnection', webCmdlet: false, ...crmDestination(elements, values) };
  }
  if (lower === 'new-object') {
    const typeNode = parameterValue(elements, ['typename', 'type']) ?? positionalArguments(elements)[0];
    const typeName = typeNode ? (stringTemplate(typeNode) ?? core(typeNode).text) : '';
    if (!isClientType(typeName, mentionsDataverse)) {
      return undefined;
    }
    return { node, label: typeName.split('.').pop() ?? typeName, typeName, webCmdlet: false, ...destinationOf(argumentTexts(node, values)) };
  }
  if (WEB_COMMANDS.has(lower)) {
    const uri = parameterValue(elements, ['uri', 'u']) ?? positionalArguments(elements)[0];
    const texts = [...(uri ? [sourced(uri, values)] : []), ...splatTexts(elements, values, ['uri'])];
    const url = texts.find((t) => isDynamicsUrl(t.text));
    if (url === undefined) {
      return undefined;
    }
    return { node, label: lower === 'irm' || lower === 'invoke-restmethod' ? 'Invoke-RestMethod' : 'Invoke-WebRequest', webCmdlet: true, ...destinationOf([url]) };
  }
  return undefined;
}

/** True for a URL on a Dynamics online host or with a Dataverse Web API / organization service path. */
function isDynamicsUrl(text: string): boolean {
  return hostsOf(text).some((h) => isDynamicsOnlineHost(h.host)) || WEB_API_PATH.test(text);
}

/** Where a connection cmdlet (`Get-CrmConnection`, a vendored `Connect-CrmOnline`) goes, from its parameters. */
export function crmDestination(elements: readonly CommandElement[], values: ScriptValues): Omit<ConnectionCall, 'node' | 'label' | 'webCmdlet'> {
  for (const e of elements) {
    if (e.parameter === 'onlinetype' || e.parameter === 'deploymentregion') {
      return { destination: 'online', destinationReason: e.parameter === 'onlinetype' ? '-OnLineType' : '-DeploymentRegion', evidence: e.node, government: false };
    }
  }
  const splat = splatEntries(elements, values);
  const online = splat.find((e) => e.key === 'onlinetype' || e.key === 'deploymentregion');
  if (online) {
    return { destination: 'online', destinationReason: online.key === 'onlinetype' ? 'OnLineType' : 'DeploymentRegion', government: false, ...(online.node ? { evidence: online.node } : {}) };
  }
  const texts: SourcedText[] = [];
  for (const names of [['serverurl'], ['connectionstring'], ['authtype']]) {
    const v = parameterValue(elements, names);
    if (v) {
      const t = sourced(v, values);
      texts.push(names[0] === 'authtype' ? { ...t, text: `AuthType=${t.text.replace(/^['"]|['"]$/g, '')}` } : t);
    }
  }
  appendAll(texts, splat.filter((e) => e.key === 'serverurl' || e.key === 'connectionstring').map((e) => ({ text: e.text, ...(e.node ? { node: e.node } : {}) })));
  return destinationOf(texts);
}

/** A text an argument stands for, and the node it was written in (the argument, or the assignment of its variable). */
export interface SourcedText {
  text: string;
  node?: SyntaxNode;
}

/**
 * Decides online / on-premises from URLs and connection strings (docs/rules/TLS030.md, on-premises evidence): an online host,
 * else the connection string's `AuthType` read as C# reads it (dynamicsEvidence.deploymentOfAuthType: ClientSecret/Certificate
 * online only, AD/IFD/Claims on-premises), else any other real host (on-premises).
 */
export function destinationOf(texts: readonly SourcedText[]): Omit<ConnectionCall, 'node' | 'label' | 'webCmdlet'> {
  const at = (t: SourcedText): { evidence?: SyntaxNode } => (t.node ? { evidence: t.node } : {});
  for (const t of texts) {
    for (const h of hostsOf(t.text)) {
      if (isDynamicsOnlineHost(h.host)) {
        return { destination: 'online', destinationReason: `${h.scheme}://${h.host}`, government: isGovernmentHost(h.host), ...at(t) };
      }
    }
  }
  for (const t of texts) {
    const auth = authTypeOf(t.text);
    if (deploymentOfAuthType(auth) === 'online') {
      return { destination: 'online', destinationReason: `AuthType=${auth ?? ''}, an Entra ID app identity that only Dynamics 365 online accepts`, government: false, ...at(t) };
    }
  }
  for (const t of texts) {
    const auth = authTypeOf(t.text);
    if (deploymentOfAuthType(auth) === 'onPremises') {
      return { destination: 'onPremises', destinationReason: `AuthType=${auth ?? ''}`, government: false, ...at(t) };
    }
    for (const h of hostsOf(t.text)) {
      if (!h.host.includes('$') && !h.host.includes('(')) {
        return { destination: 'onPremises', destinationReason: `${h.scheme}://${h.host}`, government: false, ...at(t) };
      }
    }
  }
  return { destination: 'unknown', government: false };
}

/** An argument's text with variables expanded, and the node that wrote it (a variable's assignment when it is one). */
export function sourced(node: SyntaxNode, values: ScriptValues): SourcedText {
  let source = node;
  for (let depth = 0; depth < 8; depth++) {
    const name = variableName(source);
    const def = name === undefined ? undefined : values.definition(name);
    if (!def) {
      break;
    }
    source = def;
  }
  return { text: expand(node, values), node: source };
}

function hostsOf(text: string): { scheme: string; host: string }[] {
  const out: { scheme: string; host: string }[] = [];
  URL.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = URL.exec(text))) {
    out.push({ scheme: (m[1] ?? '').toLowerCase(), host: (m[2] ?? '').replace(/\.$/, '') });
  }
  return out;
}

/** A string or variable argument with `$var` parts replaced by their single-assignment values. */
export function expand(node: SyntaxNode, values: ScriptValues, depth = 0): string {
  const n = core(node);
  const name = variableName(n);
  if (name !== undefined) {
    const def = values.definition(name);
    return def && depth < 8 ? expand(def, values, depth + 1) : n.text;
  }
  const template = stringTemplate(n) ?? n.text;
  if (depth >= 8) {
    return template;
  }
  return template.replace(/\$\{?([A-Za-z_][\w:]*)\}?/g, (whole, v: string) => {
    const def = values.definition(v.replace(/^(script|global|local|private):/i, '').toLowerCase());
    return def ? expand(def, values, depth + 1) : whole;
  });
}

function argumentTexts(node: SyntaxNode, values: ScriptValues): SourcedText[] {
  const out: SourcedText[] = [];
  walk(node, (c) => {
    if (c.type === 'string_literal' || c.type === 'variable' || c.type === 'generic_token') {
      out.push(sourced(c, values));
      return false;
    }
    return true;
  });
  return out;
}

interface SplatEntry {
  key: string;
  text: string;
  node?: SyntaxNode;
}

function splatEntries(elements: readonly CommandElement[], values: ScriptValues): SplatEntry[] {
  const out: SplatEntry[] = [];
  for (const name of splattedVariables(elements)) {
    const def = values.definition(name);
    const hash = def ? core(def) : undefined;
    if (!hash || hash.type !== 'hash_literal_expression') {
      continue;
    }
    walk(hash, (c) => {
      if (c.type === 'hash_entry') {
        const kids = namedChildrenOf(c);
        const key = kids[0]?.text.replace(/^['"]|['"]$/g, '').toLowerCase() ?? '';
        const value = kids[kids.length - 1];
        out.push({ key, text: value && kids.length > 1 ? expand(value, values) : '', node: c });
        return false;
      }
      return true;
    });
  }
  return out;
}

function splatTexts(elements: readonly CommandElement[], values: ScriptValues, keys: readonly string[]): SourcedText[] {
  return splatEntries(elements, values)
    .filter((e) => keys.includes(e.key))
    .map((e) => ({ text: e.text, ...(e.node ? { node: e.node } : {}) }));
}

/**
 * Commands whose script block runs in another process or runspace (docs/rules/TLS030.md, "Flow": `Start-Job`, `Start-ThreadJob`,
 * `Start-Process powershell`, `powershell.exe -Command`): TLS set by the caller does not reach it.
 */
const NEW_PROCESS_COMMANDS = new Set(['start-job', 'start-threadjob', 'start-process', 'powershell', 'powershell.exe', 'pwsh', 'pwsh.exe']);

/** True when the script block of a command runs in a new process or runspace, which does not inherit SecurityProtocol. */
export function runsElsewhere(command: SyntaxNode): boolean {
  const name = commandName(command)?.toLowerCase() ?? '';
  if (NEW_PROCESS_COMMANDS.has(name)) {
    return true;
  }
  if (name === 'invoke-command' || name === 'icm') {
    return hasParameter(commandElements(command), ['computername', 'cn', 'session', 'vmname', 'hostname', 'asjob']);
  }
  return false;
}

/** True for `[powershell]::Create().AddScript({ … })` style calls whose script block runs in a new runspace. */
export function isNewRunspaceScript(node: SyntaxNode): boolean {
  if (node.type !== 'invokation_expression') {
    return false;
  }
  const member = node.children.find((c) => c?.type === 'member_name')?.text.toLowerCase();
  return member === 'addscript' || member === 'begininvoke';
}

/** True when the type literal names the Dataverse client namespace somewhere in the script. */
export function mentionsDataverse(text: string): boolean {
  return /Microsoft\.PowerPlatform\.Dataverse\.Client/i.test(text) || /using\s+namespace\s+Microsoft\.PowerPlatform\.Dataverse\.Client/i.test(text);
}
