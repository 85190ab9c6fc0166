import { checkSecurityProtocolWrites } from '../csharp/writeFindings';
import { Rule, RuleContext } from './rule';

/** TLS021: SecurityProtocol enables deprecated protocols next to TLS 1.2. */
export const tls021: Rule = {
  meta: {
    id: 'TLS021',
    title: 'SecurityProtocol enables deprecated protocols next to TLS 1.2',
    defaultSeverity: 'warning',
    kinds: ['csharp'],
    hasSafeFix: true,
    summary: 'A SecurityProtocol write keeps TLS 1.2 but also enables SSL 3, TLS 1.0 or TLS 1.1.',
  },
  check(ctx: RuleContext): void {
    checkSecurityProtocolWrites(ctx, 'TLS021');
  },
};
