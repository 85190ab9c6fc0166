import { MsBuildItem } from './projectFile';

/** A Dynamics SDK package (or assembly) version found in a project, with what it needs. */
export interface SdkVersionFact {
  /** Package id or assembly name. */
  id: string;
  version: string;
  /** True when this is a package id; false for an assembly version from `Include="…, Version=…"`. */
  isPackage: boolean;
}

/** Compares dotted versions numerically (missing parts are 0). */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map((x) => parseInt(x, 10) || 0);
  const pb = b.split('.').map((x) => parseInt(x, 10) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) {
      return d;
    }
  }
  return 0;
}

/**
 * True for a pre-v9 Dynamics SDK: a `Microsoft.CrmSdk.*` package below 9, or an SDK assembly whose version tracks the
 * SDK's (`Microsoft.Xrm.Sdk`, `Microsoft.Crm.Sdk.Proxy`, …) below 9. Nothing else that starts with `Microsoft.Xrm.`, and
 * never the Dataverse client, whose own versions (0.x, 1.x) are all post-v9.
 */
export function isPreV9(fact: SdkVersionFact): boolean {
  const sdk = fact.isPackage ? /^Microsoft\.CrmSdk\./i.test(fact.id.trim()) : VERSIONED_ASSEMBLY.test(fact.id);
  return sdk && compareVersions(fact.version, '9') < 0;
}

/** True when a package version needs .NET Framework 4.6.2 (docs/facts.md#sdk-packages-and-their-minimum-frameworks: CoreAssemblies 9.0.2.52+, XrmTooling 9.1+, Dataverse.Client). */
export function packageNeedsNet462(fact: SdkVersionFact): boolean {
  if (!fact.isPackage) {
    return false;
  }
  const id = fact.id.toLowerCase();
  if (id === 'microsoft.powerplatform.dataverse.client') {
    return true;
  }
  if (id.startsWith('microsoft.crmsdk.xrmtooling.')) {
    return compareVersions(fact.version, '9.1') >= 0;
  }
  if (id.startsWith('microsoft.crmsdk.')) {
    return compareVersions(fact.version, '9.0.2.52') >= 0;
  }
  return false;
}

const HINT_PACKAGE = /(?:^|[\\/])packages[\\/]((?:Microsoft\.CrmSdk|Microsoft\.PowerPlatform\.Dataverse)[A-Za-z.]*?)\.(\d+(?:\.\d+)+)[\\/]/i;
const VERSIONED_ASSEMBLY = /^(Microsoft\.Xrm\.Sdk|Microsoft\.Crm\.Sdk\.Proxy|Microsoft\.Xrm\.Sdk\.Workflow|Microsoft\.Xrm\.Sdk\.Deployment)$/i;

/** The SDK version a `<Reference>` or `<PackageReference>` names (HintPath package folder first, then the assembly version). */
export function sdkVersionOf(item: MsBuildItem): SdkVersionFact | undefined {
  const name = (item.include.split(',')[0] ?? '').trim();
  if (item.type === 'PackageReference') {
    const version = item.metadata['Version'] ?? item.metadata['VersionOverride'];
    return version && /^\d/.test(version.trim()) ? { id: name, version: version.trim().replace(/^\[/, '').split(/[,)\]]/)[0] ?? '', isPackage: true } : undefined;
  }
  if (item.type !== 'Reference') {
    return undefined;
  }
  const hint = HINT_PACKAGE.exec(item.metadata['HintPath'] ?? '');
  if (hint && hint[1] && hint[2]) {
    return { id: hint[1], version: hint[2], isPackage: true };
  }
  const assemblyVersion = /Version\s*=\s*([\d.]+)/i.exec(item.include)?.[1];
  if (assemblyVersion && VERSIONED_ASSEMBLY.test(name)) {
    return { id: name, version: assemblyVersion, isPackage: false };
  }
  return undefined;
}
