import { isDynamicsOnlineHost } from '../project/dynamicsEvidence';

/** An endpoint to probe: where to connect and how to name it (never with credentials). */
export interface Endpoint {
  /** Host name or IP literal, without brackets. */
  host: string;
  port: number;
  /** `host:port`, `[v6]:port` for IPv6 literals: the name every output uses. */
  name: string;
  isIp: boolean;
  /** A Dynamics 365 online host: accepting TLS 1.0/1.1 there is Microsoft's business, not a finding for the user. */
  dynamics: boolean;
}

/** An input that is not an endpoint, with the reason and its text with any credentials removed. */
export interface EndpointError {
  input: string;
  error: string;
}

const SCHEME = /^([a-z][a-z0-9+.-]*):\/\//i;
const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

/** Removes `user:password@` from URL-like text, so neither an error nor a report ever repeats a credential. */
export function redactCredentials(text: string): string {
  return text.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/?#@]*@/i, '$1***@');
}

/** True for a name under the reserved `.invalid` top-level domain (RFC 6761): never looked up, it cannot resolve. */
export function isReservedInvalid(host: string): boolean {
  return /(^|\.)invalid\.?$/i.test(host);
}

function fromUrlHost(hostname: string, port: number): Endpoint {
  const host = hostname.replace(/^\[|\]$/g, '');
  const v6 = host.includes(':');
  return { host, port, name: v6 ? `[${host}]:${port}` : `${host}:${port}`, isIp: v6 || IPV4.test(host), dynamics: isDynamicsOnlineHost(host) };
}

/**
 * Reads `host`, `host:port`, `[v6]:port`, a bare IPv6 literal or an `https://` URL (path, query and credentials are
 * dropped; default port 443). Anything else gives a reason, with credentials redacted from the echoed input.
 */
export function parseEndpoint(raw: string): Endpoint | EndpointError {
  const input = redactCredentials(raw.trim());
  const fail = (error: string): EndpointError => ({ input, error });
  let text = raw.trim();
  if (!text) {
    return fail('empty endpoint');
  }
  const scheme = SCHEME.exec(text)?.[1]?.toLowerCase();
  if (scheme !== undefined && scheme !== 'https') {
    return fail(`only https:// URLs can be probed (got ${scheme}://)`);
  }
  if (scheme === undefined) {
    if (/[/?#@\s]/.test(text)) {
      return fail('not a host, host:port or https:// URL');
    }
    const colons = (text.match(/:/g) ?? []).length;
    text = `https://${colons > 1 && !text.startsWith('[') ? `[${text}]` : text}`;
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return fail('not a host, host:port or https:// URL');
  }
  if (!url.hostname) {
    return fail('no host');
  }
  const port = url.port ? Number(url.port) : 443;
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    return fail('port must be 1-65535');
  }
  return fromUrlHost(url.hostname, port);
}

/** An https URL found in a workspace file: the endpoint and where it was written (0-based line and column). */
export interface FoundEndpoint {
  endpoint: Endpoint;
  line: number;
  column: number;
  length: number;
}

const HTTPS_URL = /\bhttps:\/\/[^\s"'<>;,)\]}]+/gi;

/** Hosts of schemas, namespaces and documentation links: written in config and code, never connected to by the app. */
const DOCUMENTATION_HOST = /^(schemas\.microsoft\.com|schemas\.xmlsoap\.org|www\.w3\.org|json\.schemastore\.org|schema\.management\.azure\.com|go\.microsoft\.com|aka\.ms|docs\.microsoft\.com|learn\.microsoft\.com|github\.com|example\.(com|org|net)|www\.example\.(com|org|net))$/i;

/** Finds the https URLs in a text (config, connection strings, code) with their positions; credentials are never kept. */
export function findEndpointsInText(text: string): FoundEndpoint[] {
  const out: FoundEndpoint[] = [];
  const lines = text.split(/\r\n|\r|\n/);
  lines.forEach((lineText, line) => {
    HTTPS_URL.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = HTTPS_URL.exec(lineText))) {
      const parsed = parseEndpoint(m[0]);
      if ('name' in parsed && /[a-z0-9]/i.test(parsed.host) && !DOCUMENTATION_HOST.test(parsed.host) && !/[{}$%]/.test(m[0].split('/')[2] ?? '')) {
        out.push({ endpoint: parsed, line, column: m.index, length: m[0].length });
      }
    }
  });
  return out;
}
