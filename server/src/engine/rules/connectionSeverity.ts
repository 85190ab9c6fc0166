import { Severity } from '../model/finding';
import { RuleContext } from '../model/ruleContext';
import { CallSite, ScriptFlow } from '../powershell/flowTypes';
import { protocolNames } from '../powershell/protocolSet';
import { ladderSeverity } from '../project/runtime';

/** TLS030's severity for a connection and the words that say which evidence set it (TLS032 takes the same, docs/rules/TLS032.md). */
export interface ConnectionSeverity {
  severity: Severity;
  /** Appended to the message: why this severity. */
  reason: string;
  /** The evidence that set it, for related information (an on-premises branch, an AuthType, an online URL, a pin). */
  evidence?: { start: number; end: number; description: string };
}

/**
 * The severity of TLS030 (docs/rules/TLS030.md), owned by the rules layer (the script flow gives the facts): on-premises
 * destination (the one ladder's step, project/runtime.ts) or a
 * module function whose callers decide → information; Dynamics 365 online or a pinned set without TLS 1.2 → error; an
 * unknown destination → warning.
 */
export function connectionSeverity(ctx: RuleContext, flow: ScriptFlow | undefined, c: CallSite): ConnectionSeverity {
  const target = c.call.government ? 'Dynamics 365 Government' : 'Dynamics 365 online';
  const evidence = (description: string): ConnectionSeverity['evidence'] =>
    c.call.evidence ? { start: c.call.evidence.startIndex, end: c.call.evidence.endIndex, description } : undefined;
  if (c.call.destination === 'onPremises') {
    const why = c.call.destinationReason ?? '';
    return {
      severity: ladderSeverity('onPremises', 'error'),
      reason: ` and goes to an on-premises server (${why}), which does not refuse TLS 1.0/1.1, though TLS 1.2 is recommended`,
      evidence: evidence(`on-premises evidence (${why}): it lowers the severity to information`),
    };
  }
  const entry = c.scope.kind === 'function' && c.scope.name ? flow?.functionEntry.get(c.scope.name) : undefined;
  if (entry && !entry.invoked && /\.psm1$/i.test(ctx.path)) {
    return { severity: 'information', reason: ` inside module function ${c.scope.display ?? c.scope.name ?? ''}, whose callers are not in this file, so the caller decides` };
  }
  if (c.call.destination === 'online') {
    const why = c.call.destinationReason ?? '';
    return { severity: 'error', reason: ` and goes to ${target} (${why}), which refuses TLS 1.0/1.1`, evidence: evidence(`online evidence (${why}): it raises the severity to error`) };
  }
  const pin = c.state.pin;
  if (pin && pin.result !== undefined) {
    const line = ctx.lines.positionAt(pin.statement.startIndex).line + 1;
    return {
      severity: 'error',
      reason: ` and the script pins ${protocolNames(pin.result)} without TLS 1.2 (line ${line})`,
      evidence: { start: pin.statement.startIndex, end: pin.statement.endIndex, description: 'the script pins a protocol set without TLS 1.2 here' },
    };
  }
  return { severity: 'warning', reason: '; Dynamics 365 online refuses TLS 1.0/1.1' };
}
