import { RegKey, RegValue, canonicalKey, parseRegFile } from './regParser';

/** What a hover shows in a .reg file: markdown and the offsets it describes. */
export interface RegHover {
  markdown: string;
  span: { start: number; end: number };
}

/** What reads a key, and what each of its TLS values means per DWORD (docs/rules/TLS040.md, TLS041.md). */
interface KeyMeaning {
  readBy: string;
  values: Readonly<Record<string, { name: string; meaning: (dword: number) => string }>>;
}

/** The key's meaning: the .NET Framework key of one hive and CLR version, or the SCHANNEL TLS 1.2 client key. */
function meaningOf(key: RegKey): KeyMeaning | undefined {
  const parts = canonicalKey(key.path).split('\\');
  const [hive, software, ...rest] = parts;
  if (hive === 'hkey_local_machine' && software === 'software') {
    const wow = rest[0] === 'wow6432node';
    const tail = wow ? rest.slice(1) : rest;
    if (tail.length === 3 && tail[0] === 'microsoft' && tail[1] === '.netframework' && (tail[2] === 'v4.0.30319' || tail[2] === 'v2.0.50727')) {
      const clr = tail[2] === 'v4.0.30319' ? '.NET Framework 4.x' : '.NET Framework 2.0–3.5';
      return {
        readBy: `${wow ? '32-bit' : '64-bit'} ${clr} apps on this machine (${wow ? 'the Wow6432Node hive' : 'the 64-bit hive'}; the other hive needs the same value)`,
        values: {
          schusestrongcrypto: {
            name: 'SchUseStrongCrypto',
            meaning: (v) =>
              v === 0
                ? 'strong cryptography off: the apps keep `Ssl3, Tls` and offer no TLS 1.2, so Dynamics 365 online refuses them'
                : 'strong cryptography on (Security Advisory 2960358): the apps offer TLS 1.2 even when built for 4.5.x',
          },
          systemdefaulttlsversions: {
            name: 'SystemDefaultTlsVersions',
            meaning: (v) => (v === 0 ? 'the apps do not use the OS default protocols' : 'the apps use the OS default protocols (TLS 1.2 where the OS offers it)'),
          },
        },
      };
    }
  }
  if (canonicalKey(key.path) === 'hkey_local_machine\\system\\currentcontrolset\\control\\securityproviders\\schannel\\protocols\\tls 1.2\\client') {
    return {
      readBy: 'SCHANNEL, for every TLS client on the machine (.NET, PowerShell, browsers)',
      values: {
        enabled: { name: 'Enabled', meaning: (v) => (v === 0 ? 'TLS 1.2 client off: nothing on the machine can reach Dynamics 365 online' : 'TLS 1.2 client on') },
        disabledbydefault: {
          name: 'DisabledByDefault',
          meaning: (v) =>
            v === 0 ? 'TLS 1.2 is offered by default' : 'TLS 1.2 stays off unless an app asks for it explicitly (the Windows 7 / Server 2008 R2 default): apps using the system defaults cannot reach Dynamics 365 online',
        },
      },
    };
  }
  return undefined;
}

function describeValue(value: RegValue, meaning: KeyMeaning): string | undefined {
  const known = meaning.values[value.name.toLowerCase()];
  if (!known) {
    return undefined;
  }
  const lines = [`**${known.name}** \`${value.data}\``];
  if (value.type === 'delete') {
    lines.push('**Deletes the value**: the default applies again');
  } else if (value.type !== 'dword' || value.dword === undefined) {
    lines.push('**Not a DWORD**: written as another type, it is not read as this setting');
  } else {
    lines.push(`= ${value.dword}: ${known.meaning(value.dword)}`);
  }
  lines.push(`**Read by** ${meaning.readBy}`);
  return lines.join('\n\n');
}

/**
 * Describes the `.reg` line under an offset: a TLS value of a .NET Framework or SCHANNEL key (what the DWORD means for
 * that key and hive), or the key line itself (what reads it). Undefined elsewhere.
 */
export function describeRegAt(text: string, offset: number): RegHover | undefined {
  for (const key of parseRegFile(text).keys) {
    const meaning = key.deleted ? undefined : meaningOf(key);
    if (!meaning) {
      continue;
    }
    if (offset >= key.start && offset <= key.end) {
      return { markdown: `**[${key.path}]**\n\n**Read by** ${meaning.readBy}`, span: { start: key.start, end: key.end } };
    }
    const value = key.values.find((v) => offset >= v.start && offset <= v.end);
    const markdown = value ? describeValue(value, meaning) : undefined;
    if (value && markdown) {
      return { markdown, span: { start: value.start, end: value.end } };
    }
  }
  return undefined;
}
