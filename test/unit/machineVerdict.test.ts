import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { frameworkVersion, machineFacts } from '../../server/src/engine/machine/machineFacts';
import { CLIENT_KINDS, MachineJudgement, judgeMachine, machineReasons } from '../../server/src/engine/machine/machineVerdict';
import { parseRegFile } from '../../server/src/engine/regfile/regParser';
import { decodeText } from '../../server/src/engine/text/encoding';
import { REPO_ROOT } from '../support/engineHarness';

const FIXTURES = join(REPO_ROOT, 'test', 'fixtures', 'machine');

function exportText(name: string): string {
  return decodeText(readFileSync(join(FIXTURES, name))).text;
}

/** Client kind → verdict, the part of a judgement the tests pin down. */
function verdicts(j: MachineJudgement): Record<string, string> {
  return Object.fromEntries(j.clients.map((c) => [c.client, c.verdict]));
}

function reasonsOf(j: MachineJudgement, kind: string): string {
  return j.clients.find((c) => c.client === kind)?.reasons.join(' | ') ?? '';
}

const [LEGACY, EXPLICIT, MODERN, POWERSHELL, BROWSERS] = CLIENT_KINDS;

/** A small export in `reg export`'s shape from key → value lines. */
function reg(keys: Record<string, string[]>): string {
  return ['Windows Registry Editor Version 5.00', '', ...Object.entries(keys).flatMap(([k, values]) => [`[${k}]`, ...values, ''])].join('\r\n');
}

const HKLM = 'HKEY_LOCAL_MACHINE';
const CV = `${HKLM}\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion`;
const FULL = `${HKLM}\\SOFTWARE\\Microsoft\\NET Framework Setup\\NDP\\v4\\Full`;
const NETFX64 = `${HKLM}\\SOFTWARE\\Microsoft\\.NETFramework\\v4.0.30319`;
const NETFX32 = `${HKLM}\\SOFTWARE\\Wow6432Node\\Microsoft\\.NETFramework\\v4.0.30319`;
const SCHANNEL = `${HKLM}\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL`;
const TLS12_CLIENT = `${SCHANNEL}\\Protocols\\TLS 1.2\\Client`;
const STRONG = ['"SchUseStrongCrypto"=dword:00000001', '"SystemDefaultTlsVersions"=dword:00000001'];

function server2016(extra: Record<string, string[]> = {}, netfx32: string[] = STRONG): string {
  return reg({
    [CV]: ['"ProductName"="Windows Server 2016 Standard"', '"CurrentBuildNumber"="14393"', '"InstallationType"="Server"'],
    [FULL]: ['"Release"=dword:00070bf0'],
    [NETFX64]: STRONG,
    [NETFX32]: netfx32,
    [SCHANNEL]: ['"EventLogging"=dword:00000001'],
    ...extra,
  });
}

describe('machine: the realistic exports', () => {
  it('Windows 7 SP1 without the TLS 1.2 client keys: Will fail (4.7+ apps get no TLS 1.2 from Windows, old apps and PowerShell offer TLS 1.0)', () => {
    const j = judgeMachine(exportText('win7-sp1-no-tls12-keys.reg'));
    assert.equal(j.windows, 'Windows 7 Professional Service Pack 1 (build 7601)');
    assert.equal(j.netFramework, '4.8');
    assert.equal(j.verdict, 'Will fail');
    assert.deepEqual(verdicts(j), { [LEGACY]: 'Will fail', [EXPLICIT]: 'Ready', [MODERN]: 'Will fail', [POWERSHELL]: 'Will fail', [BROWSERS]: 'Ready' });
    assert.match(reasonsOf(j, MODERN), /Windows 7 \/ Server 2008 R2 offers TLS 1\.2 by default only with the SCHANNEL Protocols\\TLS 1\.2\\Client keys/);
    assert.deepEqual(j.unknown, []);
  });

  it('Server 2012 R2 with .NET 4.5.2 and no SchUseStrongCrypto: Will fail for apps built for 4.5.2 or earlier', () => {
    const j = judgeMachine(exportText('server2012r2-net452.reg'));
    assert.equal(j.windows, 'Windows Server 2012 R2 Standard (build 9600)');
    assert.equal(j.netFramework, '4.5.2');
    assert.equal(j.verdict, 'Will fail');
    assert.deepEqual(verdicts(j), { [LEGACY]: 'Will fail', [EXPLICIT]: 'Will fail', [MODERN]: 'Will fail', [POWERSHELL]: 'Will fail', [BROWSERS]: 'Ready' });
    assert.match(reasonsOf(j, LEGACY), /neither SchUseStrongCrypto nor SystemDefaultTlsVersions is 1 .*only SSL 3\.0\/TLS 1\.0/);
    assert.match(reasonsOf(j, EXPLICIT), /needs \.NET Framework 4\.6 or later; 4\.5\.2 is installed/);
  });

  it('Server 2019 with 4.8, UTF-16LE with a BOM as reg export writes it: Ready for every client', () => {
    const bytes = readFileSync(join(FIXTURES, 'server2019-net48.reg'));
    assert.deepEqual([...bytes.subarray(0, 2)], [0xff, 0xfe]);
    const j = judgeMachine(decodeText(bytes).text);
    assert.equal(j.windows, 'Windows Server 2019 Datacenter (build 17763)');
    assert.equal(j.netFramework, '4.8');
    assert.equal(j.verdict, 'Ready');
    assert.deepEqual(new Set(Object.values(verdicts(j))), new Set(['Ready']));
    // The same export re-saved as UTF-8 is judged the same.
    assert.deepEqual(judgeMachine(decodeText(Buffer.from(decodeText(bytes).text, 'utf8')).text), j);
  });

  it('a partial export (SCHANNEL only) says what it could not judge and is not Ready', () => {
    const j = judgeMachine(exportText('partial-schannel-only.reg'));
    assert.equal(j.windows, 'unknown');
    assert.equal(j.netFramework, 'unknown');
    assert.equal(j.verdict, 'At risk');
    const reasons = machineReasons(j);
    assert.ok(reasons.includes('Could not judge the Windows version (HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion is not in the export).'));
    assert.ok(reasons.some((r) => r.startsWith('Could not judge the installed .NET Framework')));
    assert.ok(reasons.some((r) => r.startsWith('Could not judge SchUseStrongCrypto and SystemDefaultTlsVersions')));
    assert.ok(!reasons.some((r) => r.includes('SCHANNEL protocol keys (')));
  });
});

describe('machine: the rules behind the verdicts', () => {
  it('a well-configured Server 2016 is Ready; SchUseStrongCrypto only in the 64-bit hive fails the 32-bit old apps', () => {
    assert.equal(judgeMachine(server2016()).verdict, 'Ready');
    const j = judgeMachine(server2016({}, []));
    assert.equal(verdicts(j)[LEGACY], 'Will fail');
    assert.match(reasonsOf(j, LEGACY), /^32-bit apps: .*Wow6432Node/);
    assert.equal(verdicts(j)[MODERN], 'Ready');
  });

  it('the Wow6432Node key missing from the export: 32-bit apps cannot be judged (At risk)', () => {
    const text = server2016().replace(/\[HKEY_LOCAL_MACHINE\\SOFTWARE\\Wow6432Node[^\]]*\]\r\n("[^\r\n]*\r\n)*/, '');
    const j = judgeMachine(text);
    assert.equal(j.verdict, 'At risk');
    assert.match(reasonsOf(j, MODERN), /32-bit apps: HKLM\\SOFTWARE\\Wow6432Node\\Microsoft\\\.NETFramework is not in the export/);
  });

  it('TLS 1.2 client Enabled=0 fails every .NET client; browsers are At risk, not failed (Chrome and Firefox carry their own TLS)', () => {
    const j = judgeMachine(server2016({ [TLS12_CLIENT]: ['"Enabled"=dword:00000000'] }));
    assert.deepEqual(verdicts(j), { [LEGACY]: 'Will fail', [EXPLICIT]: 'Will fail', [MODERN]: 'Will fail', [POWERSHELL]: 'Will fail', [BROWSERS]: 'At risk' });
  });

  it('DisabledByDefault=1 fails the clients that leave the choice to Windows, not those that ask for TLS 1.2', () => {
    const j = judgeMachine(server2016({ [TLS12_CLIENT]: ['"DisabledByDefault"=dword:00000001'] }, ['"SchUseStrongCrypto"=dword:00000001']).replace(/"SystemDefaultTlsVersions"=dword:00000001\r\n/, ''));
    assert.equal(verdicts(j)[MODERN], 'Will fail');
    assert.equal(verdicts(j)[EXPLICIT], 'Ready');
    assert.equal(verdicts(j)[LEGACY], 'Ready');
  });

  it('Windows 7 with the TLS 1.2 client keys and SchUseStrongCrypto in both hives is Ready', () => {
    const fixed = reg({
      [CV]: ['"ProductName"="Windows 7 Enterprise"', '"CurrentVersion"="6.1"', '"CurrentBuildNumber"="7601"', '"CSDVersion"="Service Pack 1"'],
      [FULL]: ['"Release"=dword:00080eb1'],
      [NETFX64]: ['"SchUseStrongCrypto"=dword:00000001'],
      [NETFX32]: ['"SchUseStrongCrypto"=dword:00000001'],
      [SCHANNEL]: [],
      [TLS12_CLIENT]: ['"DisabledByDefault"=dword:00000000', '"Enabled"=dword:00000001'],
    });
    assert.equal(judgeMachine(fixed).verdict, 'Ready');
  });

  it('a cipher-suite policy without the ECDHE AES suites Dataverse accepts fails the Windows TLS clients', () => {
    const policy = `${HKLM}\\SOFTWARE\\Policies\\Microsoft\\Cryptography\\Configuration\\SSL\\00010002`;
    const bad = judgeMachine(server2016({ [policy]: ['"Functions"="TLS_RSA_WITH_AES_256_CBC_SHA256,TLS_RSA_WITH_AES_128_CBC_SHA"'] }));
    assert.equal(verdicts(bad)[MODERN], 'Will fail');
    assert.match(reasonsOf(bad, MODERN), /cipher-suite order/);
    const good = judgeMachine(server2016({ [policy]: ['"Functions"="TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,TLS_RSA_WITH_AES_128_CBC_SHA"'] }));
    assert.equal(good.verdict, 'Ready');
    // The same list as REG_MULTI_SZ (hex(7), UTF-16LE, NUL-separated).
    const multi = Buffer.from('TLS_RSA_WITH_AES_128_CBC_SHA\0\0', 'utf16le').toJSON().data.map((b) => b.toString(16).padStart(2, '0')).join(',');
    assert.deepEqual(machineFacts(parseRegFile(reg({ [policy]: [`"Functions"=hex(7):${multi}`] }))).cipherSuites, ['TLS_RSA_WITH_AES_128_CBC_SHA']);
  });

  it('Windows Server 2008 (6.0) has no TLS 1.2 without KB4019276; Windows 11 is named from its build', () => {
    const vista = judgeMachine(reg({ [CV]: ['"ProductName"="Windows Server (R) 2008 Standard"', '"CurrentBuildNumber"="6003"'], [FULL]: ['"Release"=dword:0006040e'], [NETFX64]: STRONG, [NETFX32]: STRONG, [SCHANNEL]: [] }));
    assert.equal(vista.verdict, 'Will fail');
    assert.match(reasonsOf(vista, EXPLICIT), /KB4019276/);
    const win11 = judgeMachine(reg({ [CV]: ['"ProductName"="Windows 10 Pro"', '"CurrentBuildNumber"="22631"', '"InstallationType"="Client"'] }));
    assert.equal(win11.windows, 'Windows 11 Pro (build 22631)');
  });

  it('.NET Framework release numbers map to versions; no v4\\Full key means none', () => {
    assert.deepEqual([378389, 379893, 394802, 461814, 528049, 533325, 1].map(frameworkVersion), ['4.5', '4.5.2', '4.6.2', '4.7.2', '4.8', '4.8.1', '4.0']);
    const none = judgeMachine(reg({ [`${HKLM}\\SOFTWARE\\Microsoft\\NET Framework Setup\\NDP\\v3.5`]: ['"Install"=dword:00000001'] }));
    assert.equal(none.netFramework, 'none');
    assert.match(reasonsOf(none, LEGACY), /no \.NET Framework 4\.5 or later is installed/);
  });

  it('a file that is not an export at all: nothing judged, every part named, At risk', () => {
    const j = judgeMachine('hello world\n[not a key');
    assert.equal(j.verdict, 'At risk');
    assert.equal(j.unknown.length, 4);
  });
});
