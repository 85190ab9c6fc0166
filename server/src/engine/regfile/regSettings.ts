import { RegFile, RegKey, RegValue, canonicalKey } from './regParser';
import { appendAll } from '../util/arrays';

/** What a .reg key is to the TLS rules: a .NET Framework key (which hive, which version), the SCHANNEL TLS 1.2 client, or other. */
export type KeyRole = { kind: 'netfx'; wow: boolean; version: string } | { kind: 'schannelTls12Client' } | { kind: 'other' };

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

/** A DWORD as .reg files write it: `dword:00000001`. */
export function dwordText(v: number): string {
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

/** A value that switches strong crypto / system-default TLS off, or the TLS 1.2 client off in SCHANNEL (TLS040). */
export interface DisabledValue {
  role: Exclude<KeyRole, { kind: 'other' }>;
  key: RegKey;
  value: RegValue;
  /** The value's canonical name and the value the guidance wants. */
  name: string;
  good: number;
}

/** The values of a .reg file that turn TLS 1.2 off, in file order. */
export function disabledValues(file: RegFile): DisabledValue[] {
  const out: DisabledValue[] = [];
  for (const { role, key, value, known } of knownValues(file)) {
    if (known.typo || value.type !== 'dword' || value.dword === undefined) {
      continue;
    }
    const bad = role.kind === 'netfx' || known.canonical === 'Enabled' ? value.dword === 0 : value.dword !== 0;
    if (bad) {
      out.push({ role, key, value, name: known.canonical, good: known.good });
    }
  }
  return out;
}

/** The values of the file's live .NET Framework and SCHANNEL TLS 1.2 client keys whose names are known (or near one). */
function* knownValues(file: RegFile): Generator<{ role: Exclude<KeyRole, { kind: 'other' }>; key: RegKey; value: RegValue; known: { canonical: string; good: number; typo: boolean } }> {
  for (const key of file.keys) {
    const role = roleOf(key);
    if (role.kind === 'other' || key.deleted) {
      continue;
    }
    for (const value of key.values) {
      const known = knownName(role.kind, value.name);
      if (known) {
        yield { role, key, value, known };
      }
    }
  }
}

/**
 * Why an Advisory 2960358 / SCHANNEL setting does not take effect (TLS041): a value past the analysis budget (not
 * judged), a misspelt value name, a value that is not a
 * DWORD (with the number it meant), or good values set in one hive only (with where the twin values go).
 */
export type AdvisoryProblem =
  | { kind: 'tooComplex'; key: RegKey; value: RegValue; canonical: string; reason: string }
  | { kind: 'misspelt'; value: RegValue; canonical: string }
  | { kind: 'notDword'; value: RegValue; canonical: string; typeLabel: string; intended: number }
  | { kind: 'oneHive'; key: RegKey; wow: boolean; version: string; twin: string; missing: string[]; insertAt: number; newKey: boolean };

/** The advisory problems of a .reg file: per key and value in file order, then the one-hive keys. */
export function advisoryProblems(file: RegFile): AdvisoryProblem[] {
  const out: AdvisoryProblem[] = [];
  for (const { key, value, known } of knownValues(file)) {
    if (value.tooComplex !== undefined) {
      out.push({ kind: 'tooComplex', key, value, canonical: known.canonical, reason: value.tooComplex });
      continue;
    }
    if (known.typo) {
      out.push({ kind: 'misspelt', value, canonical: known.canonical });
    }
    if (value.type !== 'dword' && value.type !== 'delete') {
      const numeric = /^"\s*(\d+)\s*"$/.exec(value.data);
      out.push({ kind: 'notDword', value, canonical: known.canonical, typeLabel: typeLabel(value), intended: numeric ? Number(numeric[1]) : known.good });
    }
  }
  appendAll(out, oneHiveKeys(file.keys));
  return out;
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

/** .NET Framework keys whose good values are missing from the other hive's key (32-bit vs 64-bit). */
function oneHiveKeys(keys: readonly RegKey[]): AdvisoryProblem[] {
  const out: AdvisoryProblem[] = [];
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
    const last = twinKeys[twinKeys.length - 1];
    out.push({ kind: 'oneHive', key, wow: role.wow, version: role.version, twin, missing, insertAt: last ? last.blockEnd : key.blockEnd, newKey: !last });
  }
  return out;
}
