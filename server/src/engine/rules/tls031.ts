import { RuleContext } from '../model/ruleContext';
import { fileFix } from '../fixes/textFix';
import { protocolNames } from '../powershell/protocolSet';
import { scriptVerdicts } from '../powershell/scriptVerdicts';
import { KB_TLS12_LINE } from '../powershell/tlsLineFix';
import { Rule } from './rule';

/** TLS031: SecurityProtocol set without TLS 1.2 (PowerShell; docs/rules/TLS031.md). The script flow analysis is shared by TLS030–TLS033. */
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
    for (const w of scriptVerdicts(ctx)?.withoutTls12 ?? []) {
      const { startIndex: start, endIndex: end } = w.statement;
      const what =
        w.result === 0
          ? 'SystemDefault, which Windows PowerShell 5.1 (legacy .NET defaults) cannot use and which offers no TLS 1.2'
          : `${protocolNames(w.result ?? 0)}, a set without TLS 1.2 that Dynamics 365 online refuses`;
      ctx.report({
        severity: 'error',
        message: `SecurityProtocol is set to ${what}: set it to [System.Net.SecurityProtocolType]::Tls12 instead.`,
        start,
        end,
        fixes: [fileFix('Set SecurityProtocol to Tls12 (the KB line)', false, ctx.path, ctx.lines, [{ start, end, newText: KB_TLS12_LINE }])],
      });
    }
  },
};
