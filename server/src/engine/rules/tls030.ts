import { RelatedLocation, Severity } from '../model/finding';
import { RuleContext } from '../model/ruleContext';
import { fileFix } from '../fixes/textFix';
import { protocolNames } from '../powershell/protocolSet';
import { CallSite, ScriptFlow } from '../powershell/scriptFlow';
import { scriptVerdicts } from '../powershell/scriptVerdicts';
import { KB_TLS12_LINE, insertTls12Line } from '../powershell/tlsLineFix';
import { Rule } from './rule';

/** TLS030: Dynamics connection before TLS 1.2 is enabled (PowerShell; docs/rules/TLS030.md). The script flow analysis is shared by TLS030–TLS033. */
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
    const verdicts = scriptVerdicts(ctx);
    for (const { call: c, first } of verdicts?.unprotectedCalls ?? []) {
      const { severity, reason } = judge(ctx, verdicts?.flow, c);
      const related: RelatedLocation[] = [];
      if (c.state.pin) {
        const r = ctx.related({ path: ctx.path, start: c.state.pin.statement.startIndex, end: c.state.pin.statement.endIndex, description: 'the script pins a protocol set without TLS 1.2 here' });
        if (r) {
          related.push(r);
        }
      }
      const evidence = c.call.destinationEvidence;
      if (evidence && c.call.destination !== 'unknown') {
        // The evidence that raised or lowered the level is linked (docs/rules/TLS030.md).
        const where = c.call.destination === 'onPremises' ? 'goes to an on-premises server' : 'goes to Dynamics 365 online';
        const r = ctx.related({ path: ctx.path, start: evidence.startIndex, end: evidence.endIndex, description: `the connection ${where}: ${c.call.destinationReason ?? ''}` });
        if (r) {
          related.push(r);
        }
      }
      ctx.report({
        severity,
        message: `${c.call.label} connects before TLS 1.2 is enabled on every path to it (Windows PowerShell 5.1 offers only SSL 3.0/TLS 1.0 by default)${reason}: add ${KB_TLS12_LINE} before it.`,
        start: c.statement.startIndex,
        end: c.statement.endIndex,
        fixes: [fileFix(`Add TLS 1.2 before ${c.call.label}`, true, ctx.path, ctx.lines, [insertTls12Line(ctx.lines, first.rootStatement)])],
        related,
      });
    }
  },
};

/**
 * The severity ladder of TLS030: on-premises destination or a module function whose callers decide → information;
 * Dynamics 365 online or a pinned set without TLS 1.2 → error; an unknown destination → warning.
 */
function judge(ctx: RuleContext, flow: ScriptFlow | undefined, c: CallSite): { severity: Severity; reason: string } {
  const target = c.call.government ? 'Dynamics 365 Government' : 'Dynamics 365 online';
  if (c.call.destination === 'onPremises') {
    return { severity: 'information', reason: ` and goes to an on-premises server (${c.call.destinationReason ?? ''}), which does not refuse TLS 1.0/1.1, though TLS 1.2 is recommended` };
  }
  const entry = c.scope.kind === 'function' && c.scope.name ? flow?.functionEntry.get(c.scope.name) : undefined;
  if (entry && !entry.invoked && /\.psm1$/i.test(ctx.path)) {
    return { severity: 'information', reason: ` inside module function ${c.scope.display ?? c.scope.name ?? ''}, whose callers are not in this file, so the caller decides` };
  }
  if (c.call.destination === 'online') {
    return { severity: 'error', reason: ` and goes to ${target} (${c.call.destinationReason ?? ''}), which refuses TLS 1.0/1.1` };
  }
  if (c.state.pin && c.state.pin.result !== undefined) {
    const line = ctx.lines.positionAt(c.state.pin.statement.startIndex).line + 1;
    return { severity: 'error', reason: ` and the script pins ${protocolNames(c.state.pin.result)} without TLS 1.2 (line ${line})` };
  }
  return { severity: 'warning', reason: '; Dynamics 365 online refuses TLS 1.0/1.1' };
}
