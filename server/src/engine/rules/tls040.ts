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
        severity: 'error',
        message: message(d),
        start: d.value.start,
        end: d.value.end,
        fixes: [fileFix(`Set ${d.name} to ${dwordText(d.good)}`, true, ctx.path, ctx.lines, [{ start: d.value.dataStart, end: d.value.dataEnd, newText: dwordText(d.good) }])],
      });
    }
  },
};

function message({ role, key, value, name, good }: DisabledValue): string {
  if (role.kind === 'netfx') {
    const what = name === 'SchUseStrongCrypto' ? 'turns strong cryptography off, so .NET Framework apps keep SSL 3.0/TLS 1.0 and offer no TLS 1.2' : 'stops .NET Framework apps from using the OS default protocols (TLS 1.2)';
    return `${name} = 0 under ${key.path} ${what}, which Dynamics 365 online requires: set it to ${dwordText(good)}.`;
  }
  if (name === 'Enabled') {
    return `TLS 1.2 client Enabled = 0 turns TLS 1.2 off for every SCHANNEL client on the machine, so nothing can reach Dynamics 365 online: set it to ${dwordText(good)}.`;
  }
  return `TLS 1.2 client DisabledByDefault = ${value.dword ?? 1} keeps TLS 1.2 off unless an app asks for it explicitly, so apps using the system defaults cannot reach Dynamics 365 online: set it to ${dwordText(good)}.`;
}
