/** Dynamics client types that are Dynamics evidence by name alone. */
const CLIENT_TYPES = new Set(['CrmServiceClient', 'OrganizationServiceProxy', 'OrganizationWebProxyClient', 'DiscoveryServiceProxy']);
/** Static methods of the client types that connect by themselves (organisation discovery): client creations too. */
export const STATIC_CONNECTING_CALLS = new Set(['DiscoverOrganizations', 'DiscoverGlobalOrganizations', 'DiscoverOnlineOrganizations', 'DiscoverOnlineOrganizationsAsync', 'DiscoverOrganizationsAsync']);
/** Client types that are Dynamics evidence only with their Dynamics namespace (WCF proxies are often "ServiceClient"). */
const NAMESPACED_CLIENT_TYPES: Record<string, string[]> = {
  ServiceClient: ['Microsoft.PowerPlatform.Dataverse.Client'],
  CrmConnection: ['Microsoft.Xrm.Client', 'Microsoft.Xrm.Tooling.Connector'],
};

/** Every client type's simple name: the identifiers that start a client-creation record (recordKinds.ts). */
export const CLIENT_TYPE_NAMES: readonly string[] = [...CLIENT_TYPES, ...Object.keys(NAMESPACED_CLIENT_TYPES)];

/** The last segment and the qualifier of a (possibly qualified or generic) type name. */
export function splitTypeName(text: string): { name: string; qualifier: string } {
  const clean = text.replace(/<.*>$/s, '').replace(/^global::/, '').trim();
  const i = clean.lastIndexOf('.');
  return i < 0 ? { name: clean, qualifier: '' } : { name: clean.slice(i + 1), qualifier: clean.slice(0, i) };
}

/** True when a type written as `text` is the Dynamics client it names, given the file's usings. */
export function isDynamicsClientType(text: string, usings: ReadonlySet<string>): boolean {
  const { name, qualifier } = splitTypeName(text);
  if (CLIENT_TYPES.has(name)) {
    return true;
  }
  const namespaces = NAMESPACED_CLIENT_TYPES[name];
  if (!namespaces) {
    return false;
  }
  return qualifier ? namespaces.includes(qualifier) : namespaces.some((ns) => usings.has(ns));
}
