import { fileFix } from '../fixes/textFix';
import { Fix, RelatedLocation, Severity } from '../model/finding';
import { SyntaxNode, SyntaxTree } from '../parsing/parserPort';
import { ReportedFinding, RuleContext } from '../rules/rule';
import { DEPRECATED, TLS12, protocolNames } from './protocolSet';
import { dotSourceLookup } from './scriptFacts';
import { CallSite, FlowScope, ProtocolWrite, ScriptFlow, analyzeScriptFlow } from './scriptFlow';
import { KB_TLS12_LINE, insertTls12Line, moveBefore } from './tlsLineFix';
import { appendAll } from '../util/arrays';

/** The PowerShell rule ids this analysis reports for. */
export type PowerShellRuleId = 'TLS030' | 'TLS031' | 'TLS032' | 'TLS033';

/** A finding of one of the PowerShell rules. */
export interface ScriptFinding {
  ruleId: PowerShellRuleId;
  finding: ReportedFinding;
}

const cache = new WeakMap<SyntaxTree, { text: string; generation: number; findings: ScriptFinding[] }>();

/** The findings of TLS030–TLS033 for a script, computed once per tree, text and index generation (four rules share it). */
export function scriptFindings(ctx: RuleContext): ScriptFinding[] {
  const tree = ctx.tree;
  if (!tree) {
    return [];
  }
  const hit = cache.get(tree);
  if (hit && hit.text === ctx.text && hit.generation === ctx.index.generation) {
    return hit.findings;
  }
  let findings: ScriptFinding[];
  try {
    findings = computeFindings(ctx, tree);
  } catch {
    findings = [];
  }
  cache.set(tree, { text: ctx.text, generation: ctx.index.generation, findings });
  return findings;
}

function computeFindings(ctx: RuleContext, tree: SyntaxTree): ScriptFinding[] {
  const flow = analyzeScriptFlow(tree.rootNode, ctx.text, ctx.path, dotSourceLookup(ctx.index));
  const out: ScriptFinding[] = [];
  for (const w of flow.writes) {
    const f = writeFinding(ctx, flow, w);
    if (f) {
      out.push(f);
    }
  }
  appendAll(out, orderFindings(ctx, flow));
  return out;
}

function lineOf(ctx: RuleContext, node: SyntaxNode): number {
  return ctx.lines.positionAt(node.startIndex).line + 1;
}

function writeFinding(ctx: RuleContext, flow: ScriptFlow, w: ProtocolWrite): ScriptFinding | undefined {
  if (w.result === undefined || !w.value) {
    return undefined;
  }
  const { start, end } = { start: w.statement.startIndex, end: w.statement.endIndex };
  if ((w.result & TLS12) === 0) {
    if (w.result === 0 && flow.requiresCore) {
      return undefined;
    }
    const what =
      w.result === 0
        ? 'SystemDefault, which Windows PowerShell 5.1 (legacy .NET defaults) cannot use and which offers no TLS 1.2'
        : `${protocolNames(w.result)}, a set without TLS 1.2 that Dynamics 365 online refuses`;
    const fix: Fix = fileFix('Set SecurityProtocol to Tls12 (the KB line)', false, ctx.path, ctx.lines, [{ start, end, newText: KB_TLS12_LINE }]);
    return {
      ruleId: 'TLS031',
      finding: { severity: 'error', message: `SecurityProtocol is set to ${what}: set it to [System.Net.SecurityProtocolType]::Tls12 instead.`, start, end, fixes: [fix] },
    };
  }
  const deprecated = w.value.written & DEPRECATED & w.result;
  if (deprecated !== 0) {
    return {
      ruleId: 'TLS033',
      finding: {
        severity: 'information',
        message: w.value.readsCurrent
          ? `SecurityProtocol gains the deprecated ${protocolNames(deprecated)} alongside TLS 1.2: TLS 1.2 works, but Dynamics 365 online refuses ${protocolNames(deprecated)} and keeping it weakens other connections; add only Tls12 (-bor [Net.SecurityProtocolType]::Tls12).`
          : `SecurityProtocol is pinned to ${protocolNames(w.result & 0x3ff0)}: TLS 1.2 works, but Dynamics 365 online refuses the deprecated ${protocolNames(deprecated)} written here and keeping it weakens other connections; write only Tls12 (or add it to the current value with -bor).`,
        start,
        end,
      },
    };
  }
  return undefined;
}

interface LateMove {
  write: ProtocolWrite;
  target: SyntaxNode;
  call: CallSite;
}

function lateWrite(flow: ScriptFlow, scope: FlowScope, after: number): ProtocolWrite | undefined {
  return flow.writes.find((w) => w.scope.id === scope.id && w.counts && w.result !== undefined && (w.result & TLS12) !== 0 && w.statement.startIndex > after);
}

function orderFindings(ctx: RuleContext, flow: ScriptFlow): ScriptFinding[] {
  const moves = new Map<ProtocolWrite, LateMove>();
  const addMove = (write: ProtocolWrite, target: SyntaxNode, call: CallSite): void => {
    const existing = moves.get(write);
    if (!existing || target.startIndex < existing.target.startIndex) {
      moves.set(write, { write, target, call: existing?.call ?? call });
    }
  };
  const reported: CallSite[] = [];
  for (const c of flow.calls) {
    if (c.state.enabled || (c.call.webCmdlet && flow.requiresCore)) {
      continue;
    }
    const own = lateWrite(flow, c.scope, c.statement.startIndex);
    if (own) {
      addMove(own, c.rootStatement, c);
      continue;
    }
    const entry = c.scope.kind === 'function' && c.scope.name ? flow.functionEntry.get(c.scope.name) : undefined;
    if (entry?.invoked) {
      const late = entry.sites.filter((s) => !s.state.enabled).map((s) => ({ site: s, write: lateWrite(flow, s.scope, s.node.startIndex) }));
      if (late.length > 0 && late.every((l) => l.write)) {
        for (const l of late) {
          addMove(l.write as ProtocolWrite, l.site.rootStatement, c);
        }
        continue;
      }
    }
    reported.push(c);
  }
  const out: ScriptFinding[] = [...moves.values()].map((m) => lateFinding(ctx, m));
  const firstInScope = new Map<number, CallSite>();
  for (const c of reported) {
    if (!firstInScope.has(c.scope.id)) {
      firstInScope.set(c.scope.id, c);
    }
  }
  for (const c of reported) {
    const first = firstInScope.get(c.scope.id) ?? c;
    out.push({ ruleId: 'TLS030', finding: callFinding(ctx, flow, c, first) });
  }
  return out;
}

function lateFinding(ctx: RuleContext, m: LateMove): ScriptFinding {
  const edits = moveBefore(ctx.lines, m.write.rootStatement, m.target);
  const fixes = edits ? [fileFix(`Move the TLS 1.2 line before ${m.call.call.label}`, true, ctx.path, ctx.lines, edits)] : [];
  const related = ctx.related({ path: ctx.path, start: m.call.statement.startIndex, end: m.call.statement.endIndex, description: `${m.call.call.label} connects here, before TLS 1.2 is enabled` });
  return {
    ruleId: 'TLS032',
    finding: {
      severity: 'error',
      message: `This TLS 1.2 line runs after ${m.call.call.label} (line ${lineOf(ctx, m.call.statement)}) has already connected without it: move it before the connection.`,
      start: m.write.statement.startIndex,
      end: m.write.statement.endIndex,
      fixes,
      related: related ? [related] : [],
    },
  };
}

function callFinding(ctx: RuleContext, flow: ScriptFlow, c: CallSite, first: CallSite): ReportedFinding {
  const { severity, reason } = judgeCall(ctx, flow, c);
  const related: RelatedLocation[] = [];
  if (c.state.pin) {
    const r = ctx.related({ path: ctx.path, start: c.state.pin.statement.startIndex, end: c.state.pin.statement.endIndex, description: 'the script pins a protocol set without TLS 1.2 here' });
    if (r) {
      related.push(r);
    }
  }
  const fix = fileFix(`Add TLS 1.2 before ${c.call.label}`, true, ctx.path, ctx.lines, [insertTls12Line(ctx.lines, first.rootStatement)]);
  return {
    severity,
    message: `${c.call.label} connects before TLS 1.2 is enabled on every path to it (Windows PowerShell 5.1 offers only SSL 3.0/TLS 1.0 by default)${reason}: add ${KB_TLS12_LINE} before it.`,
    start: c.statement.startIndex,
    end: c.statement.endIndex,
    fixes: [fix],
    related,
  };
}

function judgeCall(ctx: RuleContext, flow: ScriptFlow, c: CallSite): { severity: Severity; reason: string } {
  const target = c.call.government ? 'Dynamics 365 Government' : 'Dynamics 365 online';
  if (c.call.destination === 'onPremises') {
    return { severity: 'information', reason: ` and goes to an on-premises server (${c.call.destinationReason ?? ''}), which does not refuse TLS 1.0/1.1, though TLS 1.2 is recommended` };
  }
  const entry = c.scope.kind === 'function' && c.scope.name ? flow.functionEntry.get(c.scope.name) : undefined;
  if (entry && !entry.invoked && /\.psm1$/i.test(ctx.path)) {
    return { severity: 'information', reason: ` inside module function ${c.scope.display ?? c.scope.name ?? ''}, whose callers are not in this file, so the caller decides` };
  }
  if (c.call.destination === 'online') {
    return { severity: 'error', reason: ` and goes to ${target} (${c.call.destinationReason ?? ''}), which refuses TLS 1.0/1.1` };
  }
  if (c.state.pin && c.state.pin.result !== undefined) {
    return { severity: 'error', reason: ` and the script pins ${protocolNames(c.state.pin.result)} without TLS 1.2 (line ${lineOf(ctx, c.state.pin.statement)})` };
  }
  return { severity: 'warning', reason: '; Dynamics 365 online refuses TLS 1.0/1.1' };
}

/** Reports one rule's share of the script findings: the body of each PowerShell rule's check. */
export function reportScriptRule(ruleId: PowerShellRuleId, ctx: RuleContext): void {
  for (const f of scriptFindings(ctx)) {
    if (f.ruleId === ruleId) {
      ctx.report(f.finding);
    }
  }
}
