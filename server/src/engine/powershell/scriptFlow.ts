import { SyntaxNode, SyntaxTree } from '../parsing/parserPort';
import { namedChildrenOf } from '../parsing/walk';
import { isOnPremisesArm, isOnPremisesCondition } from './branchEvidence';
import { Walker, freshState, functionEffect, protocolWrite, visitExpression } from './flowCommands';
import { FlowOptions, FlowScope, FlowState, ScriptFlow } from './flowTypes';
import { TLS12, WINDOWS_POWERSHELL_DEFAULT, isTls12Guard, isWindowsPowerShellGuard } from './protocolSet';
import { bodyList, commandName, core, isSecurityProtocolProperty, statementsOf } from './psSyntax';
import { scriptIndexOf } from './scriptIndex';

const MAX_NESTING = 150;

/** Analyses a script's control flow: where TLS 1.2 is enabled, where connections run, in which state (docs/rules/TLS030.md, "Flow"). */
export function analyzeScriptFlow(tree: SyntaxTree, text: string, path: string, options: FlowOptions): ScriptFlow {
  const index = scriptIndexOf(tree, text);
  const flow: ScriptFlow = { writes: [], calls: [], invocations: [], externalCalls: [], loads: [], loadedInvokes: [], topLevelEnd: { enabled: false }, functionEntry: new Map(), requiresCore: index.requiresCore };
  const w: Walker = {
    text,
    path,
    dataverse: index.dataverse,
    requiresCore: flow.requiresCore,
    values: index.declarations.values,
    functions: index.declarations.functions,
    commands: index.commands,
    links: options.links,
    flow,
    nextScope: 0,
    nextRun: 0,
    run: 0,
    branch: undefined,
    effects: new Map(),
    mayEnableMemo: new Map(),
    depth: 0,
    runList,
    runBody,
  };
  const initial: FlowState = options.enabledByCallers ? { enabled: true, set: (flow.requiresCore ? 0 : WINDOWS_POWERSHELL_DEFAULT) | TLS12, fromCallers: true } : freshState(w);
  flow.topLevelEnd = runBody(w, index.root, initial, { id: w.nextScope++, kind: 'script' });
  if (options.topLevelOnly) {
    flow.definedFunctions = [...w.functions.keys()].map((name) => ({ name, ...functionEffect(w, name) }));
    return flow;
  }
  const callers = index.callers;
  const inProgress = new Set<string>();
  const entryOf = (name: string): FlowState => {
    const memo = flow.functionEntry.get(name);
    if (memo) {
      return memo.state;
    }
    if (inProgress.has(name)) {
      return { enabled: false };
    }
    inProgress.add(name);
    const def = w.functions.get(name);
    for (const caller of callers.get(name) ?? []) {
      entryOf(caller);
    }
    const sites = flow.invocations.filter((s) => s.name === name);
    const state: FlowState = sites.length === 0 ? { ...flow.topLevelEnd } : mergeStates(sites.map((s) => s.state));
    flow.functionEntry.set(name, { state, invoked: sites.length > 0, sites });
    if (def) {
      const display = namedChildrenOf(def).find((c) => c.type === 'function_name')?.text;
      runBody(w, def, state, { id: w.nextScope++, kind: 'function', name, ...(display ? { display } : {}) });
    }
    inProgress.delete(name);
    return state;
  };
  for (const name of w.functions.keys()) {
    entryOf(name);
  }
  return flow;
}

function mergeStates(states: FlowState[]): FlowState {
  const enabled = states.every((s) => s.enabled);
  const first = states.find((s) => (enabled ? s.via : !s.enabled));
  return { enabled, via: enabled ? first?.via : undefined, pin: states.find((s) => s.pin)?.pin };
}

/** Runs a script's or function's body: its statement list, or its `begin`/`process`/`end` blocks in order. */
function runBody(w: Walker, owner: SyntaxNode, state: FlowState, scope: FlowScope): FlowState {
  const named = namedBlocks(owner);
  if (named.length > 0) {
    let s = state;
    for (const block of named) {
      s = runList(w, block, s, scope, true, undefined);
    }
    return s;
  }
  return runList(w, owner, state, scope, true, undefined);
}

function namedBlocks(owner: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  const visit = (n: SyntaxNode): void => {
    for (const c of namedChildrenOf(n)) {
      if (c.type === 'named_block') {
        out.push(c);
      } else if (['script_block', 'script_block_body', 'named_block_list'].includes(c.type)) {
        visit(c);
      }
    }
  };
  visit(owner);
  return out;
}

const NAMED_BLOCKS = new Set(['begin', 'process', 'end', 'dynamicparam']);

/** Runs a statement list in order; a write's straight run ends at anything but a plain statement (docs/rules/TLS030.md, "Flow"). */
function runList(w: Walker, container: SyntaxNode, state: FlowState, scope: FlowScope, counting: boolean, root: SyntaxNode | undefined): FlowState {
  const list = bodyList(container);
  if (!list || w.depth >= MAX_NESTING) {
    return state;
  }
  w.depth++;
  try {
    let s = state;
    let run = w.nextRun++;
    for (const stmt of statementsOf(list)) {
      const marks = w.flow.calls.length + w.flow.invocations.length + w.flow.externalCalls.length;
      w.run = run;
      s = runStatement(w, stmt, s, scope, counting, root ?? stmt);
      if (stmt.type !== 'pipeline' || marks !== w.flow.calls.length + w.flow.invocations.length + w.flow.externalCalls.length) {
        run = w.nextRun++;
      }
    }
    return s;
  } finally {
    w.depth--;
  }
}

function blocksOf(node: SyntaxNode): SyntaxNode[] {
  return namedChildrenOf(node).flatMap((c) => {
    if (c.type === 'statement_block') {
      return [c];
    }
    if (['elseif_clauses', 'elseif_clause', 'else_clause', 'catch_clauses', 'catch_clause', 'finally_clause', 'switch_body', 'switch_clauses', 'switch_clause'].includes(c.type)) {
      return blocksOf(c);
    }
    return [];
  });
}

/** Runs a block with the on-premises branch condition (or arm label) that selects it, if any. */
function runBranch(w: Walker, block: SyntaxNode, state: FlowState, scope: FlowScope, counting: boolean, root: SyntaxNode, branch: SyntaxNode | undefined): FlowState {
  const outer = w.branch;
  w.branch = branch ?? outer;
  try {
    return runList(w, block, state, scope, counting, root);
  } finally {
    w.branch = outer;
  }
}

function runStatement(w: Walker, stmt: SyntaxNode, state: FlowState, scope: FlowScope, counting: boolean, root: SyntaxNode): FlowState {
  switch (stmt.type) {
    case 'function_statement':
    case 'class_statement':
    case 'enum_statement':
      return state;
    case 'if_statement': {
      const condition = stmt.childForFieldName('condition') ?? namedChildrenOf(stmt).find((c) => c.type === 'pipeline');
      if (condition) {
        visitExpression(w, condition, state, scope, root);
      }
      const guard = condition !== undefined && (isTls12Guard(condition, (name) => w.values.get(name)) || isWindowsPowerShellGuard(condition));
      const onPremises = condition !== undefined && isOnPremisesCondition(condition) ? condition : undefined;
      let after = state;
      blocksOf(stmt).forEach((b, i) => {
        const end = runBranch(w, b, state, scope, counting && guard && i === 0, root, i === 0 ? onPremises : undefined);
        if (guard && i === 0 && end.enabled) {
          after = end;
        }
      });
      return after;
    }
    case 'try_statement': {
      const [body, ...rest] = blocksOf(stmt);
      const after = body ? runList(w, body, state, scope, counting, root) : state;
      for (const b of rest) {
        runList(w, b, b.parent?.type === 'finally_clause' ? after : state, scope, false, root);
      }
      return after;
    }
    case 'do_statement': {
      const body = blocksOf(stmt)[0];
      return body ? runList(w, body, state, scope, counting, root) : state;
    }
    case 'switch_statement':
      return runSwitch(w, stmt, state, scope, root);
    case 'foreach_statement':
    case 'for_statement':
    case 'while_statement':
    case 'trap_statement':
    case 'data_statement': {
      for (const c of namedChildrenOf(stmt)) {
        if (c.type === 'pipeline' || c.type === 'while_condition' || c.type === 'for_condition') {
          visitExpression(w, c, state, scope, root);
        }
      }
      for (const b of blocksOf(stmt)) {
        runList(w, b, state, scope, false, root);
      }
      return state;
    }
    default:
      return runSimple(w, stmt, state, scope, counting, root);
  }
}

/** A `switch`: each arm runs from the state before it; an arm labelled with an on-premises mode is an on-premises branch. */
function runSwitch(w: Walker, stmt: SyntaxNode, state: FlowState, scope: FlowScope, root: SyntaxNode): FlowState {
  for (const c of namedChildrenOf(stmt)) {
    if (c.type === 'switch_condition' || c.type === 'pipeline') {
      visitExpression(w, c, state, scope, root);
    }
  }
  const arms: SyntaxNode[] = [];
  const collect = (n: SyntaxNode): void => {
    for (const c of namedChildrenOf(n)) {
      if (c.type === 'switch_clause') {
        arms.push(c);
      } else if (c.type === 'switch_body' || c.type === 'switch_clauses') {
        collect(c);
      }
    }
  };
  collect(stmt);
  for (const arm of arms) {
    const label = namedChildrenOf(arm).find((c) => c.type === 'switch_clause_condition');
    const onPremises = label && isOnPremisesArm(label) ? label : undefined;
    for (const b of blocksOf(arm)) {
      runBranch(w, b, state, scope, false, root, onPremises);
    }
  }
  return state;
}

function runSimple(w: Walker, stmt: SyntaxNode, state: FlowState, scope: FlowScope, counting: boolean, root: SyntaxNode): FlowState {
  const assignment = core(stmt);
  if (assignment.type === 'command' && NAMED_BLOCKS.has(commandName(assignment)?.toLowerCase() ?? '') && root === stmt) {
    // A script's `begin { } process { }` blocks (parsed as commands): their statements run in order, each its own root.
    const block = namedChildrenOf(assignment.childForFieldName('command_elements') ?? assignment).map(core).find((c) => c.type === 'script_block_expression');
    if (block && bodyList(block)) {
      return runList(w, block, state, scope, counting, undefined);
    }
  }
  if (assignment.type === 'assignment_expression') {
    const left = namedChildrenOf(assignment)[0];
    if (left && isSecurityProtocolProperty(left)) {
      const operator = namedChildrenOf(assignment).find((c) => c.type === 'assignement_operator')?.text.trim() ?? '=';
      return protocolWrite(w, stmt, assignment, operator, state, scope, counting, root);
    }
  }
  return visitExpression(w, stmt, state, scope, root);
}
