import { Severity } from '../model/finding';
import { RuleContext } from '../model/ruleContext';
import { fileFix } from '../fixes/textFix';
import { parseRegFile } from '../regfile/regParser';
import { DisabledValue, disabledValues, dwordText } from '../regfile/regSettings';
import { Rule } from './rule';

/** TLS040: a .reg file that turns strong crypto, system-default TLS or the TLS 1.2 client off (docs/rules/TLS040.md). */
export const tls040: Rule = {
  meta: {
    id: 'TLS040',
    title: 'Registry file disables TLS 1.2 for .NET or SCHANNEL',
    defaultSeverity: 'error',
    kinds: ['registry'],
    hasSafeFix: true,
    summary: 'A .reg file sets SchUseStrongCrypto or SystemDefaultTlsVersions to 0, or disables the SCHANNEL TLS 1.2 client.',
  },
  check(ctx: RuleContext): void {
    for (const d of disabledValues(parseRegFile(ctx.text))) {
      ctx.report({
        severity: severityOf(d),
        message: message(d),
        start: d.value.start,
        end: d.value.end,
        fixes: [fileFix(`Set ${d.name} to ${dwordText(d.good)}`, true, ctx.path, ctx.lines, [{ start: d.value.dataStart, end: d.value.dataEnd, newText: dwordText(d.good) }])],
      });
    }
  },
};

/**
 * The split levels of docs/rules/TLS040.md: error where nothing on the machine can offer TLS 1.2 — `SchUseStrongCrypto`=0, `SystemDefaultTlsVersions`=0
 * under v2.0.50727 (.NET 3.5 then has no TLS 1.2), SCHANNEL `Enabled`=0; warning where only apps that leave the choice
 * to .NET or Windows lose it — `SystemDefaultTlsVersions`=0 under v4.0.30319 (.NET's own defaults hold TLS 1.2 from
 * 4.6), SCHANNEL `DisabledByDefault`=1 (apps that ask for TLS 1.2 explicitly still get it).
 */
export function severityOf({ role, name }: DisabledValue): Severity {
  if (role.kind === 'netfx') {
    return name === 'SystemDefaultTlsVersions' && role.version === 'v4.0.30319' ? 'warning' : 'error';
  }
  return name === 'DisabledByDefault' ? 'warning' : 'error';
}

function message({ role, key, value, name, good }: DisabledValue): string {
  if (role.kind === 'netfx') {
    if (name === 'SchUseStrongCrypto') {
      return `${name} = 0 under ${key.path} turns strong cryptography off, so .NET Framework apps keep SSL 3.0/TLS 1.0 and offer no TLS 1.2, which Dynamics 365 online requires: set it to ${dwordText(good)}.`;
    }
    if (role.version === 'v4.0.30319') {
      return `${name} = 0 under ${key.path} stops .NET Framework 4.x apps from using the OS default protocols: they fall back to .NET's own defaults, which hold TLS 1.2 from 4.6 (with strong crypto) but not below, and block TLS 1.3; set it to ${dwordText(good)}.`;
    }
    return `${name} = 0 under ${key.path} stops .NET Framework 3.5 apps from using the OS default protocols, so they offer no TLS 1.2, which Dynamics 365 online requires: set it to ${dwordText(good)}.`;
  }
  if (name === 'Enabled') {
    return `TLS 1.2 client Enabled = 0 turns TLS 1.2 off for every SCHANNEL client on the machine, so nothing can reach Dynamics 365 online: set it to ${dwordText(good)}.`;
  }
  return `TLS 1.2 client DisabledByDefault = ${value.dword ?? 1} keeps TLS 1.2 off unless an app asks for it explicitly: apps that ask for TLS 1.2 still connect, but those that leave the choice to Windows (.NET 4.7+ defaults, SystemDefault) cannot reach Dynamics 365 online; set it to ${dwordText(good)}.`;
}
