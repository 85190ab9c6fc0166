/** Where a fact about a project was seen: shown to the user as related information. */
export interface Evidence {
  path: string;
  start: number;
  end: number;
  description: string;
  /** Where the connection goes, when the evidence says so (a URL or a connection string): it sets severities. */
  deployment?: 'online' | 'onPremises';
  /**
   * True for reference evidence (an SDK package or assembly reference only): it says the project uses the Dynamics SDK,
   * not that it connects. Everything else is connection evidence (docs/facts.md#severity-and-context).
   */
  reference?: boolean;
}

/** The connection evidence among a project's evidence: what an error ("will fail") needs. */
export function connectionEvidence(evidence: readonly Evidence[]): Evidence[] {
  return evidence.filter((e) => e.reference !== true);
}

const ONLINE_HOST = /(^|\.)(crm\d*\.dynamics\.com|crm\d*\.microsoftdynamics\.us|crm\.appsplatform\.us)$/i;

/** True for a Dynamics 365 online / Dataverse host (`*.crm*.dynamics.com`, `.us` Government clouds) — not BC or F&O. */
export function isDynamicsOnlineHost(host: string): boolean {
  return ONLINE_HOST.test(host.trim().replace(/\.$/, ''));
}

/** True for a US Government host, which messages name as Dynamics 365 Government (docs/facts.md#severity-and-context). */
export function isGovernmentHost(host: string): boolean {
  return /\.(microsoftdynamics|appsplatform)\.us$/i.test(host.trim());
}

const URL_IN_TEXT = /\bhttps?:\/\/([A-Za-z0-9.-]+)/g;

/** Finds URLs on Dynamics online hosts in a text (a connection string, a script line), with their offsets. */
export function findDynamicsUrls(text: string): { host: string; start: number; end: number }[] {
  const out: { host: string; start: number; end: number }[] = [];
  URL_IN_TEXT.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = URL_IN_TEXT.exec(text))) {
    const host = m[1] ?? '';
    if (isDynamicsOnlineHost(host)) {
      out.push({ host, start: m.index, end: m.index + m[0].length });
    }
  }
  return out;
}

/**
 * The SDK's assemblies, by exact name: nothing else that merely starts with `Microsoft.Xrm.` (`Microsoft.Xrm.Omnichannel.BotSDK`
 * is not the SDK). `Microsoft.Xrm.Sdk.Deployment` ships in the SDK's Deployment package.
 */
const SDK_ASSEMBLY =
  /^(Microsoft\.Xrm\.Sdk|Microsoft\.Xrm\.Sdk\.Workflow|Microsoft\.Xrm\.Sdk\.Deployment|Microsoft\.Xrm\.Tooling\.Connector|Microsoft\.Crm\.Sdk\.Proxy|Microsoft\.Xrm\.Client|Microsoft\.PowerPlatform\.Dataverse\.Client)$/i;
/** The SDK's packages: Microsoft's reserved prefix `Microsoft.CrmSdk.`, or the Dataverse client's exact id. */
const SDK_PACKAGE = /^(Microsoft\.CrmSdk\.[A-Za-z0-9.]+|Microsoft\.PowerPlatform\.Dataverse\.Client)$/i;

/** True for an assembly reference of the Dynamics SDK (`Microsoft.Xrm.Sdk, Version=…`), by its exact name. */
export function isDynamicsAssembly(include: string): boolean {
  return SDK_ASSEMBLY.test((include.split(',')[0] ?? '').trim());
}

/** True for a NuGet package id of the Dynamics SDK (the reserved prefix, or an exact id). */
export function isDynamicsPackage(id: string): boolean {
  return SDK_PACKAGE.test(id.trim());
}

const CONNECTION_KEY = /(?:^|;)\s*(?:Url|ServiceUri|Server|Service Uri)\s*=\s*([^;]*)/i;
const AUTH_TYPE_KEY = /(?:^|;)\s*AuthType\s*=\s*([^;]*)/i;

/**
 * Where a connection string's `AuthType` says it goes: `AD`, `IFD` and `Claims` exist only on-premises; `ClientSecret`
 * and `Certificate` (Entra ID app identities) only online; any other (OAuth, Office365, …) says nothing.
 */
export function deploymentOfAuthType(authType: string | undefined): 'online' | 'onPremises' | undefined {
  const value = (authType ?? '').trim();
  if (/^(AD|IFD|Claims)$/i.test(value)) {
    return 'onPremises';
  }
  return /^(ClientSecret|Certificate)$/i.test(value) ? 'online' : undefined;
}

/** The `AuthType` value of a connection string, if it has one. */
export function authTypeOf(text: string): string | undefined {
  return AUTH_TYPE_KEY.exec(text)?.[1]?.trim() || undefined;
}

/**
 * Classifies a Dynamics connection string (`AuthType=…;Url=…`, the CrmServiceClient format; undefined for any other
 * text). Its deployment is online when its URL is on a Dynamics online host (`https://`) or its AuthType exists only
 * online; on-premises when its AuthType exists only on-premises (AD, IFD, Claims) or its URL is on another real host or
 * plain `http://`; undefined when it says neither (a placeholder such as `$(CrmUrl)` is no host). `host` is the URL's
 * host, when the string names one.
 */
export function classifyConnectionString(text: string): { deployment: 'online' | 'onPremises' | undefined; host: string | undefined; authType: string | undefined } | undefined {
  if (!/(?:^|;)\s*AuthType\s*=/i.test(text)) {
    return undefined;
  }
  const authType = authTypeOf(text);
  const url = CONNECTION_KEY.exec(text)?.[1]?.trim() || undefined;
  const parsed = url ? /^(?:https?:\/\/)?([^/:;]+)/i.exec(url)?.[1] : undefined;
  const host = parsed && /^[A-Za-z0-9.-]+$/.test(parsed) ? parsed : undefined;
  if (url && host && /^https:\/\//i.test(url) && isDynamicsOnlineHost(host)) {
    return { deployment: 'online', host, authType };
  }
  return { deployment: deploymentOfAuthType(authType) ?? (host ? 'onPremises' : undefined), host, authType };
}

/** How evidence descriptions name a connection string: its host, or its AuthType when it names no host. */
export function connectionStringLabel(c: { deployment: 'online' | 'onPremises' | undefined; host: string | undefined; authType: string | undefined }): string {
  const to = c.host ? ` to ${c.host}` : c.authType ? ` with AuthType=${c.authType}` : '';
  return `${c.deployment === 'onPremises' ? 'on-premises ' : ''}connection string${to}`;
}

/** True when every piece of connection evidence points on-premises (and there is at least one): findings drop to information. */
export function onlyOnPremises(evidence: readonly Evidence[]): boolean {
  const located = evidence.filter((e) => e.deployment !== undefined);
  return located.length > 0 && located.every((e) => e.deployment === 'onPremises') && evidence.every((e) => e.deployment !== 'online');
}

/**
 * Where a client's destination says it connects (docs/facts.md#severity-and-context): online when any of its URLs is on
 * a Dynamics online host; else what its connection string's AuthType says (AD/IFD/Claims on-premises,
 * ClientSecret/Certificate online); else on-premises when it has URLs and none is online; undefined when it does not say.
 */
export function deploymentOfTarget(urls: readonly string[], authType?: string): { deployment: 'online' | 'onPremises'; host: string | undefined; authType?: string } | undefined {
  const hosts = urls.map((u) => u.replace(/^https?:\/\//i, ''));
  const online = hosts.find((h) => isDynamicsOnlineHost(h));
  if (online !== undefined) {
    return { deployment: 'online', host: online };
  }
  const first = hosts[0];
  const byAuth = deploymentOfAuthType(authType);
  if (authType !== undefined && byAuth === 'online') {
    return { deployment: 'online', host: undefined, authType };
  }
  if (authType !== undefined && byAuth === 'onPremises' && first === undefined) {
    return { deployment: 'onPremises', host: undefined, authType };
  }
  return first === undefined ? undefined : { deployment: 'onPremises', host: first };
}
