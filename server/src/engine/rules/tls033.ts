import { reportScriptRule } from '../powershell/scriptFindings';
import { Rule, RuleContext } from './rule';

/** TLS033: Protocol set pins TLS 1.2 with deprecated protocols (PowerShell; the script flow analysis is shared by TLS030–TLS033). */
export const tls033: Rule = {
  meta: {
    id: 'TLS033',
    title: 'Protocol set pins TLS 1.2 with deprecated protocols',
    defaultSeverity: 'information',
    kinds: ['powershell'],
    hasSafeFix: false,
    summary: 'A PowerShell script hardcodes a protocol set with TLS 1.2 plus deprecated SSL 3.0/TLS 1.0/TLS 1.1.',
  },
  check(ctx: RuleContext): void {
    reportScriptRule('TLS033', ctx);
  },
};
