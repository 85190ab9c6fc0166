import { Severity } from '../model/finding';
import { PROTOCOL_BITS } from '../project/targetFramework';
import { EvalValue, NumberValue } from './constEval';
import { SecurityProtocolWrite } from './csharpModel';
import { TargetDefaults } from '../project/runtime';
import { ALL_PROTOCOL_BITS, DEPRECATED_BITS, POSSIBLE_DEFAULTS, formatProtocolSet, memberNames } from './protocols';

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
 * True when a write's resulting set includes Tls12 where the default lacks it (Ssl3 | Tls: ≤ 4.5.2, unknown, 4.0
 * behaviour), the only targets whose rules ask for enablement (TLS001, TLS026, TLS027); so `^= Tls12` enables there.
 */
export function enablesTls12(w: SecurityProtocolWrite): boolean {
  const values = writtenValues(w);
  return values !== undefined && values.every((v) => (resultingSet(w, v, NO_TLS12_DEFAULT) & TLS12) !== 0);
}

/**
 * What is wrong with a write: `noTls12` (the set lacks TLS 1.2, TLS020), `deprecated` (TLS 1.2 plus deprecated
 * protocols, TLS021), `pinned` (a fixed set where the defaults would do, TLS022), `systemDefault` (SystemDefault below
 * 4.7, TLS023).
 */
export type WriteProblem = 'noTls12' | 'deprecated' | 'pinned' | 'systemDefault';

/** The problem a write has on one starting set, how serious it is there, and the numbers its message needs. */
export interface WriteVerdict {
  problem: WriteProblem;
  severity: Severity;
  result: number;
  /** Deprecated members the statement writes (`deprecated`). */
  deprecated: number;
  /** The resulting set of each branch when the value is a conditional whose branches differ (messages name them all). */
  alternatives?: number[];
}

/** Judges a write against one starting set; `systemDefaultAllowed` when config sets DontEnableSystemDefaultTlsVersions=false. */
export function judgeOnDefault(w: SecurityProtocolWrite, v: NumberValue, defaultSet: number, systemDefaultAllowed: boolean): WriteVerdict | undefined {
  const result = resultingSet(w, v, defaultSet);
  const pinning = w.operator === '=' && !v.readsCurrent;
  const osDecides = defaultSet === 0;
  if (result === 0) {
    if (osDecides) {
      return undefined;
    }
    if (pinning && (v.zero & ALL_PROTOCOL_BITS) === 0) {
      return systemDefaultAllowed ? undefined : { problem: 'systemDefault', severity: 'error', result, deprecated: 0 };
    }
    return { problem: 'noTls12', severity: 'error', result, deprecated: 0 };
  }
  if ((result & TLS12) === 0) {
    return { problem: 'noTls12', severity: 'error', result, deprecated: 0 };
  }
  const deprecated = writtenBits(w, v) & result & DEPRECATED_BITS;
  if (deprecated !== 0) {
    return { problem: 'deprecated', severity: 'warning', result, deprecated };
  }
  if (pinning) {
    return { problem: 'pinned', severity: osDecides ? 'warning' : 'information', result, deprecated: 0 };
  }
  return undefined;
}

/**
 * The verdict of a write for a target; an unknown target is judged on 4.0 behaviour, at most a warning, and says so.
 * A conditional value gets a verdict only when every branch gets the same one (`flag ? Tls : Tls11` lacks TLS 1.2).
 */
export function judgeWrite(w: SecurityProtocolWrite, defaults: TargetDefaults, systemDefaultAllowed: boolean): (WriteVerdict & { targetDependent: boolean }) | undefined {
  const values = writtenValues(w);
  const verdicts = (values ?? []).map((v) => judgeValue(w, v, defaults, systemDefaultAllowed));
  const first = verdicts[0];
  if (!first || verdicts.some((v) => !v || v.problem !== first.problem || v.severity !== first.severity)) {
    return undefined;
  }
  if (verdicts.length === 1) {
    return first;
  }
  const results = [...new Set(verdicts.map((v) => v?.result ?? 0))];
  return {
    ...first,
    deprecated: verdicts.reduce((acc, v) => acc | (v?.deprecated ?? 0), 0),
    targetDependent: verdicts.some((v) => v?.targetDependent),
    ...(results.length > 1 ? { alternatives: results } : {}),
  };
}

function judgeValue(w: SecurityProtocolWrite, v: NumberValue, defaults: TargetDefaults, systemDefaultAllowed: boolean): (WriteVerdict & { targetDependent: boolean }) | undefined {
  if (defaults.family === 'modern') {
    return { problem: 'pinned', severity: 'information', result: resultingSet(w, v, 0), deprecated: 0, targetDependent: false };
  }
  const verdict = judgeOnDefault(w, v, defaults.defaultSet, systemDefaultAllowed);
  if (defaults.family === 'netfx' || !verdict) {
    return verdict ? { ...verdict, targetDependent: false } : undefined;
  }
  const all = POSSIBLE_DEFAULTS.map((d) => judgeOnDefault(w, v, d, systemDefaultAllowed)?.problem);
  const independent = all.every((r) => r === verdict.problem);
  const severity: Severity = verdict.severity === 'error' ? 'warning' : verdict.problem === 'pinned' ? 'information' : verdict.severity;
  return { ...verdict, severity, targetDependent: !independent };
}

/** The resulting set(s) of a verdict for messages: "Tls11", or "Tls or Tls11" for a conditional value. */
export function verdictSets(verdict: WriteVerdict, format: (value: number) => string): string {
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
