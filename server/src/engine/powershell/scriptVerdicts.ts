import { RuleContext } from '../model/ruleContext';
import { SyntaxNode, SyntaxTree } from '../parsing/parserPort';
import { CallSite, FlowScope, ProtocolWrite, ScriptFlow } from './flowTypes';
import { DEPRECATED, TLS12 } from './protocolSet';
import { FailingPath, scriptGraph } from './scriptGraph';
import { analyzeScriptFlow } from './scriptFlow';

/** A TLS 1.2 line that runs after a connection it should precede: where to move it, and the call that came first. */
export interface LateMove {
  write: ProtocolWrite;
  target: SyntaxNode;
  call: CallSite;
}

/** A connection made before TLS 1.2 is enabled on every path, with the first such call of its scope (where the line goes). */
export interface UnprotectedCall {
  call: CallSite;
  first: CallSite;
}

/** What the script flow says about one script, for the PowerShell rules (TLS030–TLS033) to word. */
export interface ScriptVerdicts {
  flow: ScriptFlow;
  /** Writes whose resulting set lacks TLS 1.2 (SystemDefault counts, except under `#Requires -PSEdition Core`). */
  withoutTls12: ProtocolWrite[];
  /** Writes that keep TLS 1.2 but also write deprecated protocols, with those protocols' bits. */
  withDeprecated: { write: ProtocolWrite; deprecated: number }[];
  lateMoves: LateMove[];
  unprotectedCalls: UnprotectedCall[];
  /** For a script other workspace scripts call: a call path that reaches it without TLS 1.2 (docs/rules/TLS030.md, "Flow"). */
  failingPath?: FailingPath;
}

const cache = new WeakMap<SyntaxTree, { path: string; text: string; generation: number; verdicts: ScriptVerdicts | undefined }>();

/**
 * The script verdicts, computed once per tree, path, text and index generation (four rules share them); undefined without
 * a tree. The path is part of the key: a scan hands scripts of the same text one shared tree, and verdicts depend on
 * where a script is (what calls it, what its relative paths load).
 */
export function scriptVerdicts(ctx: RuleContext): ScriptVerdicts | undefined {
  const tree = ctx.tree;
  if (!tree) {
    return undefined;
  }
  const hit = cache.get(tree);
  if (hit && hit.path === ctx.path && hit.text === ctx.text && hit.generation === ctx.index.generation) {
    return hit.verdicts;
  }
  let verdicts: ScriptVerdicts | undefined;
  try {
    verdicts = computeVerdicts(ctx, tree);
  } catch {
    // A tree shape the flow analysis does not expect (a parse of broken script) leaves the script without PowerShell
    // verdicts, as before the analysis existed; the four rules then report nothing rather than failing one by one.
    verdicts = undefined;
  }
  cache.set(tree, { path: ctx.path, text: ctx.text, generation: ctx.index.generation, verdicts });
  return verdicts;
}

function computeVerdicts(ctx: RuleContext, tree: SyntaxTree): ScriptVerdicts {
  const graph = scriptGraph(ctx.index);
  const paths = graph.callPaths(ctx.path);
  const flow = analyzeScriptFlow(tree, ctx.text, ctx.path, { links: graph, enabledByCallers: paths.kind === 'enabled' });
  const withoutTls12: ProtocolWrite[] = [];
  const withDeprecated: { write: ProtocolWrite; deprecated: number }[] = [];
  const runEnd = lastSetOfRuns(flow.writes);
  for (const w of flow.writes) {
    if (w.result === undefined || !w.value) {
      continue;
    }
    // A write without TLS 1.2 is judged by the set its straight run leaves (docs/rules/TLS030.md, "Flow": `= Tls; … -bor Tls12` is
    // one set with TLS 1.2, TLS033 at the pin); a write that holds TLS 1.2 itself is judged by its own set.
    const judged = (w.result & TLS12) === 0 ? (runEnd.get(w.run) ?? w.result) : w.result;
    if ((judged & TLS12) === 0) {
      // An additive write never removes TLS 1.2 from a set that had none (only from SystemDefault, docs/rules/TLS030.md, "Flow").
      if ((w.result !== 0 || !flow.requiresCore) && !(w.additive && w.before !== 0)) {
        withoutTls12.push(w);
      }
      continue;
    }
    const deprecated = w.value.written & DEPRECATED & judged;
    if (deprecated !== 0) {
      withDeprecated.push({ write: w, deprecated });
    }
  }
  return { flow, withoutTls12, withDeprecated, ...orderVerdicts(flow), ...(paths.kind === 'failing' ? { failingPath: paths.path } : {}) };
}

/** The set each straight run of writes leaves after its last write (runs whose writes are all constants). */
function lastSetOfRuns(writes: readonly ProtocolWrite[]): Map<number, number> {
  const out = new Map<number, number>();
  const broken = new Set<number>();
  for (const w of writes) {
    if (w.result === undefined) {
      broken.add(w.run);
    } else {
      out.set(w.run, w.result);
    }
  }
  broken.forEach((run) => out.delete(run));
  return out;
}

function lateWrite(flow: ScriptFlow, scope: FlowScope, after: number): ProtocolWrite | undefined {
  return flow.writes.find((w) => w.scope.id === scope.id && w.counts && w.result !== undefined && (w.result & TLS12) !== 0 && w.statement.startIndex > after);
}

/** Calls made before TLS 1.2: a late TLS 1.2 line in the same scope (or every caller's) is moved, else the call is unprotected. */
function orderVerdicts(flow: ScriptFlow): { lateMoves: LateMove[]; unprotectedCalls: UnprotectedCall[] } {
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
  const firstInScope = new Map<number, CallSite>();
  for (const c of reported) {
    if (!firstInScope.has(c.scope.id)) {
      firstInScope.set(c.scope.id, c);
    }
  }
  return { lateMoves: [...moves.values()], unprotectedCalls: reported.map((c) => ({ call: c, first: firstInScope.get(c.scope.id) ?? c })) };
}
