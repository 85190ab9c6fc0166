import { reportScriptRule } from '../powershell/scriptFindings';
import { Rule, RuleContext } from './rule';

/** TLS032: TLS 1.2 enabled after the connection (PowerShell; the script flow analysis is shared by TLS030–TLS033). */
export const tls032: Rule = {
  meta: {
    id: 'TLS032',
    title: 'TLS 1.2 enabled after the connection',
    defaultSeverity: 'error',
    kinds: ['powershell'],
    hasSafeFix: true,
    summary: 'A PowerShell script enables TLS 1.2 only after its Dynamics connection has been made.',
  },
  check(ctx: RuleContext): void {
    reportScriptRule('TLS032', ctx);
  },
};
