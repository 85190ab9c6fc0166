import { parseRegFile } from '../regfile/regParser';
import { MachineFacts, NetfxValues, frameworkVersion, machineFacts, versionNumber } from './machineFacts';

/** A machine's (or one kind of client's) verdict, in the `machine --format json` contract's words. */
export type MachineVerdict = 'Ready' | 'At risk' | 'Will fail';

/** The verdict for one kind of client on the machine, with why. */
export interface ClientJudgement {
  client: string;
  verdict: MachineVerdict;
  reasons: string[];
}

/** One export judged as one machine: what it is, the verdict (the worst client's), the reasons per client. */
export interface MachineJudgement {
  windows: string;
  netFramework: string;
  verdict: MachineVerdict;
  clients: ClientJudgement[];
  /** What the export does not hold, so could not be judged. */
  unknown: string[];
}

const RANK: Record<MachineVerdict, number> = { Ready: 0, 'At risk': 1, 'Will fail': 2 };

function worst(verdicts: readonly MachineVerdict[]): MachineVerdict {
  return verdicts.reduce<MachineVerdict>((a, b) => (RANK[b] > RANK[a] ? b : a), 'Ready');
}

/** A partial judgement: a verdict and its reasons. */
interface Outcome {
  verdict: MachineVerdict;
  reasons: string[];
}

const ok = (reason: string): Outcome => ({ verdict: 'Ready', reasons: [reason] });
const risk = (reason: string): Outcome => ({ verdict: 'At risk', reasons: [reason] });
const fail = (reason: string): Outcome => ({ verdict: 'Will fail', reasons: [reason] });

/** The suites Dataverse accepts (Microsoft's "Server cipher suites and TLS requirements"); a client must offer one. */
const DATAVERSE_SUITES = /^TLS_ECDHE_(RSA|ECDSA)_WITH_AES_(128|256)_(GCM_SHA256|GCM_SHA384|CBC_SHA256|CBC_SHA384)(_P\d+)?$/i;

type Family = 'vista' | 'win7' | 'win8+' | 'unknown';

function familyOf(f: MachineFacts): Family {
  const build = f.windows.build;
  if (build !== undefined) {
    return build < 7600 ? 'vista' : build < 9200 ? 'win7' : 'win8+';
  }
  const v = f.windows.version;
  return v === '6.0' ? 'vista' : v === '6.1' ? 'win7' : v && versionNumber(v) >= 620 ? 'win8+' : 'unknown';
}

/** Whether Windows' TLS (SCHANNEL) gives TLS 1.2 to a client that asks for it explicitly. */
function schannelExplicit(f: MachineFacts): Outcome {
  const family = familyOf(f);
  const client = f.schannel.tls12Client;
  if (client.enabled === 0) {
    return fail('SCHANNEL Protocols\\TLS 1.2\\Client has Enabled=0: TLS 1.2 is off for every client that uses Windows\' TLS');
  }
  if (f.cipherSuites && !f.cipherSuites.some((s) => DATAVERSE_SUITES.test(s))) {
    return fail('the cipher-suite order set by policy (SSL\\00010002 Functions) holds none of the ECDHE AES suites Dataverse accepts');
  }
  if (family === 'vista') {
    return client.disabledByDefault === 0
      ? risk('Windows Vista / Server 2008 has TLS 1.2 only with update KB4019276, which a registry export cannot show')
      : fail('Windows Vista / Server 2008 has no TLS 1.2 (Server 2008 SP2 needs update KB4019276 and the TLS 1.2 client keys)');
  }
  if (family === 'unknown') {
    return risk('the Windows version could not be judged');
  }
  if (!f.schannel.exported) {
    return risk('the SCHANNEL protocol keys are not in the export (TLS 1.2 may be turned off there)');
  }
  return ok('Windows gives TLS 1.2 to clients that ask for it');
}

/** Whether Windows offers TLS 1.2 to a client that leaves the choice to Windows (SystemDefault). */
function schannelDefault(f: MachineFacts): Outcome {
  const explicit = schannelExplicit(f);
  if (explicit.verdict !== 'Ready') {
    return explicit;
  }
  const dbd = f.schannel.tls12Client.disabledByDefault;
  if (dbd !== undefined && dbd !== 0) {
    return fail('SCHANNEL Protocols\\TLS 1.2\\Client has DisabledByDefault=1: Windows does not offer TLS 1.2 unless the app asks for it');
  }
  if (familyOf(f) === 'win7' && dbd !== 0) {
    return fail('Windows 7 / Server 2008 R2 offers TLS 1.2 by default only with the SCHANNEL Protocols\\TLS 1.2\\Client keys (DisabledByDefault=0, Enabled=1), which are missing');
  }
  return ok('Windows offers TLS 1.2 by default');
}

const HIVES: readonly { label: string; pick: (f: MachineFacts) => NetfxValues; key: string }[] = [
  { label: '64-bit', pick: (f) => f.netfx64, key: 'SOFTWARE\\Microsoft\\.NETFramework\\v4.0.30319' },
  { label: '32-bit', pick: (f) => f.netfx32, key: 'SOFTWARE\\Wow6432Node\\Microsoft\\.NETFramework\\v4.0.30319' },
];

const BOTH_KEYS = 'both HKLM\\SOFTWARE\\[Wow6432Node\\]Microsoft\\.NETFramework\\v4.0.30319 keys';

/** Judges one hive's values for apps of one target family; `undefined` values keep the target's own default. */
type HiveRule = (values: NetfxValues, f: MachineFacts, key: string) => Outcome;

/** Built for ≤ 4.5.2 (and Windows PowerShell 5.1): SSL 3.0/TLS 1.0 unless the registry turns strong crypto or system defaults on. */
const legacyHive: HiveRule = (v, f, key) => {
  if (v.systemDefaultTlsVersions === 1) {
    return schannelDefault(f);
  }
  if (v.schUseStrongCrypto === 1) {
    return schannelExplicit(f);
  }
  return fail(`neither SchUseStrongCrypto nor SystemDefaultTlsVersions is 1 under ${key}: these apps offer only SSL 3.0/TLS 1.0`);
};

/** Built for 4.6–4.6.2: TLS 1.0–1.2 asked explicitly, unless strong crypto is switched off or system defaults on. */
const explicitHive: HiveRule = (v, f, key) => {
  if (v.schUseStrongCrypto === 0) {
    return fail(`SchUseStrongCrypto=0 under ${key} turns strong crypto off: these apps fall back to SSL 3.0/TLS 1.0`);
  }
  return v.systemDefaultTlsVersions === 1 ? schannelDefault(f) : schannelExplicit(f);
};

/** Built for 4.7+: Windows chooses (SystemDefault), unless the registry reverts to .NET's own list. */
const systemDefaultHive: HiveRule = (v, f, key) => {
  if (v.schUseStrongCrypto === 0) {
    return risk(`SchUseStrongCrypto=0 under ${key} turns strong crypto off`);
  }
  return v.systemDefaultTlsVersions === 0 ? schannelExplicit(f) : schannelDefault(f);
};

function combine(parts: readonly Outcome[]): Outcome {
  const verdict = worst(parts.map((p) => p.verdict));
  const reasons = parts.filter((p) => p.verdict === verdict).flatMap((p) => p.reasons);
  return { verdict, reasons: [...new Set(reasons)] };
}

/** A .NET Framework client kind: the installed runtime must run it, then each hive decides (32- and 64-bit apps). */
function dotnetClient(f: MachineFacts, minimum: string, rule: HiveRule): Outcome {
  if (!f.netFramework.exported) {
    return risk('the installed .NET Framework could not be judged (NET Framework Setup\\NDP is not in the export)');
  }
  const installed = f.netFramework.full ? frameworkVersion(f.netFramework.release) : undefined;
  if (installed === undefined || versionNumber(installed) < versionNumber(minimum)) {
    return fail(`needs .NET Framework ${minimum} or later; ${installed ?? 'no .NET Framework 4.5 or later'} is installed`);
  }
  if (HIVES.every(({ pick }) => pick(f).exported)) {
    // The same outcome in both hives is said once, naming both keys.
    const [a, b] = HIVES.map(({ pick }) => rule(pick(f), f, BOTH_KEYS));
    if (a && b && a.verdict === b.verdict && a.reasons.join() === b.reasons.join()) {
      return { verdict: a.verdict, reasons: a.reasons.map((r) => `64- and 32-bit apps: ${r}`) };
    }
  }
  return combine(
    HIVES.map(({ label, pick, key }) => {
      const values = pick(f);
      if (!values.exported) {
        return risk(`${label} apps: HKLM\\${key.replace(/\\v4\.0\.30319$/, '')} is not in the export`);
      }
      const o = rule(values, f, `HKLM\\${key}`);
      return { verdict: o.verdict, reasons: o.reasons.map((r) => `${label} apps: ${r}`) };
    }),
  );
}

/** Windows PowerShell 5.1 (powershell.exe is built for .NET Framework 4.5): as an old app, unless the script asks for TLS 1.2. */
function powershell(f: MachineFacts): Outcome {
  const o = dotnetClient(f, '4.5', legacyHive);
  return o.verdict === 'Ready' ? o : { verdict: o.verdict, reasons: [...o.reasons, 'scripts that add Tls12 to SecurityProtocol before connecting still work (TLS030 finds those that do not)'] };
}

/** Browsers: Edge, Chrome and Firefox carry their own TLS; Internet Explorer, the legacy Edge and web views use Windows'. */
function browsers(f: MachineFacts): Outcome {
  if (f.secureProtocols !== undefined && (f.secureProtocols & 0x800) === 0) {
    return risk('Internet Options (SecureProtocols) has TLS 1.2 off: Internet Explorer and web views fail; Edge, Chrome and Firefox still connect');
  }
  const os = schannelExplicit(f);
  if (os.verdict === 'Ready') {
    return ok('current Edge, Chrome and Firefox connect, and so do browsers that use Windows\' TLS');
  }
  const outcome = os.verdict === 'Will fail' ? 'fail' : 'may fail';
  return risk(`${os.reasons.join('; ')}: Internet Explorer and web views ${outcome}; current Edge, Chrome and Firefox carry their own TLS and still connect`);
}

function windowsLabel(f: MachineFacts): string {
  const w = f.windows;
  if (!w.exported || (w.productName === undefined && w.build === undefined && w.version === undefined)) {
    return 'unknown';
  }
  let name = w.productName ?? `Windows NT ${w.version ?? ''}`.trim();
  // Windows 11 keeps "Windows 10" in ProductName; the build tells them apart.
  if (w.build !== undefined && w.build >= 22000 && /^Windows 10\b/.test(name) && w.installationType !== 'Server') {
    name = name.replace(/^Windows 10\b/, 'Windows 11');
  }
  const sp = w.servicePack ? ` ${w.servicePack}` : '';
  return `${name}${sp}${w.build !== undefined ? ` (build ${w.build})` : ''}`;
}

function netFrameworkLabel(f: MachineFacts): string {
  if (!f.netFramework.exported) {
    return 'unknown';
  }
  return f.netFramework.full ? frameworkVersion(f.netFramework.release) : 'none';
}

/** The client kinds judged for every machine, in the order the report shows them. */
export const CLIENT_KINDS = [
  '.NET Framework apps built for 4.5.2 or earlier',
  '.NET Framework apps built for 4.6–4.6.2',
  '.NET Framework apps built for 4.7 or later',
  'Windows PowerShell 5.1',
  'Browsers',
] as const;

/** Judges a parsed machine's facts: a verdict per kind of client, the worst as the machine's verdict. */
export function judgeFacts(f: MachineFacts): MachineJudgement {
  const outcomes: Outcome[] = [
    dotnetClient(f, '4.5', legacyHive),
    dotnetClient(f, '4.6', explicitHive),
    dotnetClient(f, '4.7', systemDefaultHive),
    powershell(f),
    browsers(f),
  ];
  const clients = outcomes.map((o, i) => ({ client: CLIENT_KINDS[i] ?? '', verdict: o.verdict, reasons: o.reasons }));
  const unknown: string[] = [];
  if (!f.windows.exported) {
    unknown.push('the Windows version (HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion is not in the export)');
  }
  if (!f.netFramework.exported) {
    unknown.push('the installed .NET Framework (HKLM\\SOFTWARE\\Microsoft\\NET Framework Setup\\NDP is not in the export)');
  }
  if (!f.netfx64.exported && !f.netfx32.exported) {
    unknown.push('SchUseStrongCrypto and SystemDefaultTlsVersions (neither .NETFramework key is in the export)');
  }
  if (!f.schannel.exported) {
    unknown.push('the SCHANNEL protocol keys (HKLM\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL is not in the export)');
  }
  return { windows: windowsLabel(f), netFramework: netFrameworkLabel(f), verdict: worst(clients.map((c) => c.verdict)), clients, unknown };
}

/** Judges one registry export (its decoded text) as one machine. */
export function judgeMachine(text: string): MachineJudgement {
  return judgeFacts(machineFacts(parseRegFile(text)));
}

/** The reasons as the `machine --format json` contract lists them: what could not be judged, then each client's verdict and why. */
export function machineReasons(j: MachineJudgement): string[] {
  return [...j.unknown.map((u) => `Could not judge ${u}.`), ...j.clients.map((c) => `${c.client}: ${c.verdict} — ${c.reasons.join('; ')}.`)];
}
