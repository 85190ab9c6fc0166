import { SyntaxNode } from '../parsing/parserPort';
import { ALL_PROTOCOL_BITS, ProtocolEnum, memberValue, parseEnumString, protocolEnumOf } from './protocols';

/**
 * A folded value. Numbers carry two evaluations — with the current `ServicePointManager.SecurityProtocol` read as
 * no bits (`zero`) and as every bit (`full`) — so that a later default set `d` gives `(full & d) | (zero & ~d)`:
 * exact for the bitwise operators, the only ones allowed on a value that reads the current set.
 */
export type EvalValue =
  | { kind: 'number'; zero: number; full: number; readsCurrent: boolean; enumType: ProtocolEnum | undefined }
  | { kind: 'string'; value: string }
  | { kind: 'bool'; value: boolean }
  | { kind: 'unknown'; reason: string; start: number; end: number; branches?: EvalValue[] };

/** A folded number (protocol set or integer). */
export type NumberValue = Extract<EvalValue, { kind: 'number' }>;

/** What the evaluator needs to know about names in a file: aliases, `using static`, constants and locals. */
export interface EvalScope {
  /** Expands a `using X = …;` alias at the start of a dotted name. */
  expandAlias(text: string): string;
  /** Protocol enums imported with `using static`, whose members may be written bare. */
  readonly staticEnums: readonly ProtocolEnum[];
  /** The expression an identifier (or `Type.Name`) stands for: a `const` or a local assigned once before this use. */
  definitionOf(use: SyntaxNode, name: string, typeName: string | undefined): SyntaxNode | { reason: string };
}

const MAX_DEPTH = 200;

/** Expression nodes one evaluation may visit: constants defined in terms of each other (`A1 = A0 | A0`) cannot double the work past it. */
export const MAX_FOLD_STEPS = 10_000;

/** The reason an evaluation that ran out of steps gives: the value is too complex to analyse, never guessed. */
export const TOO_COMPLEX_TO_FOLD = `the value is too complex to analyse (folding it takes more than ${MAX_FOLD_STEPS} steps)`;

/** The value of `ServicePointManager.SecurityProtocol` read inside an expression: every bit unknown. */
function currentSet(): NumberValue {
  return { kind: 'number', zero: 0, full: ALL_PROTOCOL_BITS, readsCurrent: true, enumType: 'SecurityProtocolType' };
}

function num(value: number, enumType: ProtocolEnum | undefined): NumberValue {
  return { kind: 'number', zero: value, full: value, readsCurrent: false, enumType };
}

function unknown(node: SyntaxNode, reason: string): EvalValue {
  return { kind: 'unknown', reason, start: node.startIndex, end: node.endIndex };
}

/** True when a dotted name denotes `System.Net.ServicePointManager`. */
export function isServicePointManager(text: string, scope: EvalScope): boolean {
  const t = scope.expandAlias(text.replace(/\s+/g, '')).replace(/^global::/, '');
  return t === 'ServicePointManager' || t === 'System.Net.ServicePointManager' || t === 'Net.ServicePointManager';
}

/** `target.name` of a member access: split from its text (no wasm field reads), from its fields when comments or an odd name get in the way. */
export function memberAccessParts(node: SyntaxNode): { target: string; name: string } | undefined {
  return splitMemberAccess(node.text) ?? memberAccessFields(node);
}

/** `target.name` read from a member access's text; undefined when a comment, generic or odd name is in it. */
function splitMemberAccess(text: string): { target: string; name: string } | undefined {
  const m = /^([^/]*?)\s*\.\s*(@?[A-Za-z_]\w*)$/.exec(text);
  return m?.[1] && m[2] ? { target: m[1], name: m[2] } : undefined;
}

/** `target.name` from the member access's fields (the fallback of `splitMemberAccess`). */
function memberAccessFields(node: SyntaxNode): { target: string; name: string } | undefined {
  const target = node.childForFieldName('expression');
  return target ? { target: target.text, name: node.childForFieldName('name')?.text ?? '' } : undefined;
}

/** Parses a C# integer literal (decimal, hex, binary, `_` separators, `u`/`l` suffixes). */
export function parseIntegerLiteral(text: string): number | undefined {
  const t = text.replace(/_/g, '').replace(/[uUlL]+$/, '');
  let v: number;
  if (/^0[xX][0-9a-fA-F]+$/.test(t)) {
    v = parseInt(t.slice(2), 16);
  } else if (/^0[bB][01]+$/.test(t)) {
    v = parseInt(t.slice(2), 2);
  } else if (/^\d+$/.test(t)) {
    v = Number(t);
  } else {
    return undefined;
  }
  return Number.isSafeInteger(v) ? v | 0 : undefined;
}

const ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', '0': '\0', '\\': '\\', '"': '"', "'": "'" };

/** The value of a plain or verbatim string literal; undefined for interpolated strings. */
export function stringLiteralValue(node: SyntaxNode): string | undefined {
  const text = node.text;
  if (node.type === 'verbatim_string_literal') {
    return text.slice(2, -1).replace(/""/g, '"');
  }
  if (node.type !== 'string_literal') {
    return undefined;
  }
  const body = text.replace(/^"/, '').replace(/"(u8)?$/, '');
  return body.replace(/\\(u[0-9a-fA-F]{4}|x[0-9a-fA-F]{1,4}|.)/g, (_m, e: string) =>
    e.length > 1 ? String.fromCharCode(parseInt(e.slice(1), 16)) : (ESCAPES[e] ?? e),
  );
}

/** Folds C# constant expressions over protocol enums, integers, booleans and strings. */
export class ConstEvaluator {
  private readonly visiting = new Set<number>();
  private stepsLeft = MAX_FOLD_STEPS;

  constructor(private readonly scope: EvalScope) {}

  /** Evaluates an expression; what cannot be resolved comes back as `unknown` with the reason and where. */
  evaluate(node: SyntaxNode, depth = 0): EvalValue {
    if (depth === 0) {
      this.stepsLeft = MAX_FOLD_STEPS;
    }
    if (--this.stepsLeft < 0) {
      return unknown(node, TOO_COMPLEX_TO_FOLD);
    }
    if (depth > MAX_DEPTH) {
      return unknown(node, 'the expression is nested too deeply to fold');
    }
    switch (node.type) {
      case 'integer_literal': {
        const v = parseIntegerLiteral(node.text);
        return v === undefined ? unknown(node, `${node.text} is not an integer this tool folds`) : num(v, undefined);
      }
      case 'boolean_literal':
        return { kind: 'bool', value: node.text === 'true' };
      case 'string_literal':
      case 'verbatim_string_literal': {
        const s = stringLiteralValue(node);
        return s === undefined ? unknown(node, 'an interpolated string') : { kind: 'string', value: s };
      }
      case 'parenthesized_expression':
      case 'checked_expression': {
        const inner = lastNamedChild(node);
        return inner ? this.evaluate(inner, depth + 1) : unknown(node, 'an empty expression');
      }
      case 'prefix_unary_expression':
        return this.unary(node, depth);
      case 'binary_expression':
        return this.binary(node, depth);
      case 'cast_expression':
        return this.cast(node, depth);
      case 'conditional_expression': {
        const cond = this.child(node, 'condition', depth);
        if (cond.kind !== 'bool') {
          // Not known before run time; both branches are kept so that a verdict all of them share can still be given.
          const why = cond.kind === 'unknown' ? cond.reason : 'the condition is not a constant';
          return { kind: 'unknown', reason: why, start: node.startIndex, end: node.endIndex, branches: [this.child(node, 'consequence', depth), this.child(node, 'alternative', depth)] };
        }
        const branch = node.childForFieldName(cond.value ? 'consequence' : 'alternative');
        return branch ? this.evaluate(branch, depth + 1) : unknown(node, 'an incomplete conditional');
      }
      case 'member_access_expression':
        return this.memberAccess(node, depth);
      case 'identifier':
        return this.identifier(node, node.text, undefined, depth);
      case 'invocation_expression':
        return this.invocation(node, depth);
      case 'default_expression': {
        // `default(T)` / `default`: zero (SystemDefault, SslProtocols.None) for the enums and integers.
        const type = node.childForFieldName('type');
        const typeText = type ? this.scope.expandAlias(type.text.replace(/\s+/g, '')) : '';
        return !type || protocolEnumOf(typeText) || /^(int|uint|long|ulong|short|ushort|byte)$/.test(typeText)
          ? num(0, type ? protocolEnumOf(typeText) : undefined)
          : typeText === 'bool'
            ? { kind: 'bool', value: false }
            : unknown(node, `default(${typeText}) is not folded`);
      }
      default:
        return unknown(node, `${node.text.length > 40 ? 'this expression' : `\`${node.text}\``} is not a constant this tool folds`);
    }
  }

  private child(node: SyntaxNode, field: string, depth: number): EvalValue {
    const c = node.childForFieldName(field);
    return c ? this.evaluate(c, depth + 1) : unknown(node, 'an incomplete expression');
  }

  private unary(node: SyntaxNode, depth: number): EvalValue {
    const op = node.children[0]?.type ?? '';
    const operand = lastNamedChild(node);
    if (!operand) {
      return unknown(node, 'an incomplete expression');
    }
    const v = this.evaluate(operand, depth + 1);
    if (v.kind === 'unknown') {
      return operandUnknown(v);
    }
    if (op === '!' && v.kind === 'bool') {
      return { kind: 'bool', value: !v.value };
    }
    if (v.kind !== 'number') {
      return unknown(node, `\`${op}\` on a non-number`);
    }
    if (op === '~') {
      return { ...v, zero: ~v.zero, full: ~v.full };
    }
    if (op === '+') {
      return v;
    }
    if (op === '-' && !v.readsCurrent) {
      return num(-v.zero | 0, v.enumType);
    }
    return unknown(node, `\`${op}\` on the current protocol set cannot be folded bit by bit`);
  }

  private binary(node: SyntaxNode, depth: number): EvalValue {
    const op = node.childForFieldName('operator')?.type ?? '';
    const a = this.child(node, 'left', depth);
    if (a.kind === 'unknown') {
      return operandUnknown(a);
    }
    if (op === '&&' && a.kind === 'bool' && !a.value) {
      return a;
    }
    if (op === '||' && a.kind === 'bool' && a.value) {
      return a;
    }
    const b = this.child(node, 'right', depth);
    if (b.kind === 'unknown') {
      return operandUnknown(b);
    }
    if (a.kind === 'number' && b.kind === 'number') {
      return numberOp(node, op, a, b);
    }
    if (a.kind === 'bool' && b.kind === 'bool') {
      switch (op) {
        case '&&':
        case '&':
          return { kind: 'bool', value: a.value && b.value };
        case '||':
        case '|':
          return { kind: 'bool', value: a.value || b.value };
        case '==':
          return { kind: 'bool', value: a.value === b.value };
        case '!=':
        case '^':
          return { kind: 'bool', value: a.value !== b.value };
      }
    }
    if (op === '+' && (a.kind === 'string' || b.kind === 'string')) {
      return { kind: 'string', value: plain(a) + plain(b) };
    }
    if (a.kind === 'string' && b.kind === 'string' && (op === '==' || op === '!=')) {
      return { kind: 'bool', value: (a.value === b.value) === (op === '==') };
    }
    return unknown(node, `\`${op}\` on these operands is not folded`);
  }

  private cast(node: SyntaxNode, depth: number): EvalValue {
    const typeText = this.scope.expandAlias(node.childForFieldName('type')?.text ?? '');
    const v = this.child(node, 'value', depth);
    if (v.kind === 'unknown') {
      return v.branches ? { ...v, branches: v.branches.map((b) => (b.kind === 'unknown' ? operandUnknown(b) : castValue(node, typeText, b))) } : v;
    }
    return castValue(node, typeText, v);
  }

  private memberAccess(node: SyntaxNode, depth: number): EvalValue {
    const parts = memberAccessParts(node);
    if (!parts) {
      return unknown(node, 'an incomplete member access');
    }
    const { target, name } = parts;
    const typeText = this.scope.expandAlias(target.replace(/\s+/g, ''));
    const en = protocolEnumOf(typeText);
    if (en) {
      const v = memberValue(en, name);
      return v === undefined ? unknown(node, `${typeText} has no member ${name}`) : num(v, en);
    }
    if (name === 'SecurityProtocol' && isServicePointManager(target, this.scope)) {
      return currentSet();
    }
    if (/^[A-Za-z_][\w.]*$/.test(typeText)) {
      return this.identifier(node, name, typeText, depth);
    }
    return unknown(node, `\`${node.text}\` is not a constant`);
  }

  private identifier(node: SyntaxNode, name: string, typeName: string | undefined, depth: number): EvalValue {
    if (!typeName) {
      for (const en of this.scope.staticEnums) {
        const v = memberValue(en, name);
        if (v !== undefined) {
          return num(v, en);
        }
      }
    }
    const def = this.scope.definitionOf(node, name, typeName);
    if (!('type' in def)) {
      return unknown(node, def.reason);
    }
    if (this.visiting.has(def.startIndex)) {
      return unknown(node, `${name} is defined in terms of itself`);
    }
    this.visiting.add(def.startIndex);
    try {
      return this.evaluate(def, depth + 1);
    } finally {
      this.visiting.delete(def.startIndex);
    }
  }

  private invocation(node: SyntaxNode, depth: number): EvalValue {
    const fn = node.childForFieldName('function');
    const args = argumentExpressions(node);
    const fnText = (fn?.text ?? '').replace(/\s+/g, '').replace(/^global::/, '').replace(/^System\./, '');
    if (fnText === 'nameof' && args.length === 1 && args[0]) {
      // nameof(A.B<T>) is "B": the last simple name, without type arguments.
      const name = /([A-Za-z_]\w*)\s*(<[^>]*>)?\s*$/.exec(args[0].text.replace(/^@/, ''))?.[1];
      return name ? { kind: 'string', value: name } : unknown(node, 'a nameof this tool does not read');
    }
    const generic = /^Enum\.Parse<(.+)>$/.exec(fnText);
    if (fnText === 'Enum.Parse' || generic) {
      const [typeNode, valueArg, caseArg] = generic
        ? [undefined, ...argumentsFor(node, ['value', 'ignoreCase'])]
        : argumentsFor(node, ['enumType', 'value', 'ignoreCase']);
      const typeArg = generic ? generic[1] : typeofArgument(typeNode);
      const en = typeArg ? protocolEnumOf(this.scope.expandAlias(typeArg)) : undefined;
      if (!en || !valueArg) {
        return unknown(node, 'Enum.Parse of a type other than a protocol enum');
      }
      const s = this.evaluate(valueArg, depth + 1);
      const ignoreCase = caseArg ? this.evaluate(caseArg, depth + 1) : { kind: 'bool' as const, value: false };
      if (s.kind !== 'string' || ignoreCase.kind !== 'bool') {
        return s.kind === 'unknown' ? operandUnknown(s) : unknown(node, 'Enum.Parse of a value that is not a constant string');
      }
      const v = parseEnumString(en, s.value, ignoreCase.value);
      return v === undefined ? unknown(node, `"${s.value}" is not a ${en} value (Enum.Parse throws)`) : num(v, en);
    }
    if ((fnText === 'bool.Parse' || fnText === 'Boolean.Parse') && args[0]) {
      const s = this.evaluate(args[0], depth + 1);
      if (s.kind === 'string' && /^\s*(true|false)\s*$/i.test(s.value)) {
        return { kind: 'bool', value: s.value.trim().toLowerCase() === 'true' };
      }
      return s.kind === 'unknown' ? operandUnknown(s) : unknown(node, 'bool.Parse of a value that is not a constant');
    }
    return unknown(node, `the result of \`${fnText || 'a call'}(…)\` is not known before run time`);
  }
}

/** A cast of a folded value to `typeText` (protocol enums and integer types keep the bits). */
function castValue(node: SyntaxNode, typeText: string, v: EvalValue): EvalValue {
  const en = protocolEnumOf(typeText);
  if (v.kind === 'number' && (en || /^(int|uint|long|ulong|short|ushort|byte|System\.Int32|Int32)$/.test(typeText))) {
    return { ...v, enumType: en };
  }
  if (v.kind === 'bool' && typeText === 'bool') {
    return v;
  }
  if (v.kind === 'string' && typeText === 'string') {
    return v;
  }
  return unknown(node, `a cast to ${typeText} is not folded`);
}

/** An unknown operand makes the whole expression unknown; its conditional branches are not the expression's values. */
function operandUnknown(v: Extract<EvalValue, { kind: 'unknown' }>): EvalValue {
  return v.branches ? { kind: 'unknown', reason: v.reason, start: v.start, end: v.end } : v;
}

function plain(v: EvalValue): string {
  return v.kind === 'string' ? v.value : v.kind === 'number' ? String(v.zero) : v.kind === 'bool' ? (v.value ? 'True' : 'False') : '';
}

function numberOp(node: SyntaxNode, op: string, a: NumberValue, b: NumberValue): EvalValue {
  const enumType = a.enumType ?? b.enumType;
  const readsCurrent = a.readsCurrent || b.readsCurrent;
  const bitwise = (f: (x: number, y: number) => number): NumberValue => ({
    kind: 'number',
    zero: f(a.zero, b.zero),
    full: f(a.full, b.full),
    readsCurrent,
    enumType,
  });
  switch (op) {
    case '|':
      return bitwise((x, y) => x | y);
    case '&':
      return bitwise((x, y) => x & y);
    case '^':
      return bitwise((x, y) => x ^ y);
  }
  if (readsCurrent) {
    return unknown(node, `\`${op}\` on the current protocol set cannot be folded bit by bit`);
  }
  const x = a.zero;
  const y = b.zero;
  switch (op) {
    case '+':
      return num((x + y) | 0, enumType);
    case '-':
      return num((x - y) | 0, enumType);
    case '*':
      return num(Math.imul(x, y), enumType);
    case '/':
      return y === 0 ? unknown(node, 'division by zero') : num((x / y) | 0, enumType);
    case '%':
      return y === 0 ? unknown(node, 'division by zero') : num(x % y, enumType);
    case '<<':
      return num(x << y, enumType);
    case '>>':
      return num(x >> y, enumType);
    case '==':
      return { kind: 'bool', value: x === y };
    case '!=':
      return { kind: 'bool', value: x !== y };
    case '<':
      return { kind: 'bool', value: x < y };
    case '<=':
      return { kind: 'bool', value: x <= y };
    case '>':
      return { kind: 'bool', value: x > y };
    case '>=':
      return { kind: 'bool', value: x >= y };
  }
  return unknown(node, `\`${op}\` is not folded`);
}

/** The last named child of a node (the operand of a unary or parenthesised expression). */
export function lastNamedChild(node: SyntaxNode): SyntaxNode | undefined {
  const named = node.namedChildren;
  for (let i = named.length - 1; i >= 0; i--) {
    const c = named[i];
    if (c && c.type !== 'comment') {
      return c;
    }
  }
  return undefined;
}

/**
 * The argument expressions of an invocation matched to its parameters: a named argument (`isEnabled: true`) goes to
 * the parameter of that name, a positional one to its position; a missing argument is undefined.
 */
export function argumentsFor(invocation: SyntaxNode, parameters: readonly string[]): (SyntaxNode | undefined)[] {
  const out: (SyntaxNode | undefined)[] = parameters.map(() => undefined);
  const list = invocation.childForFieldName('arguments');
  let position = 0;
  for (const arg of list?.namedChildren ?? []) {
    if (!arg || arg.type !== 'argument') {
      continue;
    }
    const name = arg.childForFieldName('name')?.text;
    const slot = name === undefined ? position : parameters.indexOf(name);
    position++;
    const e = lastNamedChild(arg);
    if (slot >= 0 && slot < out.length && e && e.startIndex !== arg.childForFieldName('name')?.startIndex) {
      out[slot] = e;
    }
  }
  return out;
}

/** The expressions of an invocation's arguments, in order (named arguments by position). */
export function argumentExpressions(invocation: SyntaxNode): SyntaxNode[] {
  const list = invocation.childForFieldName('arguments');
  if (!list) {
    return [];
  }
  const out: SyntaxNode[] = [];
  for (const arg of list.namedChildren) {
    if (arg && arg.type === 'argument') {
      const e = lastNamedChild(arg);
      if (e) {
        out.push(e);
      }
    }
  }
  return out;
}

function typeofArgument(node: SyntaxNode | undefined): string | undefined {
  return node?.type === 'typeof_expression' ? node.childForFieldName('type')?.text : undefined;
}
