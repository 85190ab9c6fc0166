import { ScriptCallFact, ScriptTopLevelFacts } from '../project/codeFacts';
import { normalizePath } from '../project/paths';
import { WorkspaceIndex } from '../project/workspaceIndex';
import { FunctionEffect, ScriptLinks } from './flowTypes';

/** The failing call path of a called script: its entry script and that script's call on the path. */
export interface FailingPath {
  /** The entry script (no other workspace script calls it). */
  entry: string;
  /** The call in the entry script that starts the failing path. */
  call: ScriptCallFact;
}

/** How the workspace reaches a script: not at all (an entry script), only with TLS 1.2 enabled, or through a failing path. */
export type CallPaths = { kind: 'entry' } | { kind: 'enabled' } | { kind: 'failing'; path: FailingPath };

/** The workspace's script call graph and function table, read from the index's script facts. */
export interface ScriptGraph extends ScriptLinks {
  /** How the workspace's call paths reach a script (docs/rules/TLS030.md, "Flow": judged on every call path). */
  callPaths(path: string): CallPaths;
}

interface Node {
  path: string;
  facts: ScriptTopLevelFacts;
}

/**
 * The script graph of the index's current generation: built once from the script facts (each file's facts are updated
 * when that file is edited, so an edit costs one file's extraction and one rebuild of these maps, never a re-analysis of
 * the other scripts).
 */
export function scriptGraph(index: WorkspaceIndex): ScriptGraph {
  return index.memo('powershell.scriptGraph', () => buildGraph(index));
}

function buildGraph(index: WorkspaceIndex): ScriptGraph {
  const nodes = new Map<string, Node>();
  const callers = new Map<string, { caller: Node; call: ScriptCallFact; at: number }[]>();
  const definitions = new Map<string, FunctionEffect[]>();
  for (const path of [...index.codeFactPaths()].sort()) {
    const facts = index.factsOf(path)?.script;
    if (!facts) {
      continue;
    }
    const node = { path, facts };
    nodes.set(path.toLowerCase(), node);
    facts.calls.forEach((call, at) => {
      pushTo(callers, call.target.toLowerCase(), { caller: node, call, at });
    });
    for (const fn of facts.functions) {
      pushTo(definitions, fn.name, { path, enables: fn.enables, connectsWithoutTls12: fn.connectsWithoutTls12 });
    }
  }
  const nodeOf = (path: string): Node | undefined => nodes.get(normalizePath(path).toLowerCase());
  const enablesMemo = new Map<string, boolean>();

  const externalFunction = (name: string, loaded: readonly string[], seen = new Set<string>()): FunctionEffect | undefined => {
    for (const file of [...loaded].reverse()) {
      const node = nodeOf(file);
      if (!node || seen.has(node.path)) {
        continue;
      }
      seen.add(node.path);
      const own = node.facts.functions.find((f) => f.name === name);
      const found = own ? { path: node.path, enables: own.enables, connectsWithoutTls12: own.connectsWithoutTls12 } : externalFunction(name, node.facts.loads, seen);
      if (found) {
        return found;
      }
    }
    return undefined;
  };

  const scriptEnables = (target: string, seen = new Set<string>()): boolean => {
    const node = nodeOf(target);
    if (!node) {
      return false;
    }
    const memo = enablesMemo.get(node.path);
    if (memo !== undefined) {
      return memo;
    }
    if (seen.has(node.path)) {
      return false;
    }
    seen.add(node.path);
    const f = node.facts;
    const result = f.tls12AtTopLevel || f.calls.some((c) => scriptEnables(c.target, seen)) || f.invokes.some((i) => externalFunction(i.name, f.loads)?.enables === true);
    enablesMemo.set(node.path, result);
    return result;
  };

  /** True when the caller's own lines, or a script or function it ran earlier, enable TLS 1.2 before the call. */
  const enabledAtCall = (caller: Node, call: ScriptCallFact, at: number): boolean =>
    call.enabledBefore ||
    caller.facts.calls.slice(0, at).some((c) => scriptEnables(c.target)) ||
    caller.facts.invokes.some((i) => i.start < call.start && externalFunction(i.name, caller.facts.loads)?.enables === true);

  const callPaths = (path: string, seen = new Set<string>()): CallPaths => {
    const key = normalizePath(path).toLowerCase();
    const incoming = (callers.get(key) ?? []).filter((c) => c.caller.path.toLowerCase() !== key);
    if (incoming.length === 0) {
      return { kind: 'entry' };
    }
    seen.add(key);
    for (const { caller, call, at } of incoming) {
      if (enabledAtCall(caller, call, at) || seen.has(caller.path.toLowerCase())) {
        continue;
      }
      const up = callPaths(caller.path, seen);
      if (up.kind === 'entry') {
        return { kind: 'failing', path: { entry: caller.path, call } };
      }
      if (up.kind === 'failing') {
        return up;
      }
    }
    return { kind: 'enabled' };
  };

  return {
    scriptEnables: (target) => scriptEnables(target),
    externalFunction: (name, loaded) => externalFunction(name, loaded),
    vendoredCmdlet: (name) => definitions.get(name)?.[0],
    callPaths: (path) => callPaths(path),
  };
}

function pushTo<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) {
    list.push(value);
  } else {
    map.set(key, [value]);
  }
}
