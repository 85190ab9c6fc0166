import { SyntaxNode } from '../parsing/parserPort';
import { ConstEvaluator, NumberValue, memberAccessParts } from './constEval';
import { CsharpModel, ProtocolGuard, Span } from './csharpRecords';
import { ALL_PROTOCOL_BITS } from './protocols';
import { ParentOf } from './fileScope';

/**
 * Where a SecurityProtocol write stands in its method, read from the tree when the write is recorded (docs/rules/TLS020.md,
 * "Flow"): the statement list that holds it, the stretch before it in that list with no branch, loop, return or call
 * of workspace code (earlier writes inside it share its straight run), and the guard on the current value it runs
 * under. Everything comes from the write's own member, so the member memo stays valid.
 */
export interface WritePlace {
  block: Span | undefined;
  straight: Span | undefined;
  guard: ProtocolGuard | undefined;
}

/** Statements that may stand between two writes of one straight run (when they call no workspace code). */
const PLAIN_STATEMENTS = new Set(['expression_statement', 'local_declaration_statement', 'empty_statement']);

/** Receivers whose calls are framework or logging, never workspace code that could connect or write the set. */
const FRAMEWORK_RECEIVERS = /^(System(\.\w+)*|Console|Debug|Trace|Environment|Thread|Task|string|String|Math|Convert|Enum|AppContext|ServicePointManager|Path|File|Directory|DateTime|DateTimeOffset|TimeSpan|Guid|Encoding|GC|Array|BitConverter|Uri|Regex|CultureInfo|Interlocked|Activator)$/;
/** Receivers named like a logger (`logger`, `_log`, `Log`, `tracingService`): "other statements, such as logging". */
const LOGGING_RECEIVER = /log|trac/i;

/** The statement list, straight stretch and guard of a write whose own statement is `statement` (undefined: inside an expression). */
export function writePlace(assignment: SyntaxNode, statement: SyntaxNode | undefined, model: PlaceModel): WritePlace {
  const up: ParentOf = (n) => model.ancestry.up(n);
  const guard = guardOf(assignment, up, model.evaluator);
  if (!statement) {
    return { block: undefined, straight: undefined, guard };
  }
  const holder = up(statement);
  const item = holder?.type === 'global_statement' ? holder : statement;
  const list = item === statement ? holder : up(item);
  if (!list) {
    return { block: undefined, straight: undefined, guard };
  }
  const from = scanOf(model, list).straightFrom(item.startIndex);
  return { block: { start: list.startIndex, end: list.endIndex }, straight: { start: from, end: statement.startIndex }, guard };
}

/** What writePlace reads of the model being built: its parent lookup and its constant evaluator. */
export type PlaceModel = Pick<CsharpModel, 'ancestry' | 'evaluator'>;

/**
 * One statement list read once per model build: its items and, per item, where the straight stretch before it
 * starts — computed lazily and remembered, so a list of many writes costs linear time, not quadratic.
 */
class ListScan {
  private readonly items: (SyntaxNode | null)[];
  private readonly starts: number[];
  private readonly from: (number | undefined)[];

  constructor(private readonly list: SyntaxNode) {
    this.items = [...list.namedChildren];
    this.starts = this.items.map((s) => s?.startIndex ?? -1);
    this.from = this.items.map(() => undefined);
  }

  /** Where the stretch before the item starting at `start` begins: after the nearest barrier, else the list's start. */
  straightFrom(start: number): number {
    const i = this.indexOf(start);
    if (i < 0) {
      return this.list.startIndex;
    }
    // Walk back to the nearest item whose stretch is known (or the list's start), then fill forward.
    let j = i;
    while (j > 0 && this.from[j] === undefined) {
      j--;
    }
    let value = this.from[j] ?? this.list.startIndex;
    this.from[j] = value;
    for (let k = j + 1; k <= i; k++) {
      value = this.after(k - 1, value);
      this.from[k] = value;
    }
    return value;
  }

  /** The stretch start of the item after item `j`, given item `j`'s own. */
  private after(j: number, own: number): number {
    const s = this.items[j];
    if (!s || s.type === 'comment') {
      return own;
    }
    if (s.type !== 'global_statement' && !/statement$/.test(s.type)) {
      return this.list.startIndex;
    }
    const inner = s.type === 'global_statement' ? s.namedChildren.find((c) => c?.type !== 'comment') : s;
    return !inner || !PLAIN_STATEMENTS.has(inner.type) || callsWorkspaceCode(inner) ? s.endIndex : own;
  }

  private indexOf(start: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const at = this.starts[mid] as number;
      if (at === start) {
        return mid;
      }
      if (at < start) {
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return this.starts.indexOf(start);
  }
}

const scans = new WeakMap<PlaceModel['ancestry'], Map<string, ListScan>>();

/** The scan of a statement list for this model build (the ancestry is made once per build). */
function scanOf(model: PlaceModel, list: SyntaxNode): ListScan {
  let perBuild = scans.get(model.ancestry);
  if (!perBuild) {
    perBuild = new Map();
    scans.set(model.ancestry, perBuild);
  }
  const key = `${list.startIndex}:${list.endIndex}:${list.type}`;
  let scan = perBuild.get(key);
  if (!scan) {
    scan = new ListScan(list);
    perBuild.set(key, scan);
  }
  return scan;
}

/** True when a statement calls a method that may be workspace code (anything but framework and logging calls). */
function callsWorkspaceCode(statement: SyntaxNode): boolean {
  const stack: SyntaxNode[] = [statement];
  let budget = 2000;
  while (stack.length && budget-- > 0) {
    const n = stack.pop() as SyntaxNode;
    if (n.type === 'lambda_expression' || n.type === 'anonymous_method_expression') {
      continue;
    }
    if (n.type === 'invocation_expression' && isWorkspaceCall(n)) {
      return true;
    }
    for (const c of n.namedChildren) {
      if (c) {
        stack.push(c);
      }
    }
  }
  return budget <= 0;
}

function isWorkspaceCall(call: SyntaxNode): boolean {
  const fn = call.childForFieldName('function');
  if (!fn || fn.type !== 'member_access_expression') {
    // `Configure()`: a method of the class itself (or `nameof`, which is no call at all).
    return !(fn?.type === 'identifier' && fn.text === 'nameof');
  }
  const receiver = (memberAccessParts(fn)?.target ?? '').replace(/\s+/g, '').replace(/^global::/, '');
  if (receiver === 'this' || receiver === 'base') {
    return true;
  }
  return !FRAMEWORK_RECEIVERS.test(receiver) && !LOGGING_RECEIVER.test(receiver.split('.').pop() ?? '');
}

/** The guard of the nearest `if` around the write inside its method, when its condition tests the current set. */
function guardOf(assignment: SyntaxNode, up: ParentOf, evaluator: ConstEvaluator): ProtocolGuard | undefined {
  let child: SyntaxNode = assignment;
  for (let n = up(assignment); n; child = n, n = up(n)) {
    if (/^(method|constructor|accessor|local_function|operator)_declaration$|^local_function_statement$|^lambda_expression$|^compilation_unit$/.test(n.type)) {
      return undefined;
    }
    if (n.type !== 'if_statement') {
      continue;
    }
    const condition = n.childForFieldName('condition');
    if (!condition || child.startIndex === condition.startIndex) {
      return undefined;
    }
    const test = conditionTest(condition, evaluator);
    if (!test) {
      return undefined;
    }
    const inElse = n.childForFieldName('alternative')?.startIndex === child.startIndex;
    return inElse ? { bits: test.bits, test: NEGATED[test.test] } : test;
  }
  return undefined;
}

const NEGATED: Record<ProtocolGuard['test'], ProtocolGuard['test']> = { all: 'notAll', notAll: 'all', any: 'none', none: 'any' };

/** True for a folded value that is the current set itself (`SecurityProtocol`, or a local that holds it). */
function isCurrent(v: NumberValue): boolean {
  return v.readsCurrent && v.zero === 0 && (v.full & ALL_PROTOCOL_BITS) === ALL_PROTOCOL_BITS;
}

/** `HasFlag(X)`, `(p & X) == X`, `(p & X) != 0`, their negations, on the current set or a local holding it. */
function conditionTest(node: SyntaxNode, evaluator: ConstEvaluator): ProtocolGuard | undefined {
  if (node.type === 'parenthesized_expression') {
    const inner = node.namedChildren.find((c) => c?.type !== 'comment');
    return inner ? conditionTest(inner, evaluator) : undefined;
  }
  if (node.type === 'prefix_unary_expression' && node.children[0]?.type === '!') {
    const inner = node.namedChildren.find((c) => c?.type !== 'comment');
    const test = inner ? conditionTest(inner, evaluator) : undefined;
    return test ? { bits: test.bits, test: NEGATED[test.test] } : undefined;
  }
  if (node.type === 'invocation_expression') {
    const fn = node.childForFieldName('function');
    const parts = fn?.type === 'member_access_expression' ? memberAccessParts(fn) : undefined;
    const receiver = fn?.childForFieldName('expression');
    const arg = node.childForFieldName('arguments')?.namedChildren.find((c) => c?.type === 'argument')?.namedChildren.find((c) => c?.type !== 'comment');
    if (parts?.name !== 'HasFlag' || !receiver || !arg) {
      return undefined;
    }
    const r = evaluator.evaluate(receiver);
    const v = evaluator.evaluate(arg);
    return r.kind === 'number' && isCurrent(r) && v.kind === 'number' && !v.readsCurrent && v.zero !== 0 ? { bits: v.zero & ALL_PROTOCOL_BITS, test: 'all' } : undefined;
  }
  if (node.type !== 'binary_expression') {
    return undefined;
  }
  const op = node.childForFieldName('operator')?.type;
  const left = node.childForFieldName('left');
  const right = node.childForFieldName('right');
  if ((op !== '==' && op !== '!=') || !left || !right) {
    return undefined;
  }
  const flip = op === '!=';
  // `HasFlag(X) == false`
  const boolSide = right.type === 'boolean_literal' ? right : left.type === 'boolean_literal' ? left : undefined;
  if (boolSide) {
    const test = conditionTest(boolSide === right ? left : right, evaluator);
    return test && (boolSide.text === 'false') !== flip ? { bits: test.bits, test: NEGATED[test.test] } : test;
  }
  const a = evaluator.evaluate(left);
  const b = evaluator.evaluate(right);
  if (a.kind !== 'number' || b.kind !== 'number') {
    return undefined;
  }
  const [mask, constant] = a.readsCurrent ? [a, b] : [b, a];
  const bits = mask.full & ALL_PROTOCOL_BITS;
  if (!mask.readsCurrent || constant.readsCurrent || mask.zero !== 0 || bits === 0 || bits === ALL_PROTOCOL_BITS) {
    return undefined;
  }
  const c = constant.zero & ALL_PROTOCOL_BITS;
  if (c === 0) {
    return { bits, test: flip ? 'any' : 'none' };
  }
  return c === bits ? { bits, test: flip ? 'notAll' : 'all' } : undefined;
}
