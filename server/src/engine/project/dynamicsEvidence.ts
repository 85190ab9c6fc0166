/** Where a fact about a project was seen: shown to the user as related information. */
export interface Evidence {
  path: string;
  start: number;
  end: number;
  description: string;
  /** Where the connection goes, when the evidence says so (a URL or a connection string): it sets severities. */
  deployment?: 'online' | 'onPremises';
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

const SDK_ASSEMBLY = /^(Microsoft\.Xrm\.Sdk|Microsoft\.Xrm\.Sdk\.Workflow|Microsoft\.Xrm\.Tooling\.Connector|Microsoft\.Crm\.Sdk\.Proxy|Microsoft\.Xrm\.Client|Microsoft\.PowerPlatform\.Dataverse\.Client)$/i;
const SDK_PACKAGE = /^(Microsoft\.CrmSdk\..+|Microsoft\.PowerPlatform\.Dataverse\.Client)$/i;

/** True for an assembly reference name of the Dynamics SDK, by exact name (`Microsoft.Xrm.Sdk`; not `Microsoft.Xrm.Omnichannel.BotSDK`). */
export function isDynamicsAssembly(include: string): boolean {
  return SDK_ASSEMBLY.test(include.trim());
}

/** True for a NuGet package id of the Dynamics SDK: the reserved prefix `Microsoft.CrmSdk.` or the exact Dataverse client id. */
export function isDynamicsPackage(id: string): boolean {
  return SDK_PACKAGE.test(id.trim());
}

const CONNECTION_KEY = /(?:^|;)\s*(?:Url|ServiceUri|Server|Service Uri)\s*=\s*([^;]*)/i;

/**
 * Classifies a Dynamics connection string (`AuthType=…;Url=…`, the CrmServiceClient format): online when its URL is on a
 * Dynamics online host, on-premises for any other host or plain `http://`; undefined when it is not a Dynamics one.
 */
export function classifyConnectionString(text: string): { deployment: 'online' | 'onPremises'; host: string } | undefined {
  if (!/(?:^|;)\s*AuthType\s*=/i.test(text)) {
    return undefined;
  }
  const url = CONNECTION_KEY.exec(text)?.[1]?.trim();
  if (!url) {
    return undefined;
  }
  const host = /^(?:https?:\/\/)?([^/:;]+)/i.exec(url)?.[1] ?? url;
  const online = /^https:\/\//i.test(url) && isDynamicsOnlineHost(host);
  return { deployment: online ? 'online' : 'onPremises', host };
}

/** True when every piece of connection evidence points on-premises (and there is at least one): findings drop to information. */
export function onlyOnPremises(evidence: readonly Evidence[]): boolean {
  const located = evidence.filter((e) => e.deployment !== undefined);
  return located.length > 0 && located.every((e) => e.deployment === 'onPremises') && evidence.every((e) => e.deployment !== 'online');
}
