import { RuleContext } from '../model/ruleContext';
import { protocolNames } from '../powershell/protocolSet';
import { scriptVerdicts } from '../powershell/scriptVerdicts';
import { Rule } from './rule';

/** TLS033: Protocol set pins TLS 1.2 with deprecated protocols (PowerShell; docs/rules/TLS033.md). The script flow analysis is shared by TLS030–TLS033. */
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
    for (const { write: w, deprecated } of scriptVerdicts(ctx)?.withDeprecated ?? []) {
      ctx.report({
        severity: 'information',
        message: w.value?.readsCurrent
          ? `SecurityProtocol gains the deprecated ${protocolNames(deprecated)} alongside TLS 1.2: TLS 1.2 works, but Dynamics 365 online refuses ${protocolNames(deprecated)} and keeping it weakens other connections; add only Tls12 (-bor [Net.SecurityProtocolType]::Tls12).`
          : `SecurityProtocol is pinned to ${protocolNames((w.result ?? 0) & 0x3ff0)}: TLS 1.2 works, but Dynamics 365 online refuses the deprecated ${protocolNames(deprecated)} written here and keeping it weakens other connections; write only Tls12 (or add it to the current value with -bor).`,
        start: w.statement.startIndex,
        end: w.statement.endIndex,
      });
    }
  },
};
