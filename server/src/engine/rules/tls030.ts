import { reportScriptRule } from '../powershell/scriptFindings';
import { Rule, RuleContext } from './rule';

/** TLS030: Dynamics connection before TLS 1.2 is enabled (PowerShell; the script flow analysis is shared by TLS030–TLS033). */
export const tls030: Rule = {
  meta: {
    id: 'TLS030',
    title: 'Dynamics connection before TLS 1.2 is enabled',
    defaultSeverity: 'warning',
    kinds: ['powershell'],
    hasSafeFix: true,
    summary: 'A PowerShell script connects to Dynamics (Get-CrmConnection, CrmServiceClient, Web API calls) without enabling TLS 1.2 earlier on every path.',
  },
  check(ctx: RuleContext): void {
    reportScriptRule('TLS030', ctx);
  },
};
