import { reportScriptRule } from '../powershell/scriptFindings';
import { Rule, RuleContext } from './rule';

/** TLS031: SecurityProtocol set without TLS 1.2 (PowerShell; the script flow analysis is shared by TLS030–TLS033). */
export const tls031: Rule = {
  meta: {
    id: 'TLS031',
    title: 'SecurityProtocol set without TLS 1.2',
    defaultSeverity: 'error',
    kinds: ['powershell'],
    hasSafeFix: false,
    summary: 'A PowerShell script sets [Net.ServicePointManager]::SecurityProtocol to a protocol set without TLS 1.2.',
  },
  check(ctx: RuleContext): void {
    reportScriptRule('TLS031', ctx);
  },
};
