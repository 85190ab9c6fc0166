import { SyntaxNode } from '../parsing/parserPort';
import { walk } from '../parsing/walk';
import { SELF_ENABLING_COMMANDS, connectionCall, crmDestination, isNewRunspaceScript, runsElsewhere } from './connections';
import { dotSourceTarget, importModuleTarget } from './dotSource';
import { FlowScope, FlowState, ProtocolWrite, ScriptFlow, ScriptLinks } from './flowTypes';
import { TLS12, WINDOWS_POWERSHELL_DEFAULT, evaluateProtocols } from './protocolSet';
import { commandElements, commandName, invocationOperator } from './psSyntax';
import { OPAQUE_NODES } from './scriptValues';

/** What one function's body holds that could enable TLS 1.2 when it is called. */
export interface FunctionCommands {
  /** Functions of the same file it calls (lower-case). */
  callees: Set<string>;
  /** Commands it calls that the file does not define (lower-case). */
  external: Set<string>;
  /** It writes `SecurityProtocol`, runs a script with `&`/`.`, or calls a `Connect-*` cmdlet. */
  direct: boolean;
}

/** What calling a function of the file does: enable TLS 1.2 on return, connect without it. */
export interface LocalEffect {
  enables: boolean;
  connectsWithoutTls12: boolean;
}

/** The walk's state over one script (shared by the statement walk in scriptFlow.ts and the expression walk here). */
export interface Walker {
  text: string;
  path: string;
  dataverse: boolean;
  requiresCore: boolean;
  values: Map<string, SyntaxNode>;
  functions: Map<string, SyntaxNode>;
  commands: Map<string, FunctionCommands>;
  links: ScriptLinks;
  flow: ScriptFlow;
  nextScope: number;
  nextRun: number;
  /** The straight run the current statement belongs to. */
  run: number;
  /** The condition of the on-premises branch being walked, if any (docs/rules/TLS030.md, on-premises evidence). */
  branch: SyntaxNode | undefined;
  effects: Map<string, LocalEffect>;
  mayEnableMemo: Map<string, boolean>;
  depth: number;
  runList(w: Walker, list: SyntaxNode, state: FlowState, scope: FlowScope, counting: boolean, root: SyntaxNode | undefined): FlowState;
  runBody(w: Walker, owner: SyntaxNode, state: FlowState, scope: FlowScope): FlowState;
}

/** The state a new process or runspace starts with (Windows PowerShell 5.1's default, or SystemDefault under PowerShell 7). */
export function freshState(w: Pick<Walker, 'requiresCore'>): FlowState {
  return { enabled: false, set: w.requiresCore ? 0 : WINDOWS_POWERSHELL_DEFAULT };
}

/** Records a `SecurityProtocol` assignment and returns the state after it (docs/rules/TLS030.md, "Flow": additive writes, pins). */
export function protocolWrite(w: Walker, stmt: SyntaxNode, assignment: SyntaxNode, operator: string, state: FlowState, scope: FlowScope, counting: boolean, root: SyntaxNode): FlowState {
  const valueNode = assignment.childForFieldName('value');
  const before = state.set ?? (state.enabled ? WINDOWS_POWERSHELL_DEFAULT | TLS12 : WINDOWS_POWERSHELL_DEFAULT);
  const value = valueNode ? evaluateProtocols(valueNode, before, (name) => w.values.get(name)) : undefined;
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
  const additive = result !== undefined && value !== undefined && (operator === '+=' || (operator === '=' && value.readsCurrent)) && (result & before) === before;
  const write: ProtocolWrite = { statement: stmt, operator, value: result === undefined ? undefined : value, result, before, additive, scope, rootStatement: root, counts: counting, run: w.run };
  w.flow.writes.push(write);
  if (result === undefined) {
    return { enabled: true, via: stmt };
  }
  if ((result & TLS12) !== 0 || (result === 0 && w.requiresCore)) {
    return { enabled: true, via: stmt, set: result };
  }
  // An additive write to a set that had no TLS 1.2 leaves the cause where it was (docs/rules/TLS030.md, "Flow"): not a pin.
  return additive && before !== 0 ? { enabled: false, set: result } : { enabled: false, set: result, pin: write };
}

/** Visits the commands of a statement in document order; returns the state after it (script calls, enabling functions, cmdlets). */
export function visitExpression(w: Walker, node: SyntaxNode, state: FlowState, scope: FlowScope, root: SyntaxNode): FlowState {
  let after = state;
  // Keyed by start offset: tree-sitter node wrappers are not identical across traversals.
  const isolated = new Set<number>();
  walk(node, (n) => {
    const type = n.type;
    if (OPAQUE_NODES.has(type)) {
      return false;
    }
    if (type === 'statement_list' || type === 'statement_block') {
      w.runList(w, n, state, scope, false, root);
      return false;
    }
    if (type === 'script_block_expression') {
      if (isolated.has(n.startIndex)) {
        w.runList(w, n, freshState(w), { id: w.nextScope++, kind: 'isolated' }, true, undefined);
      } else {
        w.runList(w, n, state, scope, false, root);
      }
      return false;
    }
    if (type === 'command' || type === 'invokation_expression') {
      if ((type === 'command' && runsElsewhere(n)) || isNewRunspaceScript(n)) {
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
        if (call.destination === 'unknown' && w.branch) {
          call.destination = 'onPremises';
          call.destinationReason = `the on-premises branch \`${w.branch.text.replace(/\s+/g, ' ').trim()}\``;
          call.evidence = w.branch;
        }
        w.flow.calls.push({ call, rootStatement: root, statement: statementOf(n), scope, state });
      }
      if (type === 'command') {
        after = commandEffect(w, n, after, scope, root);
      }
    }
    return true;
  });
  return after;
}

function statementOf(node: SyntaxNode): SyntaxNode {
  let n = node;
  while (n.parent && n.parent.type !== 'statement_list') {
    n = n.parent;
  }
  return n;
}

function commandEffect(w: Walker, n: SyntaxNode, after: FlowState, scope: FlowScope, root: SyntaxNode): FlowState {
  const name = commandName(n)?.toLowerCase() ?? '';
  const op = invocationOperator(n);
  const enabled: FlowState = { enabled: true, via: n };
  if (op === '.' || op === '&') {
    const target = dotSourceTarget(n, w.path, (v) => w.values.get(v));
    if (!target) {
      return after;
    }
    w.flow.externalCalls.push({ target, kind: op, node: n, scope, state: after });
    if (op === '.' && scope.kind === 'script') {
      w.flow.loads.push(target);
    }
    return w.links.scriptEnables(target) ? enabled : after;
  }
  if (name === 'import-module' || name === 'ipmo') {
    const target = importModuleTarget(n, w.path, (v) => w.values.get(v));
    if (target) {
      w.flow.loads.push(target);
    }
    return after;
  }
  const local = w.functions.has(name);
  const effect = local ? functionEffect(w, name) : (w.links.externalFunction(name, w.flow.loads) ?? (SELF_ENABLING_COMMANDS.has(name) ? w.links.vendoredCmdlet(name) : undefined));
  if (!local && scope.kind === 'script' && w.flow.loads.length > 0) {
    w.flow.loadedInvokes.push({ name, start: n.startIndex });
  }
  if (local) {
    w.flow.invocations.push({ name, node: n, rootStatement: root, scope, state: after });
  } else if (effect) {
    w.flow.externalCalls.push({ target: name, kind: 'function', node: n, scope, state: after });
  }
  if (!effect) {
    // Connect-CrmOnline & co. enable TLS 1.2 themselves in current module versions (docs/rules/TLS030.md).
    return SELF_ENABLING_COMMANDS.has(name) ? enabled : after;
  }
  if (effect.enables) {
    return enabled;
  }
  if (SELF_ENABLING_COMMANDS.has(name) && effect.connectsWithoutTls12 && !after.enabled) {
    // A workspace copy of the cmdlet that connects without TLS 1.2: each call is such a connection (docs/rules/TLS030.md, vendored modules).
    const definedIn = 'path' in effect && typeof effect.path === 'string' ? effect.path : w.path;
    const label = commandName(n) ?? name;
    w.flow.calls.push({ call: { node: n, label, webCmdlet: false, ...crmDestination(commandElements(n), { definition: (v) => w.values.get(v) }) }, rootStatement: root, statement: statementOf(n), scope, state: after, definedIn });
  }
  return after;
}

/** What calling a function of the file does, from its body entered without TLS 1.2 (memoised per name). */
export function functionEffect(w: Walker, name: string): LocalEffect {
  const known = w.effects.get(name);
  if (known) {
    return known;
  }
  const none: LocalEffect = { enables: false, connectsWithoutTls12: false };
  w.effects.set(name, none);
  const def = w.functions.get(name);
  if (!def || (!mayEnable(w, name, new Set()) && !SELF_ENABLING_COMMANDS.has(name))) {
    return none;
  }
  const scratch: Walker = { ...w, branch: undefined, flow: { ...w.flow, writes: [], calls: [], invocations: [], externalCalls: [], loads: [...w.flow.loads], loadedInvokes: [], functionEntry: new Map() } };
  const end = w.runBody(scratch, def, freshState(w), { id: -1, kind: 'function', name });
  const effect: LocalEffect = {
    enables: end.enabled,
    connectsWithoutTls12: scratch.flow.calls.some((c) => !c.state.enabled && !(c.call.webCmdlet && w.requiresCore)),
  };
  w.effects.set(name, effect);
  return effect;
}

/** False when nothing in a function (or what it calls) could enable TLS 1.2: its body need not be run to know. */
function mayEnable(w: Walker, name: string, seen: Set<string>): boolean {
  const known = w.mayEnableMemo.get(name);
  if (known !== undefined) {
    return known;
  }
  if (seen.has(name)) {
    return false;
  }
  seen.add(name);
  const c = w.commands.get(name);
  const result =
    c !== undefined &&
    (c.direct || [...c.external].some((e) => SELF_ENABLING_COMMANDS.has(e) || w.links.externalFunction(e, w.flow.loads)?.enables === true) || [...c.callees].some((callee) => mayEnable(w, callee, seen)));
  w.mayEnableMemo.set(name, result);
  return result;
}
