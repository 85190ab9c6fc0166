import { fileFix } from '../fixes/textFix';
import { ReportedFinding, RuleContext } from '../rules/rule';
import { RegKey, RegValue, canonicalKey, parseRegFile } from './regParser';

/** What a .reg key is to the TLS rules. */
type KeyRole = { kind: 'netfx'; wow: boolean; version: string } | { kind: 'schannelTls12Client' } | { kind: 'other' };

const NETFX_KEY = /^hkey_local_machine\\software\\(wow6432node\\)?microsoft\\\.netframework\\(v4\.0\.30319|v2\.0\.50727)$/;
const SCHANNEL_TLS12_CLIENT = 'hkey_local_machine\\system\\currentcontrolset\\control\\securityproviders\\schannel\\protocols\\tls 1.2\\client';

/** The value names each kind of key knows, with the value the Advisory 2960358 / SCHANNEL guidance wants. */
const KNOWN_NAMES: Readonly<Record<'netfx' | 'schannelTls12Client', Readonly<Record<string, { name: string; good: number }>>>> = {
  netfx: { schusestrongcrypto: { name: 'SchUseStrongCrypto', good: 1 }, systemdefaulttlsversions: { name: 'SystemDefaultTlsVersions', good: 1 } },
  schannelTls12Client: { enabled: { name: 'Enabled', good: 1 }, disabledbydefault: { name: 'DisabledByDefault', good: 0 } },
};

function roleOf(key: RegKey): KeyRole {
  const c = canonicalKey(key.path);
  const m = NETFX_KEY.exec(c);
  if (m) {
    return { kind: 'netfx', wow: m[1] !== undefined, version: m[2] ?? '' };
  }
  return c === SCHANNEL_TLS12_CLIENT ? { kind: 'schannelTls12Client' } : { kind: 'other' };
}

function dwordText(v: number): string {
  return `dword:${(v >>> 0).toString(16).padStart(8, '0')}`;
}

/** Levenshtein distance, small strings only. */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0] ?? 0;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j] ?? 0;
      row[j] = Math.min((row[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length] ?? 0;
}

/** The known name a value name means: exact (case-insensitive), or a near miss (spaces, edit distance ≤ 2). */
function knownName(kind: 'netfx' | 'schannelTls12Client', name: string): { canonical: string; good: number; typo: boolean } | undefined {
  const names = KNOWN_NAMES[kind];
  const exact = names[name.toLowerCase()];
  if (exact) {
    return { canonical: exact.name, good: exact.good, typo: false };
  }
  const trimmed = name.trim().toLowerCase();
  for (const [lower, info] of Object.entries(names)) {
    if (trimmed === lower || distance(trimmed, lower) <= 2) {
      return { canonical: info.name, good: info.good, typo: true };
    }
  }
  return undefined;
}

/** TLS040: values that switch strong crypto / system-default TLS off, or TLS 1.2 client off in SCHANNEL. */
export function checkDisabledSettings(ctx: RuleContext): void {
  for (const key of parseRegFile(ctx.text).keys) {
    const role = roleOf(key);
    if (role.kind === 'other' || key.deleted) {
      continue;
    }
    for (const value of key.values) {
      const known = knownName(role.kind, value.name);
      if (!known || known.typo || value.type !== 'dword' || value.dword === undefined) {
        continue;
      }
      const bad = role.kind === 'netfx' || known.canonical === 'Enabled' ? value.dword === 0 : value.dword !== 0;
      if (!bad) {
        continue;
      }
      ctx.report(disabledFinding(ctx, role, key, value, known.canonical, known.good));
    }
  }
}

function disabledFinding(ctx: RuleContext, role: KeyRole, key: RegKey, value: RegValue, name: string, good: number): ReportedFinding {
  const fix = fileFix(`Set ${name} to ${dwordText(good)}`, true, ctx.path, ctx.lines, [{ start: value.dataStart, end: value.dataEnd, newText: dwordText(good) }]);
  let message: string;
  if (role.kind === 'netfx') {
    const what = name === 'SchUseStrongCrypto' ? 'turns strong cryptography off, so .NET Framework apps keep SSL 3.0/TLS 1.0 and offer no TLS 1.2' : 'stops .NET Framework apps from using the OS default protocols (TLS 1.2)';
    message = `${name} = 0 under ${key.path} ${what}, which Dynamics 365 online requires: set it to ${dwordText(good)}.`;
  } else if (name === 'Enabled') {
    message = `TLS 1.2 client Enabled = 0 turns TLS 1.2 off for every SCHANNEL client on the machine, so nothing can reach Dynamics 365 online: set it to ${dwordText(good)}.`;
  } else {
    message = `TLS 1.2 client DisabledByDefault = ${value.dword ?? 1} keeps TLS 1.2 off unless an app asks for it explicitly, so apps using the system defaults cannot reach Dynamics 365 online: set it to ${dwordText(good)}.`;
  }
  return { severity: 'error', message, start: value.start, end: value.end, fixes: [fix] };
}

/** TLS041: Advisory 2960358 settings in one hive only, misspelt value names, wrong value types. */
export function checkAdvisorySettings(ctx: RuleContext): void {
  const file = parseRegFile(ctx.text);
  for (const key of file.keys) {
    const role = roleOf(key);
    if (role.kind === 'other' || key.deleted) {
      continue;
    }
    for (const value of key.values) {
      const known = knownName(role.kind, value.name);
      if (!known) {
        continue;
      }
      if (value.tooComplex !== undefined) {
        ctx.report({
          severity: 'information',
          message: `The value of ${known.canonical} under ${key.path} is too complex to analyse (${value.tooComplex}); check it by hand.`,
          start: value.start,
          end: value.end,
        });
        continue;
      }
      if (known.typo) {
        const fix = fileFix(`Rename "${value.name}" to "${known.canonical}"`, true, ctx.path, ctx.lines, [{ start: value.nameStart, end: value.nameEnd, newText: known.canonical }]);
        ctx.report({
          severity: 'warning',
          message: `Value name "${value.name}" is not "${known.canonical}" (a misspelling or stray space), so Windows ignores it: rename it to "${known.canonical}".`,
          start: value.nameStart - 1,
          end: value.nameEnd + 1,
          fixes: [fix],
        });
      }
      if (value.type !== 'dword' && value.type !== 'delete') {
        const numeric = /^"\s*(\d+)\s*"$/.exec(value.data);
        const intended = numeric ? Number(numeric[1]) : known.good;
        const fix = fileFix(`Write ${known.canonical} as ${dwordText(intended)}`, true, ctx.path, ctx.lines, [{ start: value.dataStart, end: value.dataEnd, newText: dwordText(intended) }]);
        ctx.report({
          severity: 'warning',
          message: `${known.canonical} is written as ${typeLabel(value)}, but Windows reads it only as a DWORD, so the setting has no effect: write it as ${dwordText(intended)}.`,
          start: value.start,
          end: value.end,
          fixes: [fix],
        });
      }
    }
  }
  checkTwins(ctx, file.keys);
}

function typeLabel(value: RegValue): string {
  switch (value.type) {
    case 'string':
      return 'a string';
    case 'qword':
      return 'a QWORD';
    default:
      return 'binary data';
  }
}

/** Values set to their good value in a key, by canonical name. */
function goodValues(key: RegKey, kind: 'netfx'): string[] {
  return key.values
    .map((v) => ({ v, known: knownName(kind, v.name) }))
    .filter((x) => x.known && !x.known.typo && x.v.type === 'dword' && x.v.dword === x.known.good)
    .map((x) => x.known?.canonical ?? '');
}

function twinPath(path: string, wow: boolean): string {
  if (wow) {
    return path.replace(/\\Wow6432Node\\/i, '\\');
  }
  return path.replace(/^([^\\]+\\software\\)/i, '$1Wow6432Node\\');
}

function checkTwins(ctx: RuleContext, keys: readonly RegKey[]): void {
  const eol = ctx.lines.dominantEol();
  for (const key of keys) {
    const role = roleOf(key);
    if (role.kind !== 'netfx' || key.deleted) {
      continue;
    }
    const present = goodValues(key, 'netfx');
    if (present.length === 0) {
      continue;
    }
    const twin = twinPath(key.path, role.wow);
    const twinKeys = keys.filter((k) => !k.deleted && canonicalKey(k.path) === canonicalKey(twin));
    // A misspelt or mistyped twin value counts as present: its own TLS041 fix repairs it.
    const twinHas = new Set(twinKeys.flatMap((k) => k.values.map((v) => knownName('netfx', v.name)?.canonical ?? '')));
    const missing = present.filter((n) => !twinHas.has(n));
    if (missing.length === 0 || (twinKeys.length === 0 && keys.some((k) => k !== key && canonicalKey(k.path) === canonicalKey(key.path) && k.start < key.start))) {
      continue;
    }
    const lines = missing.map((n) => `"${n}"=dword:00000001`);
    const last = twinKeys[twinKeys.length - 1];
    const edit = last
      ? { start: last.blockEnd, end: last.blockEnd, newText: lines.map((l) => eol + l).join('') }
      : { start: key.blockEnd, end: key.blockEnd, newText: `${eol}${eol}[${twin}]${lines.map((l) => eol + l).join('')}` };
    const hive = role.wow ? 'the 32-bit (Wow6432Node) hive' : 'the 64-bit hive';
    const other = role.wow ? '64-bit' : '32-bit';
    ctx.report({
      severity: 'warning',
      message: `${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} set only in ${hive} for ${role.version}, so ${other} .NET apps still lack TLS 1.2: add the same value${missing.length > 1 ? 's' : ''} under [${twin}].`,
      start: key.start,
      end: key.end,
      fixes: [fileFix(`Add ${missing.join(', ')} under ${twin}`, true, ctx.path, ctx.lines, [edit])],
    });
  }
}
