import { PROTOCOL_BITS } from '../project/targetFramework';
import { EvalValue, NumberValue } from './constEval';
import { ProtocolGuard, SecurityProtocolWrite } from './csharpRecords';
import { ALL_PROTOCOL_BITS, DEPRECATED_BITS, formatProtocolSet, memberNames } from './protocols';

const TLS12 = PROTOCOL_BITS.Tls12;
/** The ServicePointManager default of targets up to 4.5.2 (and of 4.0 behaviour). */
const NO_TLS12_DEFAULT = PROTOCOL_BITS.Ssl3 | PROTOCOL_BITS.Tls;

/** The value a rule judges: the written number (undefined when the evaluator could not fold it). */
export function writtenNumber(w: SecurityProtocolWrite): NumberValue | undefined {
  return w.value.kind === 'number' ? w.value : undefined;
}

const MAX_BRANCHES = 16;

/**
 * The values a write may store: its folded value, or each branch of a conditional whose condition is not constant
 * (`flag ? Tls : Tls11`); undefined when one of them cannot be folded.
 */
export function writtenValues(w: SecurityProtocolWrite): NumberValue[] | undefined {
  const out: NumberValue[] = [];
  const collect = (v: EvalValue): boolean =>
    v.kind === 'number' ? out.push(v) <= MAX_BRANCHES : v.kind === 'unknown' && v.branches !== undefined && v.branches.every(collect);
  return collect(w.value) ? out : undefined;
}

/** The set `ServicePointManager.SecurityProtocol` holds after a write, given the default it starts from. */
export function resultingSet(w: SecurityProtocolWrite, v: NumberValue, defaultSet: number): number {
  const rhs = (v.full & defaultSet) | (v.zero & ~defaultSet);
  const result = w.operator === '|=' ? defaultSet | rhs : w.operator === '&=' ? defaultSet & rhs : w.operator === '^=' ? defaultSet ^ rhs : rhs;
  return result & ALL_PROTOCOL_BITS;
}

/** The bits the statement itself writes (the result with an empty starting set): the deprecated ones it may be blamed for. */
export function writtenBits(w: SecurityProtocolWrite, v: NumberValue): number {
  return resultingSet(w, v, 0);
}

/**
 * What TLS021's fix below 4.7 writes instead (docs/rules/TLS021.md#the-fix): the members the statement writes without the
 * deprecated ones (0: nothing is left, the statement goes), or undefined when the value cannot be rewritten (it reads
 * the current set, is not folded, is a deconstruction, or the operator is neither `=` nor `|=`).
 */
export function withoutDeprecated(w: SecurityProtocolWrite): number | undefined {
  const v = writtenNumber(w);
  if (!v || v.readsCurrent || w.deconstruction || (w.operator !== '=' && w.operator !== '|=')) {
    return undefined;
  }
  return writtenBits(w, v) & ~DEPRECATED_BITS;
}

/**
 * True when a write's resulting set includes Tls12 where the default lacks it (Ssl3 | Tls: ≤ 4.5.2, unknown, 4.0
 * behaviour), the only targets whose rules ask for enablement (TLS001, TLS026, TLS027); so `^= Tls12` enables there.
 */
export function enablesTls12(w: SecurityProtocolWrite): boolean {
  const values = writtenValues(w);
  const runs = !w.guard || guardHolds(w.guard, NO_TLS12_DEFAULT);
  return runs && values !== undefined && values.every((v) => (resultingSet(w, v, NO_TLS12_DEFAULT) & TLS12) !== 0);
}

/** True when the current set passes a guard (`!HasFlag(Tls12)` passes a set without Tls12). */
export function guardHolds(guard: ProtocolGuard, set: number): boolean {
  const held = set & guard.bits;
  switch (guard.test) {
    case 'all':
      return held === guard.bits;
    case 'notAll':
      return held !== guard.bits;
    case 'any':
      return held !== 0;
    default:
      return held === 0;
  }
}

/** The resulting set(s) of a verdict for messages: "Tls11", or "Tls or Tls11" for a conditional value. */
export function verdictSets(verdict: { result: number; alternatives?: number[] }, format: (value: number) => string): string {
  return (verdict.alternatives ?? [verdict.result]).map(format).join(' or ');
}

/** "Tls | Tls11 (no TLS 1.2)" for messages. */
export function describeSet(value: number): string {
  return value === 0 ? 'SystemDefault' : `${formatProtocolSet(value)}${(value & TLS12) === 0 ? ' (no TLS 1.2)' : ''}`;
}

/** "Tls11" / "Ssl3 and Tls" for messages. */
export function listMembers(value: number): string {
  const names = memberNames(value);
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}
