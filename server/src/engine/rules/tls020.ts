import { checkSecurityProtocolWrites } from '../csharp/writeFindings';
import { Rule, RuleContext } from './rule';

/** TLS020: SecurityProtocol set without TLS 1.2. */
export const tls020: Rule = {
  meta: {
    id: 'TLS020',
    title: 'SecurityProtocol set without TLS 1.2',
    defaultSeverity: 'error',
    kinds: ['csharp'],
    hasSafeFix: true,
    summary: 'A write to ServicePointManager.SecurityProtocol leaves a protocol set without TLS 1.2, so connections to Dynamics 365 online fail.',
  },
  check(ctx: RuleContext): void {
    checkSecurityProtocolWrites(ctx, 'TLS020');
  },
};
