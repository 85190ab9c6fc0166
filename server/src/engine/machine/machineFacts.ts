import { RegFile, RegKey, RegValue, canonicalKey } from '../regfile/regParser';

/** The two `.NETFramework\v4.0.30319` values that decide what .NET Framework offers, as found in one hive. */
export interface NetfxValues {
  /** False when the hive's `.NETFramework` key is not in the export at all (nothing can be said about it). */
  exported: boolean;
  schUseStrongCrypto?: number;
  systemDefaultTlsVersions?: number;
}

/** The SCHANNEL `Protocols\<protocol>\Client` values (undefined: the value is not set). */
export interface SchannelClient {
  enabled?: number;
  disabledByDefault?: number;
}

/** What a registry export says about one machine's TLS; `exported: false` marks a part the export does not hold. */
export interface MachineFacts {
  windows: { exported: boolean; productName?: string; build?: number; version?: string; servicePack?: string; installationType?: string };
  netFramework: { exported: boolean; full: boolean; release?: number };
  netfx64: NetfxValues;
  netfx32: NetfxValues;
  schannel: { exported: boolean; tls12Client: SchannelClient };
  /** The cipher-suite order set by group policy (`SSL\00010002` Functions), when the export holds it. */
  cipherSuites?: string[];
  /** Internet Options' SecureProtocols bit mask (0x800 = TLS 1.2), when the export holds it. */
  secureProtocols?: number;
}

const CURRENT_VERSION = 'hkey_local_machine\\software\\microsoft\\windows nt\\currentversion';
const NDP = /^hkey_local_machine\\software\\(wow6432node\\)?microsoft\\net framework setup\\ndp(\\|$)/;
const NDP_V4_FULL = /^hkey_local_machine\\software\\(wow6432node\\)?microsoft\\net framework setup\\ndp\\v4\\full$/;
const NETFX = /^hkey_local_machine\\software\\(wow6432node\\)?microsoft\\\.netframework(\\|$)/;
const NETFX_V4 = /^hkey_local_machine\\software\\(wow6432node\\)?microsoft\\\.netframework\\v4\.0\.30319$/;
const SCHANNEL = /^hkey_local_machine\\system\\(currentcontrolset|controlset\d{3})\\control\\securityproviders\\schannel(\\|$)/;
const TLS12_CLIENT = /^hkey_local_machine\\system\\(currentcontrolset|controlset\d{3})\\control\\securityproviders\\schannel\\protocols\\tls 1\.2\\client$/;
const CIPHER_POLICY = 'hkey_local_machine\\software\\policies\\microsoft\\cryptography\\configuration\\ssl\\00010002';
const INTERNET_SETTINGS = /\\software\\(policies\\)?microsoft\\windows\\currentversion\\internet settings$/;

function valueNamed(key: RegKey, name: string): RegValue | undefined {
  const lower = name.toLowerCase();
  return key.values.find((v) => v.name.toLowerCase() === lower && v.type !== 'delete');
}

function dwordOf(key: RegKey, name: string): number | undefined {
  const v = valueNamed(key, name);
  return v?.type === 'dword' ? v.dword : undefined;
}

/** A `"…"` string value unescaped (`\\` and `\"`), or undefined for another type. */
function stringOf(key: RegKey, name: string): string | undefined {
  const v = valueNamed(key, name);
  if (v?.type !== 'string') {
    return undefined;
  }
  const inner = v.data.replace(/^"/, '').replace(/"$/, '');
  return inner.replace(/\\(["\\])/g, '$1');
}

/** A `hex(7):` multi-string (UTF-16LE bytes, NUL-separated) or a plain string split on commas. */
function listOf(key: RegKey, name: string): string[] | undefined {
  const v = valueNamed(key, name);
  if (!v) {
    return undefined;
  }
  if (v.type === 'string') {
    return (stringOf(key, name) ?? '').split(',').map((s) => s.trim()).filter((s) => s.length > 0);
  }
  const hex = /^hex\(7\):(.*)$/is.exec(v.data);
  if (!hex) {
    return undefined;
  }
  const bytes = (hex[1] ?? '').split(',').map((b) => Number.parseInt(b.trim(), 16)).filter((b) => Number.isInteger(b) && b >= 0 && b <= 255);
  let text = '';
  for (let i = 0; i + 1 < bytes.length; i += 2) {
    text += String.fromCharCode((bytes[i] ?? 0) | ((bytes[i + 1] ?? 0) << 8));
  }
  return text.split('\0').map((s) => s.trim()).filter((s) => s.length > 0);
}

/** The Windows build number: `CurrentBuildNumber`, else `CurrentBuild` (both strings in the registry). */
function buildOf(key: RegKey): number | undefined {
  const text = stringOf(key, 'CurrentBuildNumber') ?? stringOf(key, 'CurrentBuild');
  const n = text === undefined ? Number.NaN : Number.parseInt(text, 10);
  return Number.isFinite(n) ? n : undefined;
}

function netfxFrom(keys: readonly RegKey[], wow: boolean): NetfxValues {
  const ours = keys.filter((k) => {
    const m = NETFX.exec(canonicalKey(k.path));
    return m !== null && (m[1] !== undefined) === wow;
  });
  const v4 = ours.find((k) => NETFX_V4.test(canonicalKey(k.path)));
  const out: NetfxValues = { exported: ours.length > 0 };
  const strong = v4 && dwordOf(v4, 'SchUseStrongCrypto');
  const system = v4 && dwordOf(v4, 'SystemDefaultTlsVersions');
  if (strong !== undefined) {
    out.schUseStrongCrypto = strong;
  }
  if (system !== undefined) {
    out.systemDefaultTlsVersions = system;
  }
  return out;
}

/** Reads the keys `machine` judges from a parsed export; deleted keys (`[-…]`) count as absent. */
export function machineFacts(reg: RegFile): MachineFacts {
  const keys = reg.keys.filter((k) => !k.deleted);
  const facts: MachineFacts = {
    windows: { exported: false },
    netFramework: { exported: false, full: false },
    netfx64: netfxFrom(keys, false),
    netfx32: netfxFrom(keys, true),
    schannel: { exported: false, tls12Client: {} },
  };
  for (const key of keys) {
    const c = canonicalKey(key.path);
    if (c === CURRENT_VERSION) {
      const w = facts.windows;
      w.exported = true;
      w.productName = stringOf(key, 'ProductName') ?? w.productName;
      w.build = buildOf(key) ?? w.build;
      w.version = stringOf(key, 'CurrentVersion') ?? w.version;
      w.servicePack = stringOf(key, 'CSDVersion') ?? w.servicePack;
      w.installationType = stringOf(key, 'InstallationType') ?? w.installationType;
    }
    if (NDP.test(c)) {
      facts.netFramework.exported = true;
    }
    if (NDP_V4_FULL.test(c)) {
      facts.netFramework.full = true;
      const release = dwordOf(key, 'Release');
      if (release !== undefined && (facts.netFramework.release === undefined || release > facts.netFramework.release)) {
        facts.netFramework.release = release;
      }
    }
    if (SCHANNEL.test(c)) {
      facts.schannel.exported = true;
    }
    if (TLS12_CLIENT.test(c)) {
      const enabled = dwordOf(key, 'Enabled');
      const disabledByDefault = dwordOf(key, 'DisabledByDefault');
      facts.schannel.tls12Client = { ...(enabled !== undefined ? { enabled } : {}), ...(disabledByDefault !== undefined ? { disabledByDefault } : {}) };
    }
    if (c === CIPHER_POLICY) {
      facts.cipherSuites = listOf(key, 'Functions') ?? facts.cipherSuites;
    }
    if (INTERNET_SETTINGS.test(c)) {
      facts.secureProtocols = dwordOf(key, 'SecureProtocols') ?? facts.secureProtocols;
    }
  }
  return facts;
}

/** .NET Framework versions by the smallest `Release` value that means them (Microsoft's published table). */
const RELEASES: readonly [number, string][] = [
  [533320, '4.8.1'],
  [528040, '4.8'],
  [461808, '4.7.2'],
  [461308, '4.7.1'],
  [460798, '4.7'],
  [394802, '4.6.2'],
  [394254, '4.6.1'],
  [393295, '4.6'],
  [379893, '4.5.2'],
  [378675, '4.5.1'],
  [378389, '4.5'],
];

/** The installed .NET Framework 4.x version a `Release` value means ('4.0' below 4.5's first release). */
export function frameworkVersion(release: number | undefined): string {
  if (release === undefined) {
    return '4.0';
  }
  return RELEASES.find(([min]) => release >= min)?.[1] ?? '4.0';
}

/** A version such as '4.6.2' as a comparable number (462). */
export function versionNumber(version: string): number {
  const [major = 0, minor = 0, patch = 0] = version.split('.').map((p) => Number.parseInt(p, 10) || 0);
  return major * 100 + minor * 10 + patch;
}
