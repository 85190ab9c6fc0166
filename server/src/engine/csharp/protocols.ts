import { TargetDefaults } from '../project/runtime';
import { PROTOCOL_BITS } from '../project/targetFramework';

/** The two protocol enums the evaluator understands; they share their bit values (docs/facts.md#protocol-values). */
export type ProtocolEnum = 'SecurityProtocolType' | 'SslProtocols';

const SPT_MEMBERS: Record<string, number> = {
  SystemDefault: 0,
  Ssl3: PROTOCOL_BITS.Ssl3,
  Tls: PROTOCOL_BITS.Tls,
  Tls11: PROTOCOL_BITS.Tls11,
  Tls12: PROTOCOL_BITS.Tls12,
  Tls13: PROTOCOL_BITS.Tls13,
};

const SSL_MEMBERS: Record<string, number> = {
  None: 0,
  Ssl2: PROTOCOL_BITS.Ssl2,
  Ssl3: PROTOCOL_BITS.Ssl3,
  Tls: PROTOCOL_BITS.Tls,
  Default: PROTOCOL_BITS.Ssl3 | PROTOCOL_BITS.Tls,
  Tls11: PROTOCOL_BITS.Tls11,
  Tls12: PROTOCOL_BITS.Tls12,
  Tls13: PROTOCOL_BITS.Tls13,
};

/** The enum types by the names code spells them with (the .NET 3.5 `…Extensions` classes carry Tls11/Tls12). */
const ENUM_TYPE_NAMES: Record<string, ProtocolEnum> = {
  SecurityProtocolType: 'SecurityProtocolType',
  SecurityProtocolTypeExtensions: 'SecurityProtocolType',
  SslProtocols: 'SslProtocols',
  SslProtocolsExtensions: 'SslProtocols',
};

/** The namespaces that hold each protocol enum (for fully-qualified spellings). */
const ENUM_NAMESPACES: Record<string, string[]> = {
  SecurityProtocolType: ['System.Net'],
  SecurityProtocolTypeExtensions: ['System.Net'],
  SslProtocols: ['System.Security.Authentication'],
  SslProtocolsExtensions: ['System.Security.Authentication'],
};

/** Every bit a protocol set may hold; results are masked to it (the setter rejects others). */
export const ALL_PROTOCOL_BITS = Object.values(PROTOCOL_BITS).reduce((a, b) => a | b, 0);
/** TLS 1.2 and TLS 1.3: the protocols Dynamics 365 online accepts. */
export const MODERN_BITS = PROTOCOL_BITS.Tls12 | PROTOCOL_BITS.Tls13;
/** The deprecated protocols (SSL 2/3, TLS 1.0, TLS 1.1). */
export const DEPRECATED_BITS = PROTOCOL_BITS.Ssl2 | PROTOCOL_BITS.Ssl3 | PROTOCOL_BITS.Tls | PROTOCOL_BITS.Tls11;

/** The enum a type name denotes (`SecurityProtocolType`, `System.Net.SecurityProtocolType`, `global::…`), if any. */
export function protocolEnumOf(typeText: string): ProtocolEnum | undefined {
  const clean = typeText.replace(/^global::/, '').replace(/\s+/g, '');
  const dot = clean.lastIndexOf('.');
  const name = dot < 0 ? clean : clean.slice(dot + 1);
  const qualifier = dot < 0 ? '' : clean.slice(0, dot);
  const en = ENUM_TYPE_NAMES[name];
  if (!en || (qualifier && !(ENUM_NAMESPACES[name] ?? []).includes(qualifier))) {
    return undefined;
  }
  return en;
}

/** The value of a member of a protocol enum, or undefined when the enum has no such member. */
export function memberValue(en: ProtocolEnum, member: string): number | undefined {
  const table = en === 'SecurityProtocolType' ? SPT_MEMBERS : SSL_MEMBERS;
  return Object.prototype.hasOwnProperty.call(table, member) ? table[member] : undefined;
}

/** Parses what `Enum.Parse` accepts: member names or numbers separated by commas (case-insensitive when asked). */
export function parseEnumString(en: ProtocolEnum, text: string, ignoreCase: boolean): number | undefined {
  const table = en === 'SecurityProtocolType' ? SPT_MEMBERS : SSL_MEMBERS;
  let value = 0;
  for (const raw of text.split(',')) {
    const part = raw.trim();
    if (/^-?\d+$/.test(part)) {
      value |= Number(part);
      continue;
    }
    const key = Object.keys(table).find((k) => (ignoreCase ? k.toLowerCase() === part.toLowerCase() : k === part));
    if (key === undefined) {
      return undefined;
    }
    value |= table[key] ?? 0;
  }
  return value;
}

const BIT_NAMES: [number, string][] = [
  [PROTOCOL_BITS.Ssl2, 'Ssl2'],
  [PROTOCOL_BITS.Ssl3, 'Ssl3'],
  [PROTOCOL_BITS.Tls, 'Tls'],
  [PROTOCOL_BITS.Tls11, 'Tls11'],
  [PROTOCOL_BITS.Tls12, 'Tls12'],
  [PROTOCOL_BITS.Tls13, 'Tls13'],
];

/** The member names of a set (`Tls | Tls12`); `SystemDefault` / `None` for 0, unknown bits as a number. */
export function formatProtocolSet(value: number, en: ProtocolEnum = 'SecurityProtocolType'): string {
  if (value === 0) {
    return en === 'SecurityProtocolType' ? 'SystemDefault' : 'None';
  }
  const names = memberNames(value);
  const rest = value & ~ALL_PROTOCOL_BITS;
  return [...names, ...(rest ? [String(rest)] : [])].join(' | ');
}

/** The member names of the bits in a set, in protocol order. */
export function memberNames(value: number): string[] {
  return BIT_NAMES.filter(([bit]) => (value & bit) !== 0).map(([, name]) => name);
}

/** True when the set offers TLS 1.2 (or 1.3). */
export function hasModern(value: number): boolean {
  return (value & MODERN_BITS) !== 0;
}

/** The three defaults a .NET Framework target may have: what an unknown target is judged against. */
export const POSSIBLE_DEFAULTS: readonly number[] = [
  PROTOCOL_BITS.Ssl3 | PROTOCOL_BITS.Tls,
  PROTOCOL_BITS.Tls | PROTOCOL_BITS.Tls11 | PROTOCOL_BITS.Tls12,
  0,
];

/** A one-line description of what a target sends by default (hover, messages). */
export function describeDefault(d: TargetDefaults): string {
  if (d.family === 'modern') {
    return `${d.label}: the OS chooses (ServicePointManager does not affect HttpClient / ServiceClient)`;
  }
  if (d.defaultSet === 0) {
    return `${d.label}: SystemDefault (the OS chooses, TLS 1.2 on supported Windows)`;
  }
  const suffix = hasModern(d.defaultSet) ? '' : ' — no TLS 1.2';
  return `${d.label}: ${formatProtocolSet(d.defaultSet)}${suffix}`;
}
