import { SyntaxNode } from '../parsing/parserPort';
import { namedChildrenOf, walk } from '../parsing/walk';
import { ConnectionCall, SELF_ENABLING_COMMANDS, connectionCall, isNewRunspaceScript, mentionsDataverse, runsElsewhere } from './connections';
import { dotSourceTarget } from './dotSource';
import { ProtocolValue, TLS12, WINDOWS_POWERSHELL_DEFAULT, evaluateProtocols, isTls12Guard, isWindowsPowerShellGuard } from './protocolSet';
import { bodyList, commandName, core, invocationOperator, isSecurityProtocolProperty, statementOf, statementsOf } from './psSyntax';
import { OPAQUE_NODES, requiresCore, scriptDeclarations } from './scriptValues';

/** A run of statements that shares one protocol state from its start: the script, a function body, or an isolated job. */
export interface FlowScope {
  id: number;
  kind: 'script' | 'function' | 'isolated';
  /** The function's name (lower-case) for function scopes. */
  name?: string;
  /** The function's name as written. */
  display?: string;
}

/** What TLS 1.2 state a point of the script runs with. */
export interface FlowState {
  enabled: boolean;
  /** The write, dot-source or cmdlet that enabled it. */
  via?: SyntaxNode;
  /** The known protocol set, when every write before was a constant. */
  set?: number;
  /** The latest write that left a set without TLS 1.2 (the script pins one). */
  pin?: ProtocolWrite;
}

/** A write to `[Net.ServicePointManager]::SecurityProtocol`. */
export interface ProtocolWrite {
  /** The assignment statement. */
  statement: SyntaxNode;
  operator: string;
  /** Undefined when the value is not a constant set. */
  value?: ProtocolValue;
  /** The set the write leaves (undefined when not constant). */
  result?: number;
  scope: FlowScope;
  /** The statement of the scope's own list that holds the write (itself, or a guard `if`). */
  rootStatement: SyntaxNode;
  /** True when later statements of the scope see the write (not inside an ordinary `if`, a loop or a catch). */
  counts: boolean;
}

/** A Dynamics connection and the state it runs with. */
export interface CallSite {
  call: ConnectionCall;
  /** The statement of the scope's own list that holds the call (where the fix inserts). */
  rootStatement: SyntaxNode;
  /** The smallest statement holding the call (where the finding sits). */
  statement: SyntaxNode;
  scope: FlowScope;
  state: FlowState;
}

/** An invocation of a function the script defines, and the state it runs with. */
export interface InvocationSite {
  name: string;
  node: SyntaxNode;
  rootStatement: SyntaxNode;
  scope: FlowScope;
  state: FlowState;
}

/** Everything the PowerShell rules need, computed once per file text. */
export interface ScriptFlow {
  writes: ProtocolWrite[];
  calls: CallSite[];
  invocations: InvocationSite[];
  /** The state at the end of the script's top level (what a dot-sourcing script or a later caller sees). */
  topLevelEnd: FlowState;
  /** Function scopes by name (lower-case) and whether their entry state came from invocations in the file. */
  functionEntry: Map<string, { state: FlowState; invoked: boolean; sites: InvocationSite[] }>;
  /** `#Requires -PSEdition Core` or `-Version 6+`: web cmdlets ignore ServicePointManager. */
  requiresCore: boolean;
}

/** Answers whether a dot-sourced file (absolute path) enables TLS 1.2 at its top level (read from the index's script facts). */
export type DotSourceLookup = (target: string) => boolean;

interface Walker {
  text: string;
  path: string;
  dataverse: boolean;
  requiresCore: boolean;
  values: Map<string, SyntaxNode>;
  functions: Map<string, SyntaxNode>;
  dotSource: DotSourceLookup;
  flow: ScriptFlow;
  nextScope: number;
  /** Whether invoking a function leaves TLS 1.2 enabled (SecurityProtocol is process-wide), by lower-case name. */
  enablesOnReturn: Map<string, boolean>;
  /** Current block nesting; blocks nested deeper than MAX_NESTING are not analysed (no stack overflow on hostile input). */
  depth: number;
}

const MAX_NESTING = 150;

/** Analyses a script's control flow: where TLS 1.2 is enabled, where connections run, in which state. */
export function analyzeScriptFlow(root: SyntaxNode, text: string, path: string, dotSource: DotSourceLookup): ScriptFlow {
  const flow: ScriptFlow = { writes: [], calls: [], invocations: [], topLevelEnd: { enabled: false }, functionEntry: new Map(), requiresCore: requiresCore(text) };
  const declarations = scriptDeclarations(root);
  const w: Walker = { text, path, dataverse: mentionsDataverse(text), requiresCore: flow.requiresCore, values: declarations.values, functions: declarations.functions, dotSource, flow, nextScope: 0, enablesOnReturn: new Map(), depth: 0 };
  const callers = callerMap(w);
  const initial: FlowState = { enabled: false, set: flow.requiresCore ? 0 : WINDOWS_POWERSHELL_DEFAULT };
  flow.topLevelEnd = runBody(w, root, initial, { id: w.nextScope++, kind: 'script' });
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

/** For each function (lower-case name), the functions whose bodies invoke it: they must be analysed first. */
function callerMap(w: Walker): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const [caller, def] of w.functions) {
    walk(def, (n) => {
      if (OPAQUE_NODES.has(n.type)) {
        return false;
      }
      if (n.type === 'command') {
        const callee = commandName(n)?.toLowerCase();
        if (callee && callee !== caller && w.functions.has(callee)) {
          out.set(callee, (out.get(callee) ?? new Set()).add(caller));
        }
      }
      return true;
    });
  }
  return out;
}

/** Runs a script's or function's body: its statement list, or its `begin`/`process`/`end` blocks in order. */
function runBody(w: Walker, owner: SyntaxNode, state: FlowState, scope: FlowScope): FlowState {
  const named: SyntaxNode[] = [];
  walk(owner, (n) => {
    if (n.type === 'named_block') {
      named.push(n);
      return false;
    }
    const isOwner = n.type === owner.type && n.startIndex === owner.startIndex && n.endIndex === owner.endIndex;
    return isOwner || ['script_block', 'script_block_body', 'named_block_list'].includes(n.type);
  });
  if (named.length > 0) {
    let s = state;
    for (const block of named) {
      const list = bodyList(block);
      s = list ? runList(w, list, s, scope, true, undefined) : s;
    }
    return s;
  }
  const list = bodyList(owner);
  return list ? runList(w, list, state, scope, true, undefined) : state;
}

const NAMED_BLOCKS = new Set(['begin', 'process', 'end', 'dynamicparam']);

function runList(w: Walker, list: SyntaxNode, state: FlowState, scope: FlowScope, counting: boolean, root: SyntaxNode | undefined): FlowState {
  if (w.depth >= MAX_NESTING) {
    return state;
  }
  w.depth++;
  try {
    let s = state;
    for (const stmt of statementsOf(list)) {
      s = runStatement(w, stmt, s, scope, counting, root ?? stmt);
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

function runBlock(w: Walker, block: SyntaxNode, state: FlowState, scope: FlowScope, counting: boolean, root: SyntaxNode): FlowState {
  const list = bodyList(block);
  return list ? runList(w, list, state, scope, counting, root) : state;
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
      const guard = condition !== undefined && (isTls12Guard(condition) || isWindowsPowerShellGuard(condition));
      const blocks = blocksOf(stmt);
      let after = state;
      blocks.forEach((b, i) => {
        const end = runBlock(w, b, state, scope, counting && guard && i === 0, root);
        if (guard && i === 0 && end.enabled) {
          after = end;
        }
      });
      return after;
    }
    case 'try_statement': {
      const [body, ...rest] = blocksOf(stmt);
      const after = body ? runBlock(w, body, state, scope, counting, root) : state;
      for (const b of rest) {
        runBlock(w, b, b.parent?.type === 'finally_clause' ? after : state, scope, false, root);
      }
      return after;
    }
    case 'do_statement': {
      const body = blocksOf(stmt)[0];
      return body ? runBlock(w, body, state, scope, counting, root) : state;
    }
    case 'foreach_statement':
    case 'for_statement':
    case 'while_statement':
    case 'switch_statement':
    case 'trap_statement':
    case 'data_statement': {
      for (const c of namedChildrenOf(stmt)) {
        if (c.type === 'pipeline' || c.type === 'switch_condition' || c.type === 'while_condition' || c.type === 'for_condition') {
          visitExpression(w, c, state, scope, root);
        }
      }
      for (const b of blocksOf(stmt)) {
        runBlock(w, b, state, scope, false, root);
      }
      return state;
    }
    default:
      return runSimple(w, stmt, state, scope, counting, root);
  }
}

function runSimple(w: Walker, stmt: SyntaxNode, state: FlowState, scope: FlowScope, counting: boolean, root: SyntaxNode): FlowState {
  const assignment = core(stmt);
  if (assignment.type === 'command' && NAMED_BLOCKS.has(commandName(assignment)?.toLowerCase() ?? '') && root === stmt) {
    // A script's `begin { } process { }` blocks (parsed as commands): their statements run in order, each its own root.
    const block = namedChildrenOf(assignment.childForFieldName('command_elements') ?? assignment).map(core).find((c) => c.type === 'script_block_expression');
    const list = block ? bodyList(block) : undefined;
    if (list) {
      return runList(w, list, state, scope, counting, undefined);
    }
  }
  if (assignment.type === 'assignment_expression') {
    const left = namedChildrenOf(assignment)[0];
    if (left && isSecurityProtocolProperty(left)) {
      return protocolWrite(w, stmt, assignment, state, scope, counting, root);
    }
  }
  return visitExpression(w, stmt, state, scope, root);
}

function protocolWrite(w: Walker, stmt: SyntaxNode, assignment: SyntaxNode, state: FlowState, scope: FlowScope, counting: boolean, root: SyntaxNode): FlowState {
  const operator = namedChildrenOf(assignment).find((c) => c.type === 'assignement_operator')?.text.trim() ?? '=';
  const valueNode = assignment.childForFieldName('value');
  const before = state.set ?? (state.enabled ? WINDOWS_POWERSHELL_DEFAULT | TLS12 : WINDOWS_POWERSHELL_DEFAULT);
  const resolve = (name: string): SyntaxNode | undefined => w.values.get(name);
  const value = valueNode ? evaluateProtocols(valueNode, before, resolve) : undefined;
  let result: number | undefined;
  if (value) {
    if (operator === '=') {
      result = value.set;
    } else if (operator === '+=') {
      result = before | value.set;
    } else if (operator === '-=') {
      result = before & ~value.set;
    }
  }
  const write: ProtocolWrite = { statement: stmt, operator, value: result === undefined ? undefined : value, result, scope, rootStatement: root, counts: counting };
  w.flow.writes.push(write);
  if (result === undefined) {
    return { enabled: true, via: stmt };
  }
  if ((result & TLS12) !== 0 || (result === 0 && w.requiresCore)) {
    return { enabled: true, via: stmt, set: result };
  }
  return { enabled: false, set: result, pin: write };
}

/** Visits the commands of a statement in document order; returns the state after it (dot-sources, Connect-* cmdlets). */
function visitExpression(w: Walker, node: SyntaxNode, state: FlowState, scope: FlowScope, root: SyntaxNode): FlowState {
  let after = state;
  // Keyed by start offset: tree-sitter node wrappers are not identical across traversals.
  const isolated = new Set<number>();
  walk(node, (n) => {
    if (OPAQUE_NODES.has(n.type)) {
      return false;
    }
    if (n.type === 'statement_list' || n.type === 'statement_block') {
      runList(w, bodyList(n) ?? n, state, scope, false, root);
      return false;
    }
    if (n.type === 'script_block_expression') {
      const list = bodyList(n);
      if (list) {
        if (isolated.has(n.startIndex)) {
          runList(w, list, { enabled: false, set: w.requiresCore ? 0 : WINDOWS_POWERSHELL_DEFAULT }, { id: w.nextScope++, kind: 'isolated' }, true, undefined);
        } else {
          runList(w, list, state, scope, false, root);
        }
      }
      return false;
    }
    if (n.type === 'command' || n.type === 'invokation_expression') {
      if ((n.type === 'command' && runsElsewhere(n)) || isNewRunspaceScript(n)) {
        walk(n, (c) => {
          if (c.type === 'script_block_expression') {
            isolated.add(c.startIndex);
            return false;
          }
          return true;
        });
      }
      const call = connectionCall(n, { definition: (v) => w.values.get(v) }, w.dataverse);
      if (call) {
        w.flow.calls.push({ call, rootStatement: root, statement: statementOf(n), scope, state });
      }
      if (n.type === 'command') {
        after = commandEffect(w, n, after, state, scope, root);
      }
    }
    return true;
  });
  return after;
}

function commandEffect(w: Walker, n: SyntaxNode, after: FlowState, state: FlowState, scope: FlowScope, root: SyntaxNode): FlowState {
  const name = commandName(n)?.toLowerCase() ?? '';
  if (SELF_ENABLING_COMMANDS.has(name)) {
    return { enabled: true, via: n };
  }
  if (invocationOperator(n) === '.') {
    const target = dotSourceTarget(n, w.path);
    return target && w.dotSource(target) ? { enabled: true, via: n } : after;
  }
  if (w.functions.has(name)) {
    w.flow.invocations.push({ name, node: n, rootStatement: root, scope, state });
    if (functionEnables(w, name)) {
      return { enabled: true, via: n };
    }
  }
  return after;
}

/** True when a function's body, entered without TLS 1.2, ends with it enabled (`function Enable-Tls12 { … }; Enable-Tls12`). */
function functionEnables(w: Walker, name: string): boolean {
  const known = w.enablesOnReturn.get(name);
  if (known !== undefined) {
    return known;
  }
  w.enablesOnReturn.set(name, false);
  const def = w.functions.get(name);
  const scratch: Walker = { ...w, flow: { ...w.flow, writes: [], calls: [], invocations: [], functionEntry: new Map() } };
  const end = def ? runBody(scratch, def, { enabled: false, set: w.requiresCore ? 0 : WINDOWS_POWERSHELL_DEFAULT }, { id: -1, kind: 'function', name }) : undefined;
  const enables = end?.enabled === true;
  w.enablesOnReturn.set(name, enables);
  return enables;
}
