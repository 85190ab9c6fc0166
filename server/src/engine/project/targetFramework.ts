/** A target framework parsed from `v4.5.2`, `net452`, `net48`, `net6.0-windows`, `netcoreapp3.1` or `netstandard2.0`. */
export interface FrameworkTarget {
  family: 'netfx' | 'netcore' | 'netstandard';
  /** major*10000 + minor*100 + patch, so 4.5.2 is 40502 and 4.6 is 40600. */
  version: number;
  /** The text as written (after property resolution). */
  raw: string;
  /** How people say it: ".NET Framework 4.5.2", ".NET 8.0". */
  display: string;
}

/** .NET Framework 4.5.2, the last version whose default protocol set lacks TLS 1.2. */
export const NETFX_452 = 40502;
/** .NET Framework 4.6.2, the KB's minimum and the Dataverse plug-in sandbox version. */
export const NETFX_462 = 40602;
/** .NET Framework 4.0: the behaviour of code whose target is not known or not its own (ASP.NET without httpRuntime, Windows PowerShell). */
export const NETFX_40 = 40000;
/** .NET Framework 4.6, the first version whose ServicePointManager defaults include TLS 1.2. */
export const NETFX_46 = 40600;
/** .NET Framework 4.7, from which the OS chooses the protocol (SystemDefault). */
export const NETFX_47 = 40700;
/** .NET Framework 4.7.2, a preferred retarget users may pick (`dynamicsTls.retargetTo`). */
export const NETFX_472 = 40702;
/** .NET Framework 4.8, the default preferred retarget: 4.6.2's support ends on 12 January 2027 (docs/rules/TLS001.md). */
export const NETFX_48 = 40800;
/** .NET Framework 4.8.1, a preferred retarget users may pick (`dynamicsTls.retargetTo`). */
export const NETFX_481 = 40801;

/** The versions `dynamicsTls.retargetTo` / `--retarget-to` accept, as written there, with their version numbers. */
export const RETARGET_CHOICES = { '4.6.2': NETFX_462, '4.7.2': NETFX_472, '4.8': NETFX_48, '4.8.1': NETFX_481 } as const;

/** A value of `dynamicsTls.retargetTo`. */
export type RetargetChoice = keyof typeof RETARGET_CHOICES;

/** The preferred retarget when nothing picks another (`dynamicsTls.retargetTo`'s default). */
export const DEFAULT_RETARGET: RetargetChoice = '4.8';

/** True when a text is one of the retarget choices. */
export function isRetargetChoice(value: unknown): value is RetargetChoice {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(RETARGET_CHOICES, value);
}

function versionNumber(major: number, minor: number, patch: number): number {
  return major * 10000 + minor * 100 + patch;
}

/** A version number as people write it: 40602 → `4.6.2`, 40800 → `4.8`. */
export function displayVersion(v: number): string {
  const major = Math.floor(v / 10000);
  const minor = Math.floor((v % 10000) / 100);
  const patch = v % 100;
  return patch ? `${major}.${minor}.${patch}` : `${major}.${minor}`;
}

/** Parses one target framework string; undefined when it is not one we know (or still holds `$(...)`). */
export function parseTargetFramework(text: string): FrameworkTarget | undefined {
  const raw = text.trim();
  const lower = raw.toLowerCase();
  let m = /^v(\d)\.(\d)(?:\.(\d))?$/.exec(lower);
  if (m) {
    const v = versionNumber(Number(m[1]), Number(m[2]), Number(m[3] ?? 0));
    return { family: 'netfx', version: v, raw, display: `.NET Framework ${displayVersion(v)}` };
  }
  m = /^net(\d)(\d)(\d)?$/.exec(lower);
  if (m) {
    const v = versionNumber(Number(m[1]), Number(m[2]), Number(m[3] ?? 0));
    return { family: 'netfx', version: v, raw, display: `.NET Framework ${displayVersion(v)}` };
  }
  m = /^net(\d+)\.(\d+)(?:-[a-z0-9.]+)?$/.exec(lower);
  if (m) {
    const v = versionNumber(Number(m[1]), Number(m[2]), 0);
    return { family: 'netcore', version: v, raw, display: `.NET ${displayVersion(v)}` };
  }
  m = /^netcoreapp(\d+)\.(\d+)$/.exec(lower);
  if (m) {
    const v = versionNumber(Number(m[1]), Number(m[2]), 0);
    return { family: 'netcore', version: v, raw, display: `.NET Core ${displayVersion(v)}` };
  }
  m = /^netstandard(\d+)\.(\d+)$/.exec(lower);
  if (m) {
    const v = versionNumber(Number(m[1]), Number(m[2]), 0);
    return { family: 'netstandard', version: v, raw, display: `.NET Standard ${displayVersion(v)}` };
  }
  return undefined;
}

/** Rewrites a target string to another .NET Framework version in the same notation (`v4.6.2` or `net462`). */
export function retargetText(raw: string, version: number): string {
  const major = Math.floor(version / 10000);
  const minor = Math.floor((version % 10000) / 100);
  const patch = version % 100;
  if (/^v/i.test(raw.trim())) {
    return `v${major}.${minor}${patch ? `.${patch}` : ''}`;
  }
  return `net${major}${minor}${patch || ''}`;
}

/** Names of the protocol bits, shared by SecurityProtocolType and SslProtocols (docs/facts.md#protocol-values). */
export const PROTOCOL_BITS = { Ssl2: 12, Ssl3: 48, Tls: 192, Tls11: 768, Tls12: 3072, Tls13: 12288 } as const;
