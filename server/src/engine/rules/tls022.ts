import { checkSecurityProtocolWrites } from '../csharp/writeFindings';
import { Rule, RuleContext } from './rule';

/** TLS022: Hardcoded TLS 1.2 pin. */
export const tls022: Rule = {
  meta: {
    id: 'TLS022',
    title: 'Hardcoded TLS 1.2 pin',
    defaultSeverity: 'information',
    kinds: ['csharp'],
    hasSafeFix: false,
    summary: 'SecurityProtocol is pinned to TLS 1.2: works, but blocks newer protocols on 4.7+ and has no effect on modern .NET.',
  },
  check(ctx: RuleContext): void {
    checkSecurityProtocolWrites(ctx, 'TLS022');
  },
};
