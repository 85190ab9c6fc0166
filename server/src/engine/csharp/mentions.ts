import { SyntaxNode } from '../parsing/parserPort';
import { argumentExpressions, argumentsFor, isServicePointManager, memberAccessParts } from './constEval';
import { STATIC_CONNECTING_CALLS, isDynamicsClientType, splitTypeName } from './clientTypes';
import { connectionOf } from './connectionTarget';
import { CsharpModel, SecurityProtocolWrite, Span, SslProtocolsUse } from './csharpRecords';
import { enclosingBodyOwner, enclosingStatement } from './fileScope';
import { writePlace } from './writeFlowSyntax';

function span(n: SyntaxNode): Span {
  return { start: n.startIndex, end: n.endIndex };
}

function once(seen: Set<string>, key: string): boolean {
  if (seen.has(key)) {
    return false;
  }
  seen.add(key);
  return true;
}

/** True when the file imports `ServicePointManager`'s members with `using static`, so a bare `SecurityProtocol` is it. */
function staticServicePointManager(model: CsharpModel): boolean {
  return model.usings.staticTypes.some((t) => isServicePointManager(t, model.scope));
}

/** A `ServicePointManager.SecurityProtocol` mention: a write (`=`, a compound operator, or a deconstruction element). */
export function securityProtocolMention(id: SyntaxNode, model: CsharpModel, seen: Set<string>): void {
  const up = model.ancestry.up(id);
  let access: SyntaxNode;
  // The member's name is its last child (compared by position: a field read is a wasm call per node).
  if (up && up.type === 'member_access_expression' && up.endIndex === id.endIndex && up.startIndex < id.startIndex) {
    const receiver = memberAccessParts(up)?.target;
    if (receiver === undefined || !isServicePointManager(receiver, model.scope)) {
      return;
    }
    access = up;
  } else if (up && up.type !== 'member_access_expression' && staticServicePointManager(model)) {
    access = id;
  } else {
    return;
  }
  const parent = model.ancestry.up(access);
  // A child that starts where the assignment starts is its left-hand side.
  if (parent?.type === 'assignment_expression' && parent.startIndex === access.startIndex) {
    const op = parent.childForFieldName('operator');
    const right = parent.childForFieldName('right');
    const operator = op?.type;
    if (!op || !right || (operator !== '=' && operator !== '|=' && operator !== '&=' && operator !== '^=') || !once(seen, `w${parent.startIndex}`)) {
      return;
    }
    model.writes.push(write(parent, operator, false, span(op), right, model));
    return;
  }
  deconstructionWrite(access, model, seen);
}

/** `(ServicePointManager.SecurityProtocol, x) = (value, 1)`: the element at the same tuple position is written. */
function deconstructionWrite(access: SyntaxNode, model: CsharpModel, seen: Set<string>): void {
  const path: number[] = [];
  let n: SyntaxNode = access;
  for (;;) {
    const arg = model.ancestry.up(n);
    const tuple = arg?.type === 'argument' ? model.ancestry.up(arg) : null;
    if (!arg || !tuple || tuple.type !== 'tuple_expression') {
      break;
    }
    const args = tuple.namedChildren.filter((c) => c?.type === 'argument');
    path.unshift(args.findIndex((a) => a?.startIndex === arg.startIndex));
    n = tuple;
  }
  const assignment = model.ancestry.up(n);
  if (path.length === 0 || assignment?.type !== 'assignment_expression' || assignment.childForFieldName('left')?.startIndex !== n.startIndex) {
    return;
  }
  const op = assignment.childForFieldName('operator');
  let value: SyntaxNode | null = assignment.childForFieldName('right');
  for (const i of path) {
    if (value?.type !== 'tuple_expression') {
      value = null;
      break;
    }
    const arg: SyntaxNode | null | undefined = value.namedChildren.filter((c) => c?.type === 'argument')[i];
    value = arg ? (arg.namedChildren.filter((c) => c !== null && c.type !== 'comment').pop() ?? null) : null;
  }
  if (!op || !once(seen, `w${access.startIndex}`)) {
    return;
  }
  const target = value ?? assignment.childForFieldName('right') ?? assignment;
  const w = write(assignment, '=', true, span(op), target, model);
  if (!value) {
    w.value = { kind: 'unknown', reason: 'the tuple on the right does not match the deconstruction', start: target.startIndex, end: target.endIndex };
  }
  model.writes.push(w);
}

function write(assignment: SyntaxNode, operator: SecurityProtocolWrite['operator'], deconstruction: boolean, operatorSpan: Span, value: SyntaxNode, model: CsharpModel): SecurityProtocolWrite {
  const up = (n: SyntaxNode): SyntaxNode | null => model.ancestry.up(n);
  const holder = up(assignment);
  const statement = holder?.type === 'expression_statement' && !deconstruction ? holder : undefined;
  const own = statement && enclosingStatement(statement, up)?.startIndex === statement.startIndex ? statement : undefined;
  const { block, straight, guard } = writePlace(assignment, own, model);
  return {
    operator,
    deconstruction,
    span: span(assignment),
    operatorSpan,
    valueSpan: span(value),
    value: model.evaluator.evaluate(value),
    statement: own ? span(own) : undefined,
    body: enclosingBodyOwner(assignment, up)?.startIndex,
    enumSpelling: enumSpellingIn(value),
    block,
    straight,
    guard,
  };
}

/** The first `X.Member` / `(X)` type spelling of a protocol enum inside a value, to write fixes the same way. */
function enumSpellingIn(value: SyntaxNode): string | undefined {
  const stack: SyntaxNode[] = [value];
  let budget = 200;
  while (stack.length && budget-- > 0) {
    const n = stack.pop() as SyntaxNode;
    if (n.type === 'member_access_expression') {
      const e = n.childForFieldName('expression');
      if (e && /SecurityProtocolType$|SslProtocols$/.test(e.text)) {
        return e.text;
      }
    }
    if (n.type === 'cast_expression') {
      const t = n.childForFieldName('type');
      if (t && /SecurityProtocolType$|SslProtocols$/.test(t.text)) {
        return t.text;
      }
    }
    const kids = n.namedChildren;
    for (let i = kids.length - 1; i >= 0; i--) {
      const c = kids[i];
      if (c) {
        stack.push(c);
      }
    }
  }
  return undefined;
}

/** An `SslProtocols` / `EnabledSslProtocols` mention: a protocol set assigned to a TLS sink's property. */
export function sslProtocolsMention(id: SyntaxNode, model: CsharpModel, seen: Set<string>): void {
  const up = (n: SyntaxNode): SyntaxNode | null => model.ancestry.up(n);
  const parent = up(id);
  let left: SyntaxNode | undefined;
  let site: SslProtocolsUse['site'] = 'SslProtocols property';
  if (parent?.type === 'member_access_expression' && parent.childForFieldName('name')?.startIndex === id.startIndex) {
    left = parent;
    const receiver = parent.childForFieldName('expression');
    const created = receiver && receiver.type === 'identifier' ? createdType(receiver, model) : undefined;
    if (created !== undefined && !SINK_TYPES.test(created)) {
      // A local of a known type that is no sink (the workspace's own options class): not a TLS024 sink.
      return;
    }
    if (created !== undefined && /(^|\.)HttpClientHandler$/.test(created)) {
      site = 'HttpClientHandler';
    }
  } else if (parent?.type === 'assignment_expression' && up(parent)?.type === 'initializer_expression') {
    left = id;
    const initializer = up(parent);
    const creation = initializer ? up(initializer) : null;
    const type = creation?.type === 'object_creation_expression' ? (creation.childForFieldName('type')?.text ?? '') : undefined;
    if (type !== undefined && !SINK_TYPES.test(type)) {
      return;
    }
    if (type !== undefined && /(^|\.)HttpClientHandler$/.test(type)) {
      site = 'HttpClientHandler';
    }
  }
  const assignment = left ? up(left) : null;
  if (!left || assignment?.type !== 'assignment_expression' || assignment.childForFieldName('left')?.startIndex !== left.startIndex) {
    return;
  }
  const right = assignment.childForFieldName('right');
  const op = assignment.childForFieldName('operator')?.type ?? '=';
  if (!right || !once(seen, `s${assignment.startIndex}`)) {
    return;
  }
  model.sslUses.push({ site, span: span(assignment), valueSpan: span(right), value: model.evaluator.evaluate(right), operator: op });
}

/** The framework types whose `SslProtocols` property is a TLS024 sink (a class of the workspace's own is not). */
const SINK_TYPES = /(^|\.)(HttpClientHandler|WinHttpHandler|SslClientAuthenticationOptions|TcpTransportSecurity|SslStreamSecurityBindingElement)$/;

/** The type a local was initialised with (`new T(…)` in the same body), or undefined when not known that way. */
function createdType(receiver: SyntaxNode, model: CsharpModel): string | undefined {
  const def = model.scope.definitionOf(receiver, receiver.text, undefined);
  return 'type' in def && def.type === 'object_creation_expression' ? (def.childForFieldName('type')?.text ?? '').replace(/\s+/g, '') : undefined;
}

/** An `AuthenticateAsClient` (and Async / Begin) mention: the protocol set its call passes. */
export function authenticateMention(id: SyntaxNode, model: CsharpModel, seen: Set<string>): void {
  const access = model.ancestry.up(id);
  const call = access ? model.ancestry.up(access) : null;
  if (access?.type !== 'member_access_expression' || call?.type !== 'invocation_expression' || !once(seen, `a${call.startIndex}`)) {
    return;
  }
  const value = argumentsFor(call, ['targetHost', 'clientCertificates', 'enabledSslProtocols', 'checkCertificateRevocation'])[2];
  if (!value) {
    return;
  }
  model.sslUses.push({ site: 'AuthenticateAsClient', span: span(call), valueSpan: span(value), value: model.evaluator.evaluate(value), operator: 'argument' });
}

/** A `SetSwitch` mention: an `AppContext.SetSwitch(name, value)` call. */
export function setSwitchMention(id: SyntaxNode, model: CsharpModel, seen: Set<string>): void {
  const up = model.ancestry.up(id);
  // `AppContext.SetSwitch(…)`, or a bare `SetSwitch(…)` under `using static System.AppContext;`.
  const bare = up?.type === 'invocation_expression' && up.childForFieldName('function')?.startIndex === id.startIndex;
  const call = bare ? up : up ? model.ancestry.up(up) : null;
  if (!call || call.type !== 'invocation_expression' || (!bare && up?.type !== 'member_access_expression')) {
    return;
  }
  const isAppContext = (t: string): boolean => /^(global::)?(System\.)?AppContext$/.test(model.scope.expandAlias(t.replace(/\s+/g, '')));
  const receiver = bare ? undefined : up?.childForFieldName('expression')?.text;
  if (!(receiver === undefined ? model.usings.staticTypes.some(isAppContext) : isAppContext(receiver)) || !once(seen, `c${call.startIndex}`)) {
    return;
  }
  const [name, value] = argumentsFor(call, ['switchName', 'isEnabled']);
  const unknownArg = { kind: 'unknown' as const, reason: 'the argument is missing', start: call.startIndex, end: call.endIndex };
  const statement = enclosingStatement(call, (n) => model.ancestry.up(n));
  model.switches.push({
    span: span(call),
    name: name ? model.evaluator.evaluate(name) : unknownArg,
    value: value ? model.evaluator.evaluate(value) : unknownArg,
    valueSpan: value ? span(value) : undefined,
    statement: statement ? span(statement) : undefined,
    body: enclosingBodyOwner(call, (n) => model.ancestry.up(n))?.startIndex,
  });
}

const TYPE_WRAPPERS = new Set(['qualified_name', 'generic_name', 'alias_qualified_name', 'nullable_type']);

/** A Dynamics client type's mention: a creation, target-typed `new(…)`, or a static connecting call. */
export function clientMention(id: SyntaxNode, model: CsharpModel, seen: Set<string>): void {
  let typeNode: SyntaxNode = id;
  for (let p = model.ancestry.up(id); p && TYPE_WRAPPERS.has(p.type); p = model.ancestry.up(p)) {
    typeNode = p;
  }
  const parent = model.ancestry.up(typeNode);
  if (!parent) {
    return;
  }
  const typeText = model.scope.expandAlias(typeNode.text.replace(/\s+/g, ''));
  if (!isDynamicsClientType(typeText, model.usings.namespaces)) {
    return;
  }
  if (parent.type === 'object_creation_expression' && parent.childForFieldName('type')?.startIndex === typeNode.startIndex) {
    addCreation(parent, typeText, model, seen);
  } else if (parent.type === 'member_access_expression' && parent.startIndex === typeNode.startIndex) {
    // `CrmServiceClient.DiscoverOrganizations(…)`: a static call that connects is a client creation.
    const method = parent.childForFieldName('name')?.text ?? '';
    const call = model.ancestry.up(parent);
    if (STATIC_CONNECTING_CALLS.has(method) && call?.type === 'invocation_expression' && call.childForFieldName('function')?.startIndex === parent.startIndex) {
      addCreation(call, typeText, model, seen, `${splitTypeName(typeText).name}.${method}`);
    }
  } else if (parent.type === 'variable_declaration' && parent.childForFieldName('type')?.startIndex === typeNode.startIndex) {
    for (const d of parent.namedChildren) {
      const value = d?.type === 'variable_declarator' ? d.namedChildren.find((c) => c?.type === 'implicit_object_creation_expression') : undefined;
      if (value) {
        addCreation(value, typeText, model, seen);
      }
    }
  }
}

/** Records a client creation; `label` names a static connecting call (`CrmServiceClient.DiscoverOrganizations`). */
function addCreation(creation: SyntaxNode, typeText: string, model: CsharpModel, seen: Set<string>, label?: string): void {
  if (!once(seen, `n${creation.startIndex}`)) {
    return;
  }
  const { urls, authType } = connectionOf(argumentExpressions(creation), (n) => model.evaluator.evaluate(n));
  const up = (n: SyntaxNode): SyntaxNode | null => model.ancestry.up(n);
  const statement = enclosingStatement(creation, up);
  model.creations.push({
    span: span(creation),
    typeName: label ?? splitTypeName(typeText).name,
    statement: statement ? span(statement) : undefined,
    body: enclosingBodyOwner(creation, up)?.startIndex,
    urls,
    ...(authType ? { authType } : {}),
  });
}
