import { SyntaxNode } from '../parsing/parserPort';
import { namedChildrenOf, walk } from '../parsing/walk';
import { core, isSecurityProtocolProperty, staticMember, stringValue, typeIs, typeLiteralName, variableName } from './psSyntax';

/** `SecurityProtocolType` members and their values (docs/facts.md#protocol-values). */
export const PROTOCOL_BITS: Readonly<Record<string, number>> = { systemdefault: 0, ssl3: 48, tls: 192, tls11: 768, tls12: 3072, tls13: 12288 };
/** TLS 1.2's bit. */
export const TLS12 = 3072;
/** Ssl3 | Tls | Tls11: the members Dynamics 365 online refuses. */
export const DEPRECATED = 48 | 192 | 768;
/** Windows PowerShell 5.1's default set (Ssl3 | Tls): the base of `-bor` and `+=` on the current value. */
export const WINDOWS_POWERSHELL_DEFAULT = 48 | 192;

/** The value of a protocol expression: the set it produces and the deprecated members it writes itself. */
export interface ProtocolValue {
  /** The resulting set, given the current value. */
  set: number;
  /** The value with the current value taken as empty: what the statement itself writes. */
  written: number;
  /** True when the expression reads the current `SecurityProtocol` (`… -bor`, masks). */
  readsCurrent: boolean;
}

/** Resolves `$name` to the node of its single assignment in the script, if any. */
export type VariableResolver = (name: string) => SyntaxNode | undefined;

/** Display names of a set (`Tls, Tls12`), for messages. */
export function protocolNames(set: number): string {
  if (set === 0) {
    return 'SystemDefault';
  }
  const names = [['Ssl3', 48], ['Tls', 192], ['Tls11', 768], ['Tls12', 3072], ['Tls13', 12288]] as const;
  return names.filter(([, bit]) => (set & bit) !== 0).map(([n]) => n).join(', ');
}

/** Parses `'Tls11, Tls12'` (enum names, comma-separated) or a number written as a string. */
function parseNames(text: string): number | undefined {
  const parts = text.split(',').map((p) => p.trim().toLowerCase()).filter((p) => p.length > 0);
  if (parts.length === 0) {
    return undefined;
  }
  let set = 0;
  for (const p of parts) {
    const bit = PROTOCOL_BITS[p];
    if (bit !== undefined) {
      set |= bit;
    } else if (/^\d+$/.test(p)) {
      set |= Number(p);
    } else if (/^0x[0-9a-f]+$/.test(p)) {
      set |= Number.parseInt(p.slice(2), 16);
    } else {
      return undefined;
    }
  }
  return set;
}

function integerValue(node: SyntaxNode): number | undefined {
  const text = node.text.trim().toLowerCase();
  if (/^0x[0-9a-f]+$/.test(text)) {
    return Number.parseInt(text.slice(2), 16);
  }
  if (/^\d+$/.test(text)) {
    return Number(text);
  }
  return undefined;
}

interface Pair {
  set: number;
  written: number;
  readsCurrent: boolean;
}

function lift(v: number): Pair {
  return { set: v, written: v, readsCurrent: false };
}

/** Evaluates a protocol expression; `current` is the set before the statement. Undefined when not a constant set. */
export function evaluateProtocols(node: SyntaxNode, current: number, resolve: VariableResolver, depth = 0): ProtocolValue | undefined {
  return evaluate(node, current, resolve, depth);
}

function evaluate(node: SyntaxNode, current: number, resolve: VariableResolver, depth: number): Pair | undefined {
  if (depth > 40) {
    return undefined;
  }
  const n = core(node);
  const kids = n.children.filter((c): c is SyntaxNode => c !== null);
  switch (n.type) {
    case 'integer_literal':
    case 'decimal_integer_literal':
    case 'hexadecimal_integer_literal':
      return wrapNumber(integerValue(n));
    case 'string_literal':
    case 'verbatim_string_characters':
    case 'expandable_string_literal':
    case 'generic_token': {
      const s = stringValue(n);
      return s === undefined ? undefined : wrapNumber(parseNames(s));
    }
    case 'parenthesized_expression': {
      const inner = namedChildrenOf(n)[0];
      return inner ? evaluate(inner, current, resolve, depth + 1) : undefined;
    }
    case 'member_access': {
      if (isSecurityProtocolProperty(n)) {
        return { set: current, written: 0, readsCurrent: true };
      }
      const m = staticMember(n);
      if (m && typeIs(m.type, 'SecurityProtocolType')) {
        return wrapNumber(PROTOCOL_BITS[m.member.toLowerCase()]);
      }
      return undefined;
    }
    case 'invokation_expression':
      return enumParse(n);
    case 'cast_expression': {
      const type = typeLiteralName(kids[0] ?? n);
      const operand = kids[1];
      if (!operand || !(typeIs(type, 'SecurityProtocolType') || /^(int|int32|long|uint32)$/i.test(type ?? ''))) {
        return undefined;
      }
      return evaluate(operand, current, resolve, depth + 1);
    }
    case 'expression_with_unary_operator': {
      if (kids.length === 1 && kids[0]) {
        return evaluate(kids[0], current, resolve, depth + 1);
      }
      const op = kids[0]?.text.toLowerCase();
      const operand = kids[1];
      if (!operand) {
        return undefined;
      }
      const v = evaluate(operand, current, resolve, depth + 1);
      if (!v) {
        return undefined;
      }
      if (op === '-bnot') {
        return { set: ~v.set, written: ~v.written, readsCurrent: v.readsCurrent };
      }
      if (op === ',' || op === '+') {
        return v;
      }
      return undefined;
    }
    case 'bitwise_expression':
    case 'additive_expression':
    case 'array_literal_expression':
      return binary(kids, current, resolve, depth);
    case 'variable': {
      const name = variableName(n);
      const def = name ? resolve(name) : undefined;
      return def ? evaluate(def, current, resolve, depth + 1) : undefined;
    }
    default:
      return undefined;
  }
}

function wrapNumber(v: number | undefined): Pair | undefined {
  return v === undefined ? undefined : lift(v);
}

function binary(kids: SyntaxNode[], current: number, resolve: VariableResolver, depth: number): Pair | undefined {
  let acc: Pair | undefined;
  let op = '';
  for (const k of kids) {
    if (!k.isNamed) {
      op = k.text.toLowerCase();
      continue;
    }
    const v = evaluate(k, current, resolve, depth + 1);
    if (!v) {
      return undefined;
    }
    if (!acc) {
      acc = v;
      continue;
    }
    const readsCurrent = acc.readsCurrent || v.readsCurrent;
    switch (op) {
      case '-bor':
      case '+':
      case ',':
        acc = { set: acc.set | v.set, written: acc.written | v.written, readsCurrent };
        break;
      case '-band':
        acc = { set: acc.set & v.set, written: acc.written & v.written, readsCurrent };
        break;
      case '-bxor':
        acc = { set: acc.set ^ v.set, written: acc.written ^ v.written, readsCurrent };
        break;
      case '-':
        acc = { set: acc.set & ~v.set, written: acc.written & ~v.written, readsCurrent };
        break;
      default:
        return undefined;
    }
  }
  return acc;
}

/** `[enum]::Parse([Net.SecurityProtocolType], 'Tls11, Tls12')` and `[enum]::ToObject([Net.SecurityProtocolType], 3072)`. */
function enumParse(n: SyntaxNode): Pair | undefined {
  const m = staticMember(n);
  if (!m || !typeIs(m.type, 'Enum') || !/^(parse|toobject)$/i.test(m.member)) {
    return undefined;
  }
  const args = n.children.find((c) => c?.type === 'argument_list');
  if (!args || !/SecurityProtocolType/i.test(args.text)) {
    return undefined;
  }
  let value: number | undefined;
  walk(args, (c) => {
    if (value !== undefined) {
      return false;
    }
    if (c.type === 'string_literal') {
      const s = stringValue(c);
      value = s === undefined ? undefined : parseNames(s);
      return false;
    }
    if (c.type === 'integer_literal') {
      value = integerValue(c);
      return false;
    }
    return true;
  });
  return wrapNumber(value);
}

/**
 * True when a condition tests the current protocol for Tls12 (the idempotent guard `if (-not (… -band …Tls12))`), on
 * the property itself or on a variable that holds it (`$current.HasFlag(…Tls12)`, docs/rules/TLS030.md, "Flow").
 */
export function isTls12Guard(condition: SyntaxNode, resolve: VariableResolver = () => undefined): boolean {
  let readsCurrent = false;
  let mentionsTls12 = false;
  walk(condition, (c) => {
    if (isSecurityProtocolProperty(c)) {
      readsCurrent = true;
      return false;
    }
    if (c.type === 'variable') {
      const name = variableName(c);
      const def = name === undefined ? undefined : resolve(name);
      readsCurrent ||= def !== undefined && isSecurityProtocolProperty(core(def));
      return false;
    }
    if (c.children.length === 0 && /tls12|3072|0xc00/i.test(c.text)) {
      mentionsTls12 = true;
    }
    return true;
  });
  return readsCurrent && mentionsTls12 && /-band|-notmatch|-match|-notcontains|-contains|-eq|-ne|-lt|HasFlag/i.test(condition.text);
}

/**
 * True when a condition selects Windows PowerShell (`$PSVersionTable.PSVersion.Major -lt 6`, `$PSVersionTable.PSEdition
 * -eq 'Desktop'`): a TLS line inside runs wherever ServicePointManager matters (PowerShell 6+ ignores it for web cmdlets,
 * and the CrmConnector module loads only in Windows PowerShell), so it counts like the idempotent guard.
 */
export function isWindowsPowerShellGuard(condition: SyntaxNode): boolean {
  const t = condition.text.replace(/\s+/g, ' ');
  const major = /\$PSVersionTable\.PSVersion\.Major -(lt|le) (\d+)/i.exec(t);
  if (major && !/-or|-and|-not|!/i.test(t)) {
    const n = Number(major[2]);
    return major[1]?.toLowerCase() === 'lt' ? n <= 6 && n >= 5 : n === 5;
  }
  return /^\(?\s*\$PSVersionTable\.PSEdition -(eq 'Desktop'|eq "Desktop"|ne 'Core'|ne "Core")\s*\)?$/i.test(t.trim());
}
