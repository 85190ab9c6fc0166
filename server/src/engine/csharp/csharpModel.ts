import { SyntaxNode, SyntaxTree } from '../parsing/parserPort';
import { ConstEvaluator, EvalValue, argumentExpressions, isServicePointManager } from './constEval';
import { Ancestry, deadRanges, inRanges } from './ancestry';
import { TextChange, findChange, isLocalChange, shiftOffsets } from './modelReuse';
import { FileScope, FileUsings, enclosingBodyOwner, enclosingStatement, readUsings } from './fileScope';
import { isDynamicsClientType, splitTypeName } from './clientTypes';

/** An offset range in the file. */
export interface Span {
  start: number;
  end: number;
}

/** A write to `ServicePointManager.SecurityProtocol` (`=`, `|=`, `&=`, `^=`, or one element of a deconstruction). */
export interface SecurityProtocolWrite {
  operator: '=' | '|=' | '&=' | '^=';
  deconstruction: boolean;
  /** The assignment expression: where the finding sits. */
  span: Span;
  /** The operator token (`=` → `|=` fixes). */
  operatorSpan: Span;
  /** The written value (the right-hand side, or the matching tuple element). */
  valueSpan: Span;
  value: EvalValue;
  /** The whole statement when the write is one (`…;` on its own), for removal and moving. */
  statement: Span | undefined;
  /** Start offset of the method / lambda / file whose body holds the write (undefined: a field initializer). */
  body: number | undefined;
  /** How the value's enum type is spelled in the written value (`SecurityProtocolType`, an alias, qualified). */
  enumSpelling: string | undefined;
}

/** A creation of a Dynamics client (`new CrmServiceClient(…)`, target-typed `new(…)`, fully-qualified). */
export interface ClientCreation {
  span: Span;
  typeName: string;
  statement: Span | undefined;
  body: number | undefined;
  /** A URL in the constructor's string arguments: online Dynamics host, another host (on-premises), or none. */
  urls: string[];
}

/** An `AppContext.SetSwitch(name, value)` call. */
export interface SwitchCall {
  span: Span;
  name: EvalValue;
  value: EvalValue;
  valueSpan: Span | undefined;
  body: number | undefined;
}

/** A protocol set handed to TLS machinery other than ServicePointManager (TLS024, TLS023 for `None`). */
export interface SslProtocolsUse {
  site: 'AuthenticateAsClient' | 'HttpClientHandler' | 'SslProtocols property';
  span: Span;
  valueSpan: Span;
  value: EvalValue;
  operator: string;
}

/** Everything the C# rules, facts and hovers need from one file, computed once per tree. */
export interface CsharpModel {
  usings: FileUsings;
  writes: SecurityProtocolWrite[];
  creations: ClientCreation[];
  switches: SwitchCall[];
  sslUses: SslProtocolsUse[];
  /** The evaluator of this file (hovers evaluate arbitrary expressions with it). */
  evaluator: ConstEvaluator;
  scope: FileScope;
  /** Parent lookups recorded while the model was built. */
  ancestry: Ancestry;
  /** `#if false` branches: never analysed. */
  dead: [number, number][];
}

/** Identifiers that can start something the rules care about; everything else in a file is never visited. */
const TRIGGER =
  /\b(SecurityProtocol|SslProtocols|SetSwitch|CrmServiceClient|ServiceClient|OrganizationServiceProxy|OrganizationWebProxyClient|CrmConnection|AuthenticateAsClient|AuthenticateAsClientAsync|BeginAuthenticateAsClient)\b/g;

const cache = new WeakMap<SyntaxTree, { text: string; model: CsharpModel }>();

/** The plain-data part of a model: what a later version of the same file may reuse outside the edited body. */
interface RetainedModel {
  text: string;
  usings: FileUsings;
  writes: SecurityProtocolWrite[];
  creations: ClientCreation[];
  switches: SwitchCall[];
  sslUses: SslProtocolsUse[];
}

/** The last few models built (a keystroke's new text usually differs from one of them by one small edit). */
const recent: RetainedModel[] = [];
/** Members whose body is rescanned alone after an edit inside it. */
const MEMBER_OWNERS = new Set(['method_declaration', 'constructor_declaration', 'destructor_declaration', 'operator_declaration', 'conversion_operator_declaration', 'accessor_declaration']);
const RECENT_LIMIT = 4;

/**
 * The C# model of a tree, cached per tree (the language server keeps one tree per document version). After a small
 * edit inside one method body, the records outside that body are taken from the previous version (shifted) and only
 * the edited body is scanned again.
 */
export function csharpModel(tree: SyntaxTree, text: string): CsharpModel {
  const hit = cache.get(tree);
  if (hit && hit.text === text) {
    return hit.model;
  }
  const model = buildModel(tree.rootNode, text);
  cache.set(tree, { text, model });
  const { usings, writes, creations, switches, sslUses } = model;
  recent.unshift({ text, usings, writes, creations, switches, sslUses });
  recent.length = Math.min(recent.length, RECENT_LIMIT);
  return model;
}

/** Builds a model without reusing any earlier version: the reference the incremental path is tested against. */
export function csharpModelFromScratch(tree: SyntaxTree, text: string): CsharpModel {
  return buildModel(tree.rootNode, text, false);
}

/** The previous version this text is a local edit of, with the body to rescan; undefined means a full build. */
function reusable(text: string, ancestry: Ancestry): { previous: RetainedModel; change: TextChange; owner: SyntaxNode } | undefined {
  for (const previous of recent) {
    if (previous.text === text) {
      continue;
    }
    const change = findChange(previous.text, text);
    if (!change || !isLocalChange(previous.text, text, change)) {
      continue;
    }
    // The outermost member that holds the edit: no record (an expression inside a body) can contain it.
    const owner = ancestry.descend(change.start).find((n) => MEMBER_OWNERS.has(n.type));
    if (!owner || owner.startIndex >= change.start || owner.endIndex <= change.newEnd) {
      return undefined;
    }
    return { previous, change, owner };
  }
  return undefined;
}

/** Copies the previous records that lie outside the edited body, shifted to the new text. */
function reuseRecords(model: CsharpModel, previous: RetainedModel, change: TextChange, owner: SyntaxNode): void {
  const delta = change.newEnd - change.oldEnd;
  const oldOwnerEnd = owner.endIndex - delta;
  const outside = (r: { span: Span }): boolean => r.span.end <= owner.startIndex || r.span.start >= oldOwnerEnd;
  model.writes.push(...previous.writes.filter(outside).map((r) => shiftOffsets(r, change.start, delta)));
  model.creations.push(...previous.creations.filter(outside).map((r) => shiftOffsets(r, change.start, delta)));
  model.switches.push(...previous.switches.filter(outside).map((r) => shiftOffsets(r, change.start, delta)));
  model.sslUses.push(...previous.sslUses.filter(outside).map((r) => shiftOffsets(r, change.start, delta)));
}

function span(n: SyntaxNode): Span {
  return { start: n.startIndex, end: n.endIndex };
}

/**
 * Builds the model by visiting only the places a trigger identifier occurs (found in the text with one regular
 * expression): the cost follows the number of mentions, not the size of the file, so a keystroke in a big file
 * re-analyses cheaply. Mentions in comments, strings and `#if false` branches are dropped.
 */
function buildModel(root: SyntaxNode, text: string, allowReuse = true): CsharpModel {
  const ancestry = new Ancestry(root);
  const reuse = allowReuse ? reusable(text, ancestry) : undefined;
  const usings = reuse ? reuse.previous.usings : readUsings(root);
  const dead = deadRanges(text);
  const scope = new FileScope(text, usings, ancestry, dead);
  const evaluator = new ConstEvaluator(scope);
  const model: CsharpModel = { usings, writes: [], creations: [], switches: [], sslUses: [], evaluator, scope, ancestry, dead };
  const seen = new Set<string>();
  const [from, to] = reuse ? [reuse.owner.startIndex, reuse.owner.endIndex] : [0, text.length];
  if (reuse) {
    reuseRecords(model, reuse.previous, reuse.change, reuse.owner);
  }
  TRIGGER.lastIndex = from;
  let m: RegExpExecArray | null;
  while ((m = TRIGGER.exec(text)) && m.index < to) {
    if (inRanges(dead, m.index)) {
      continue;
    }
    const chain = ancestry.descend(m.index);
    const node = chain[chain.length - 1];
    // Comments and string contents are leaves of their own types: an identifier leaf is live code.
    if (!node || node.type !== 'identifier' || node.startIndex !== m.index) {
      continue;
    }
    try {
      classify(node, m[0], model, seen);
    } catch {
      // A malformed fragment (an ERROR tree) gives no fact rather than a crash.
    }
  }
  if (reuse) {
    const byStart = (a: { span: Span }, b: { span: Span }): number => a.span.start - b.span.start;
    model.writes.sort(byStart);
    model.creations.sort(byStart);
    model.switches.sort(byStart);
    model.sslUses.sort(byStart);
  }
  return model;
}

function once(seen: Set<string>, key: string): boolean {
  if (seen.has(key)) {
    return false;
  }
  seen.add(key);
  return true;
}

function classify(id: SyntaxNode, token: string, model: CsharpModel, seen: Set<string>): void {
  switch (token) {
    case 'SecurityProtocol':
      securityProtocolMention(id, model, seen);
      return;
    case 'SslProtocols':
      sslProtocolsMention(id, model, seen);
      return;
    case 'SetSwitch':
      setSwitchMention(id, model, seen);
      return;
    case 'AuthenticateAsClient':
    case 'AuthenticateAsClientAsync':
    case 'BeginAuthenticateAsClient':
      authenticateMention(id, model, seen);
      return;
    default:
      clientMention(id, model, seen);
  }
}

function securityProtocolMention(id: SyntaxNode, model: CsharpModel, seen: Set<string>): void {
  const access = model.ancestry.up(id);
  if (!access || access.type !== 'member_access_expression' || access.childForFieldName('name')?.startIndex !== id.startIndex) {
    return;
  }
  const receiver = access.childForFieldName('expression');
  if (!receiver || !isServicePointManager(receiver.text, model.scope)) {
    return;
  }
  const parent = model.ancestry.up(access);
  if (parent?.type === 'assignment_expression' && parent.childForFieldName('left')?.startIndex === access.startIndex) {
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

function sslProtocolsMention(id: SyntaxNode, model: CsharpModel, seen: Set<string>): void {
  const up = (n: SyntaxNode): SyntaxNode | null => model.ancestry.up(n);
  const parent = up(id);
  let left: SyntaxNode | undefined;
  let site: SslProtocolsUse['site'] = 'SslProtocols property';
  if (parent?.type === 'member_access_expression' && parent.childForFieldName('name')?.startIndex === id.startIndex) {
    left = parent;
    const receiver = parent.childForFieldName('expression');
    if (receiver && receiver.type === 'identifier' && isHandlerLocal(receiver, model)) {
      site = 'HttpClientHandler';
    }
  } else if (parent?.type === 'assignment_expression' && up(parent)?.type === 'initializer_expression') {
    left = id;
    const initializer = up(parent);
    const creation = initializer ? up(initializer) : null;
    if (creation?.type === 'object_creation_expression' && /(^|\.)HttpClientHandler$/.test(creation.childForFieldName('type')?.text ?? '')) {
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

/** True when a local was initialised with `new HttpClientHandler(…)` in the same body. */
function isHandlerLocal(receiver: SyntaxNode, model: CsharpModel): boolean {
  const def = model.scope.definitionOf(receiver, receiver.text, undefined);
  return 'type' in def && def.type === 'object_creation_expression' && /(^|\.)HttpClientHandler$/.test(def.childForFieldName('type')?.text ?? '');
}

function authenticateMention(id: SyntaxNode, model: CsharpModel, seen: Set<string>): void {
  const access = model.ancestry.up(id);
  const call = access ? model.ancestry.up(access) : null;
  if (access?.type !== 'member_access_expression' || call?.type !== 'invocation_expression' || !once(seen, `a${call.startIndex}`)) {
    return;
  }
  const args = argumentExpressions(call);
  const value = args[2];
  if (args.length < 3 || !value) {
    return;
  }
  model.sslUses.push({ site: 'AuthenticateAsClient', span: span(call), valueSpan: span(value), value: model.evaluator.evaluate(value), operator: 'argument' });
}

function setSwitchMention(id: SyntaxNode, model: CsharpModel, seen: Set<string>): void {
  const access = model.ancestry.up(id);
  const call = access ? model.ancestry.up(access) : null;
  if (access?.type !== 'member_access_expression' || call?.type !== 'invocation_expression') {
    return;
  }
  const receiver = model.scope.expandAlias(access.childForFieldName('expression')?.text.replace(/\s+/g, '') ?? '');
  if (!/^(global::)?(System\.)?AppContext$/.test(receiver) || !once(seen, `c${call.startIndex}`)) {
    return;
  }
  const [name, value] = argumentExpressions(call);
  const unknownArg = { kind: 'unknown' as const, reason: 'the argument is missing', start: call.startIndex, end: call.endIndex };
  model.switches.push({
    span: span(call),
    name: name ? model.evaluator.evaluate(name) : unknownArg,
    value: value ? model.evaluator.evaluate(value) : unknownArg,
    valueSpan: value ? span(value) : undefined,
    body: enclosingBodyOwner(call, (n) => model.ancestry.up(n))?.startIndex,
  });
}

const TYPE_WRAPPERS = new Set(['qualified_name', 'generic_name', 'alias_qualified_name', 'nullable_type']);

function clientMention(id: SyntaxNode, model: CsharpModel, seen: Set<string>): void {
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
  } else if (parent.type === 'variable_declaration' && parent.childForFieldName('type')?.startIndex === typeNode.startIndex) {
    for (const d of parent.namedChildren) {
      const value = d?.type === 'variable_declarator' ? d.namedChildren.find((c) => c?.type === 'implicit_object_creation_expression') : undefined;
      if (value) {
        addCreation(value, typeText, model, seen);
      }
    }
  }
}

function addCreation(creation: SyntaxNode, typeText: string, model: CsharpModel, seen: Set<string>): void {
  if (!once(seen, `n${creation.startIndex}`)) {
    return;
  }
  const urls: string[] = [];
  for (const arg of argumentExpressions(creation)) {
    const v = model.evaluator.evaluate(arg);
    if (v.kind === 'string') {
      urls.push(...(v.value.match(/\bhttps?:\/\/[A-Za-z0-9.-]+/g) ?? []));
    }
  }
  const up = (n: SyntaxNode): SyntaxNode | null => model.ancestry.up(n);
  const statement = enclosingStatement(creation, up);
  model.creations.push({
    span: span(creation),
    typeName: splitTypeName(typeText).name,
    statement: statement ? span(statement) : undefined,
    body: enclosingBodyOwner(creation, up)?.startIndex,
    urls,
  });
}
