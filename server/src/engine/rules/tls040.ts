import { checkDisabledSettings } from '../regfile/regFindings';
import { Rule, RuleContext } from './rule';

/** TLS040: a .reg file that turns strong crypto, system-default TLS or the TLS 1.2 client off. */
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
    checkDisabledSettings(ctx);
  },
};
