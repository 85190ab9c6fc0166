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
import { onPremisesBranch } from './onPremisesBranch';

/** Where a connection goes, as far as the script shows. */
export type Destination = 'online' | 'onPremises' | 'unknown';

/** A Dynamics connection made by a script statement. */
export interface ConnectionCall {
  /** The command, `New-Object` or `[…]::new` node. */
  node: SyntaxNode;
  /** What the user calls it in messages and the fix title (`Get-CrmConnection`, `CrmServiceClient`, `Invoke-RestMethod`). */
  label: string;
  /** Web cmdlets: PowerShell 7 ignores ServicePointManager for them. */
  webCmdlet: boolean;
  destination: Destination;
  /** Why the destination was decided (`-ServerUrl https://contoso.crm.dynamics.com`). */
  destinationReason?: string;
  /** True when the host is a US Government one (messages name Dynamics 365 Government). */
  government: boolean;
  /** Where the text that decided the destination is written (the connection string's assignment): related information. */
  destinationEvidence?: SyntaxNode;
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
      return { node, label: m.type.split('.').pop() ?? m.type, webCmdlet: false, ...destinationOf(argumentTexts(node, values)) };
    }
  }
  return undefined;
}

function commandConnection(node: SyntaxNode, values: ScriptValues, mentionsDataverse: boolean): ConnectionCall | undefined {
  const name = commandName(node);
  const lower = name?.toLowerCase() ?? '';
  const elements = commandElements(node);
  if (CONNECT_COMMANDS.has(lower)) {
    const decided = crmDestination(elements, values);
    const branch = decided.destination === 'unknown' ? onPremisesBranch(node) : undefined;
    const destination = branch ? { destination: 'onPremises' as const, destinationReason: branch.reason, government: false, destinationEvidence: branch.condition } : decided;
    return { node, label: name ?? 'Get-CrmConnection', webCmdlet: false, ...destination };
  }
  if (lower === 'new-object') {
    const typeNode = parameterValue(elements, ['typename', 'type']) ?? positionalArguments(elements)[0];
    const typeName = typeNode ? (stringTemplate(typeNode) ?? core(typeNode).text) : '';
    if (!isClientType(typeName, mentionsDataverse)) {
      return undefined;
    }
    return { node, label: typeName.split('.').pop() ?? typeName, webCmdlet: false, ...destinationOf(argumentTexts(node, values)) };
  }
  if (WEB_COMMANDS.has(lower)) {
    const uri = parameterValue(elements, ['uri', 'u']) ?? positionalArguments(elements)[0];
    const texts = [...(uri ? [expand(uri, values)] : []), ...splatTexts(elements, values, ['uri'])];
    const url = texts.find((t) => isDynamicsUrl(t));
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

function crmDestination(elements: readonly CommandElement[], values: ScriptValues): Omit<ConnectionCall, 'node' | 'label' | 'webCmdlet'> {
  if (hasParameter(elements, ['onlinetype'])) {
    return { destination: 'online', destinationReason: '-OnLineType', government: false };
  }
  if (hasParameter(elements, ['deploymentregion'])) {
    return { destination: 'online', destinationReason: '-DeploymentRegion', government: false };
  }
  const splat = splatEntries(elements, values);
  if (splat.some((e) => e.key === 'onlinetype')) {
    return { destination: 'online', destinationReason: 'OnLineType', government: false };
  }
  if (splat.some((e) => e.key === 'deploymentregion')) {
    return { destination: 'online', destinationReason: 'DeploymentRegion', government: false };
  }
  const sources: DestinationSource[] = [];
  for (const names of [['serverurl'], ['connectionstring']]) {
    const v = parameterValue(elements, names);
    if (v) {
      sources.push({ text: expand(v, values), node: writtenAt(v, values) });
    }
  }
  appendAll(sources, splat.filter((e) => e.key === 'serverurl' || e.key === 'connectionstring'));
  // `-AuthType AD` (or a splatted AuthType) says where the connection goes as a connection string's AuthType does.
  const authType = parameterValue(elements, ['authtype']);
  const authTypes = [...(authType ? [{ text: expand(authType, values), node: writtenAt(authType, values) }] : []), ...splat.filter((e) => e.key === 'authtype')];
  appendAll(sources, authTypes.map((a) => ({ text: `AuthType=${a.text.replace(/^['"]|['"]$/g, '')}`, node: a.node })));
  const decided = destinationOf(sources.map((s) => s.text));
  if (decided.destination === 'unknown') {
    return decided;
  }
  const by = sources.find((s) => destinationOf([s.text]).destinationReason === decided.destinationReason);
  return by?.node ? { ...decided, destinationEvidence: by.node } : decided;
}

/** A text that may decide a connection's destination, and the node it is written at. */
interface DestinationSource {
  text: string;
  node: SyntaxNode | undefined;
}

/** Where an argument's value is written: the assignment's value for a variable holding it, else the argument itself. */
function writtenAt(node: SyntaxNode, values: ScriptValues, depth = 0): SyntaxNode {
  const name = variableName(core(node));
  const def = name !== undefined ? values.definition(name) : undefined;
  return def && depth < 8 ? writtenAt(def, values, depth + 1) : node;
}

/**
 * Decides online / on-premises from URLs and connection strings: a Dynamics online URL, else the connection string's
 * `AuthType` (AD/IFD/Claims on-premises, ClientSecret/Certificate online only), else any other real host (on-premises).
 */
export function destinationOf(texts: readonly string[]): Omit<ConnectionCall, 'node' | 'label' | 'webCmdlet'> {
  for (const t of texts) {
    for (const h of hostsOf(t)) {
      if (isDynamicsOnlineHost(h.host)) {
        return { destination: 'online', destinationReason: `${h.scheme}://${h.host}`, government: isGovernmentHost(h.host) };
      }
    }
  }
  for (const t of texts) {
    const auth = authTypeOf(t);
    const byAuth = deploymentOfAuthType(auth);
    if (byAuth) {
      return { destination: byAuth, destinationReason: `AuthType=${auth ?? ''}`, government: false };
    }
    for (const h of hostsOf(t)) {
      if (!h.host.includes('$') && !h.host.includes('(')) {
        return { destination: 'onPremises', destinationReason: `${h.scheme}://${h.host}`, government: false };
      }
    }
  }
  return { destination: 'unknown', government: false };
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

function argumentTexts(node: SyntaxNode, values: ScriptValues): string[] {
  const out: string[] = [];
  walk(node, (c) => {
    if (c.type === 'string_literal' || c.type === 'variable' || c.type === 'generic_token') {
      out.push(expand(c, values));
      return false;
    }
    return true;
  });
  return out;
}

interface SplatEntry {
  key: string;
  text: string;
  /** The entry's value node. */
  node: SyntaxNode | undefined;
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
        out.push({ key, text: value && kids.length > 1 ? expand(value, values) : '', node: kids.length > 1 ? value : undefined });
        return false;
      }
      return true;
    });
  }
  return out;
}

function splatTexts(elements: readonly CommandElement[], values: ScriptValues, keys: readonly string[]): string[] {
  return splatEntries(elements, values).filter((e) => keys.includes(e.key)).map((e) => e.text);
}

/** True when the script block of a command runs in a new process or runspace, which does not inherit SecurityProtocol. */
export function runsElsewhere(command: SyntaxNode): boolean {
  const name = commandName(command)?.toLowerCase() ?? '';
  if (name === 'start-job') {
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
