import { XmlDocument, allElements, attributeValue } from '../parsing/xmlModel';
import { MaskedLiteral, MaskedText, maskCsharp, maskPowerShell, statementAround } from '../text/codeMask';
import { isDynamicsOnlineHost } from './dynamicsEvidence';

/**
 * A legacy Dynamics endpoint called directly — not through the SDK's service clients (docs/rules/DYN104.md): the
 * 2011 SOAP endpoint (`/XRMServices/2011/Organization.svc`) or the OData v2.0 endpoint (`…/OrganizationData.svc`)
 * in a string that raw HTTP or a WCF proxy uses. A URL handed to `OrganizationServiceProxy`, `CrmServiceClient` or a
 * connection string is the SDK's own use and is not one.
 */
export interface DirectEndpointCall {
  /** The string (or attribute value) holding the URL. */
  start: number;
  end: number;
  endpoint: 'soap2011' | 'odata2';
  /** The URL's host when it names one (`{org}` or a variable is none). */
  host: string | undefined;
  /** Where the host says it goes: online Dynamics, another host (on-premises), or unknown. */
  deployment: 'online' | 'onPremises' | undefined;
  /** What calls it ("HttpClient", "Invoke-RestMethod", "a WCF client endpoint"). */
  via: string;
}

const ENDPOINT = /\/XRMServices\/2011\/(Organization|OrganizationData)\.svc/i;

/**
 * True when `text` holds ENDPOINT: its `/2011/` has no letters, so a native search for it rules most files out
 * before the case-insensitive pattern (which scans a 150 KB file slowly: DYN104 runs on every keystroke).
 */
function holdsEndpoint(text: string): boolean {
  return text.includes('/2011/') && ENDPOINT.test(text);
}
const HOST = /https?:\/\/([A-Za-z0-9.-]+)(?=[/:]|$)/i;

const CSHARP_CALL = /\b(HttpWebRequest|WebRequest|WebClient|HttpClient|HttpRequestMessage|EndpointAddress|ChannelFactory|RestClient|RestRequest)\b|\.\s*((?:Get|Post|Put|Patch|Delete|Send|GetString|GetStream|GetByteArray)Async|UploadString|DownloadString|UploadData|DownloadData)\s*\(/;
const POWERSHELL_CALL = /(?:^|[\s(=|;])(Invoke-WebRequest|Invoke-RestMethod|New-WebServiceProxy|iwr|irm)\b|\b(Net\.WebClient|Net\.WebRequest|Net\.Http\.HttpClient)\b/i;

/** The C# strings holding a legacy endpoint that raw HTTP or a WCF channel uses, in the statement or through one variable. */
export function csharpEndpointCalls(text: string): DirectEndpointCall[] {
  if (!holdsEndpoint(text)) {
    return [];
  }
  const masked = maskCsharp(text);
  return endpointCalls(masked, (offset) => statementAround(masked.code, offset), CSHARP_CALL, /^\s*(?:[\w<>[\],.?]+\s+)?(\w+)\s*=(?!=)/, (name) => new RegExp(`\\b${name}\\b`));
}

/** The PowerShell strings holding a legacy endpoint that a web cmdlet or .NET web class uses, on its line or through one variable. */
export function powershellEndpointCalls(text: string): DirectEndpointCall[] {
  if (!holdsEndpoint(text)) {
    return [];
  }
  const masked = maskPowerShell(text);
  const lineAround = (offset: number): { start: number; end: number } => {
    const start = masked.code.lastIndexOf('\n', offset - 1) + 1;
    const newline = masked.code.indexOf('\n', offset);
    return { start, end: newline < 0 ? masked.code.length : newline };
  };
  return endpointCalls(masked, lineAround, POWERSHELL_CALL, /^\s*\$(?:script:|global:)?(\w+)\s*=(?!=)/i, (name) => new RegExp(`\\$(?:script:|global:)?${name}\\b`, 'i'));
}

function endpointCalls(masked: MaskedText, statementOf: (offset: number) => { start: number; end: number }, call: RegExp, assignment: RegExp, use: (name: string) => RegExp): DirectEndpointCall[] {
  const out: DirectEndpointCall[] = [];
  for (const lit of masked.literals) {
    const endpoint = ENDPOINT.exec(lit.value);
    if (!endpoint) {
      continue;
    }
    const statement = statementOf(lit.start);
    const code = masked.code.slice(statement.start, statement.end);
    const direct = call.exec(code);
    const via = direct ? viaName(direct) : throughVariable(masked, statement, code, assignment, use, call, statementOf);
    if (via) {
      out.push(callOf(lit, endpoint[1] ?? '', via));
    }
  }
  return out;
}

/** When the statement assigns the string to a variable: the call of a later statement that uses that variable. */
function throughVariable(masked: MaskedText, statement: { start: number; end: number }, code: string, assignment: RegExp, use: (name: string) => RegExp, call: RegExp, statementOf: (offset: number) => { start: number; end: number }): string | undefined {
  const name = assignment.exec(code)?.[1];
  if (!name) {
    return undefined;
  }
  const pattern = use(name);
  let at = statement.end + 1;
  while (at < masked.code.length) {
    const next = statementOf(at);
    const body = masked.code.slice(next.start, Math.max(next.end, at));
    const hit = call.exec(body);
    if (hit && pattern.test(body)) {
      return viaName(hit);
    }
    at = Math.max(next.end, at) + 1;
  }
  return undefined;
}

function viaName(m: RegExpExecArray): string {
  return (m[1] ?? m[2] ?? m[0]).trim();
}

function callOf(lit: MaskedLiteral, which: string, via: string): DirectEndpointCall {
  const host = HOST.exec(lit.value)?.[1];
  return { start: lit.start, end: lit.end, endpoint: /data/i.test(which) ? 'odata2' : 'soap2011', host, deployment: host === undefined ? undefined : isDynamicsOnlineHost(host) ? 'online' : 'onPremises', via };
}

/** The WCF client endpoints of a config file (`<system.serviceModel><client><endpoint address=…>`) on a legacy endpoint. */
export function configEndpointCalls(xml: XmlDocument): DirectEndpointCall[] {
  const out: DirectEndpointCall[] = [];
  for (const el of allElements(xml)) {
    if (el.localName !== 'endpoint' || el.parent?.localName !== 'client') {
      continue;
    }
    const address = el.attributes.find((a) => a.name === 'address');
    const endpoint = address ? ENDPOINT.exec(address.value) : null;
    if (address && endpoint && attributeValue(el, 'address') !== undefined) {
      out.push(callOf({ start: address.valueStart, end: address.valueEnd, value: address.value }, endpoint[1] ?? '', 'a WCF client endpoint'));
    }
  }
  return out;
}
