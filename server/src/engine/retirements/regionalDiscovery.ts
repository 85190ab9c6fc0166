/**
 * The regional Discovery Service of Dynamics 365 online (docs/rules/DYN102.md): `https://disco.crm*.dynamics.com` (also
 * the US Government hosts), and Live ID's `https://dev.crm*.dynamics.com/XRMServices/2011/Discovery.svc`. Microsoft
 * shut it down on 21 April 2021; the global Discovery Service replaces it, through the Web API only.
 */
const REGIONAL =
  /\bhttps?:\/\/(disco\.crm(\d*)\.(?:dynamics\.com|microsoftdynamics\.us|appsplatform\.us)|dev\.crm\d*\.dynamics\.com(?=\/XRMServices\/2011\/Discovery\.svc))(?![A-Za-z0-9.-])(\/[^\s"'<>;,)]*)?/gi;

/** The regional discovery REST path (`/api/discovery/v9.1/…`): the global service has the same resources under v2.0. */
const REST_PATH = /^\/api\/discovery\/v\d+(?:\.\d+)?(?=\/|$)/i;

/** A regional discovery URL in a text, with offsets relative to the text and its global replacement when mechanical. */
export interface RegionalDiscoveryUrl {
  start: number;
  end: number;
  url: string;
  host: string;
  /** True for the 2011 SOAP endpoint (`…/XRMServices/2011/Discovery.svc`): the global service has no SOAP endpoint. */
  soap: boolean;
  /** The global URL that replaces it, when that is a mechanical edit (the host alone, or the REST path); else undefined. */
  replacement: string | undefined;
}

/** The global discovery host of a regional one: commercial and GCC (`crm9`) have one Microsoft documents; others none. */
function globalHost(host: string, region: string): string | undefined {
  if (!/\.dynamics\.com$/i.test(host) || /^dev\./i.test(host)) {
    return undefined;
  }
  return region === '9' ? 'globaldisco.crm9.dynamics.com' : 'globaldisco.crm.dynamics.com';
}

/** Every regional discovery URL of a text (a literal, an attribute value, a script line). */
export function regionalDiscoveryUrls(text: string): RegionalDiscoveryUrl[] {
  const out: RegionalDiscoveryUrl[] = [];
  REGIONAL.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = REGIONAL.exec(text))) {
    const host = m[1] ?? '';
    const path = m[3] ?? '';
    const soap = /\/XRMServices\/2011\/Discovery\.svc/i.test(path);
    const target = globalHost(host, m[2] ?? '');
    const rest = path === '' || path === '/' ? path : REST_PATH.test(path) ? path.replace(REST_PATH, '/api/discovery/v2.0') : undefined;
    out.push({
      start: m.index,
      end: m.index + m[0].length,
      url: m[0],
      host,
      soap,
      replacement: target && rest !== undefined ? `https://${target}${rest}` : undefined,
    });
  }
  return out;
}
