import { TargetDefaults } from '../project/runtime';
import { PROTOCOL_BITS } from '../project/targetFramework';
import { CsharpRecords, SecurityProtocolWrite } from './csharpRecords';
import { DEPRECATED_BITS, POSSIBLE_DEFAULTS } from './protocols';
import { RunTrace, StraightRun, isAdditive, isPin, straightRuns, traceRuns } from './writeFlow';
import { writtenBits } from './writeVerdict';
import { BoundedMemo, bodyGroups } from './bodyGroups';

const TLS12 = PROTOCOL_BITS.Tls12;

/**
 * What is wrong with a straight run, and at which of its writes: `noTls12` (the set it leaves lacks TLS 1.2, TLS020),
 * `deprecated` (TLS 1.2 plus deprecated members the statement writes, TLS021), `pinned` (a fixed set where the
 * defaults would do, TLS022), `systemDefault` (SystemDefault below 4.7, TLS023).
 */
export type WriteProblem = 'noTls12' | 'deprecated' | 'pinned' | 'systemDefault';

/** The family of the runtime a write is judged on: a known .NET Framework, modern .NET (net5+), or unknown. */
export type WriteFamily = 'netfx' | 'modern' | 'unknown';

/** One world a write runs in (a branch of a conditional value): the set its run leaves, and whether the write only added to it. */
export interface WriteWorld {
  result: number;
  additive: boolean;
}

/**
 * The verdict on one write: its problem and the facts its rule words and rates it by (how serious a problem is,
 * the rule that owns it decides: rules/tls020.ts–tls023.ts).
 */
export interface WriteVerdict {
  problem: WriteProblem;
  /** The runtime family the write was judged on (an unknown target on 4.0 behaviour). */
  family: WriteFamily;
  /** True when SystemDefault (0) lets the OS choose there (≥ 4.7, modern .NET). */
  osDecides: boolean;
  /** Every world the write was judged in, for the rule's severity (a conditional value is as serious as its worst branch). */
  worlds: WriteWorld[];
  /** The set the write's straight run leaves. */
  result: number;
  /** Deprecated members the statement writes that remain in the set (`deprecated`). */
  deprecated: number;
  /** The resulting set of each branch when a conditional value gives different ones (messages name them all). */
  alternatives?: number[];
  /** The write's straight run, in text order (fixes that remove a run remove all of it). */
  run: StraightRun;
  /** The run's pin when it is another write than the judged one (messages name it). */
  pin: SecurityProtocolWrite | undefined;
  /** `pinned`: TLS 1.2 is pinned by an additive write on SystemDefault (`|= Tls12` on ≥ 4.7), not by `=`. */
  additive: boolean;
  /** True when the verdict differs between the targets an unknown target may be. */
  targetDependent: boolean;
}

/** The part of a verdict its rule rates it by: what the code facts keep per default band (csharp/targetSensitivity.ts). */
export type RatedVerdict = Pick<WriteVerdict, 'problem' | 'family' | 'osDecides' | 'worlds' | 'targetDependent'>;

/** How a file's writes are judged: the default each method starts from, and what 0 means there. */
interface Setting {
  defaultSet: number;
  /** SystemDefault (0) lets the OS choose, which offers TLS 1.2 (≥ 4.7, modern .NET). */
  osDecides: boolean;
  family: WriteFamily;
  systemDefaultAllowed: boolean;
}

interface Raw {
  problem: WriteProblem;
  result: number;
  deprecated: number;
  additive: boolean;
}

/**
 * Judges every SecurityProtocol write of a file by the flow (docs/rules/TLS020.md, "Flow"): each straight run is judged once by
 * the set it leaves, and the finding sits on the write that caused it. An unknown target is judged on 4.0 behaviour;
 * a verdict that differs on another possible default is target-dependent (capped by the levels, and said).
 */
export function judgeWrites(model: Pick<CsharpRecords, 'writes' | 'creations'>, defaults: TargetDefaults, systemDefaultAllowed: boolean): Map<SecurityProtocolWrite, WriteVerdict> {
  const setting = `${defaults.family}:${defaults.defaultSet}:${systemDefaultAllowed}`;
  let memo = verdictMemos.get(setting);
  if (!memo) {
    memo = new BoundedMemo(20_000);
    verdictMemos.set(setting, memo);
  }
  const out = new Map<SecurityProtocolWrite, WriteVerdict>();
  for (const group of bodyGroups(model)) {
    let kept = memo.get(group.key);
    if (!kept) {
      kept = keptVerdicts(group.writes, judgeBodyWrites(group, defaults, systemDefaultAllowed));
      memo.set(group.key, kept);
    }
    kept.forEach((v, i) => {
      const w = group.writes[i];
      if (v && w) {
        out.set(w, { ...v.verdict, run: v.run.map((j) => group.writes[j] as SecurityProtocolWrite), pin: v.pin === undefined ? undefined : group.writes[v.pin] });
      }
    });
  }
  return out;
}

/** A verdict kept per body: its run and pin as indexes into the body's writes (the records move, their order does not). */
interface KeptVerdict {
  verdict: Omit<WriteVerdict, 'run' | 'pin'>;
  run: number[];
  pin: number | undefined;
}

/**
 * Verdicts per setting (family, default set, SystemDefault allowed; a handful) and body, by the body's records relative
 * to its start (bodyGroups.ts): the group's own key is looked up as it is, never joined to another string first.
 */
const verdictMemos = new Map<string, BoundedMemo<(KeptVerdict | undefined)[]>>();

function keptVerdicts(writes: readonly SecurityProtocolWrite[], verdicts: Map<SecurityProtocolWrite, WriteVerdict>): (KeptVerdict | undefined)[] {
  const index = new Map(writes.map((w, i) => [w, i]));
  return writes.map((w) => {
    const v = verdicts.get(w);
    if (!v) {
      return undefined;
    }
    const { run, pin, ...verdict } = v;
    return { verdict, run: run.map((x) => index.get(x) ?? -1), pin: pin === undefined ? undefined : index.get(pin) };
  });
}

/** Judges the writes of one body (the flow never crosses bodies). */
function judgeBodyWrites(model: Pick<CsharpRecords, 'writes' | 'creations'>, defaults: TargetDefaults, systemDefaultAllowed: boolean): Map<SecurityProtocolWrite, WriteVerdict> {
  const runs = straightRuns(model);
  const family: WriteFamily = defaults.family;
  const setting: Setting =
    family === 'modern'
      ? { defaultSet: 0, osDecides: true, family, systemDefaultAllowed }
      : { defaultSet: defaults.defaultSet, osDecides: family === 'netfx' && defaults.defaultSet === 0, family, systemDefaultAllowed };
  const raw = judgeAll(runs, setting);
  const others = family === 'unknown' ? POSSIBLE_DEFAULTS.map((d) => judgeAll(runs, { defaultSet: d, osDecides: d === 0, family: 'netfx', systemDefaultAllowed })) : [];
  const out = new Map<SecurityProtocolWrite, WriteVerdict>();
  for (const [w, { verdicts, run, pin }] of raw) {
    const first = verdicts[0];
    if (!first) {
      continue;
    }
    const dependent = others.some((o) => o.get(w)?.verdicts[0]?.problem !== first.problem);
    const results = [...new Set(verdicts.map((r) => r.result))];
    out.set(w, {
      problem: first.problem,
      family: setting.family,
      osDecides: setting.osDecides,
      worlds: verdicts.map((r) => ({ result: r.result, additive: r.additive })),
      result: first.result,
      deprecated: verdicts.reduce((acc, r) => acc | r.deprecated, 0),
      ...(results.length > 1 ? { alternatives: results } : {}),
      run,
      pin: pin === w ? undefined : pin,
      additive: verdicts.every((r) => r.additive),
      targetDependent: dependent,
    });
  }
  return out;
}

/** The verdicts of each judged write across the worlds of its run (only where every world gives the same problem). */
function judgeAll(runs: readonly StraightRun[], s: Setting): Map<SecurityProtocolWrite, { verdicts: Raw[]; run: StraightRun; pin: SecurityProtocolWrite | undefined }> {
  const out = new Map<SecurityProtocolWrite, { verdicts: Raw[]; run: StraightRun; pin: SecurityProtocolWrite | undefined }>();
  for (const [run, traces] of traceRuns(runs, s.defaultSet)) {
    const perWorld = traces.map((t) => judgeTrace(run, t, s));
    const pinIndex = lastPin(run, traces[0]);
    run.forEach((w, i) => {
      const verdicts = perWorld.map((v) => v[i]);
      const first = verdicts[0];
      if (first && verdicts.every((v) => v?.problem === first.problem)) {
        out.set(w, { verdicts: verdicts as Raw[], run, pin: pinIndex >= 0 ? run[pinIndex] : undefined });
      }
    });
  }
  return out;
}

function lastPin(run: StraightRun, t: RunTrace | undefined): number {
  let last = -1;
  run.forEach((w, i) => {
    if (t && isPin(w, t.values[i])) {
      last = i;
    }
  });
  return last;
}

/** The verdict on each write of a run in one world (undefined: nothing to say about that write). */
function judgeTrace(run: StraightRun, t: RunTrace, s: Setting): (Raw | undefined)[] {
  const out: (Raw | undefined)[] = run.map(() => undefined);
  const final = t.after[run.length - 1];
  if (final === undefined || (final === 0 && s.osDecides)) {
    return out;
  }
  const pin = lastPin(run, t);
  // Writes before the last pin never reach anything: the pin replaced what they wrote.
  const live = Math.max(pin, 0);
  const offers = (set: number | undefined): boolean => set !== undefined && (set === 0 ? s.osDecides : (set & TLS12) !== 0);
  const verdict = (problem: WriteProblem, deprecated = 0, additive = false): Raw => ({ problem, result: final, deprecated, additive });
  if (!offers(final)) {
    if (final === 0 && pin >= 0 && t.after[pin] === 0) {
      out[pin] = s.systemDefaultAllowed ? undefined : verdict('systemDefault');
      return out;
    }
    // The write that lost TLS 1.2; an additive write never did where the set before it had none (the target's cause).
    for (let i = live; i < run.length; i++) {
      const w = run[i] as SecurityProtocolWrite;
      if (t.ran[i] && !offers(t.after[i]) && !(isAdditive(w, t.values[i]) && !offers(t.before[i]))) {
        out[i] = verdict('noTls12');
        break;
      }
    }
    return out;
  }
  const firstChange = (): number => run.findIndex((_, i) => t.ran[i] && t.after[i] !== 0 && t.after[i] !== t.before[i]);
  if (s.family === 'modern') {
    const at = pin >= 0 ? pin : firstChange();
    if (at >= 0) {
      out[at] = verdict('pinned', 0, pin < 0);
    }
    return out;
  }
  let blamed = false;
  for (let i = live; i < run.length; i++) {
    const v = t.values[i];
    const deprecated = v && t.ran[i] ? writtenBits(run[i] as SecurityProtocolWrite, v) & final & DEPRECATED_BITS : 0;
    if (deprecated !== 0) {
      // On ≥ 4.7 the run is one TLS021 (its fix removes the whole run); below 4.7 each statement drops its own members.
      out[i] = s.osDecides && blamed ? undefined : verdict('deprecated', deprecated);
      blamed = true;
    }
  }
  if (blamed) {
    return out;
  }
  if (pin >= 0) {
    out[pin] = verdict('pinned');
  } else if (s.osDecides && t.before[0] === 0) {
    const at = firstChange();
    if (at >= 0) {
      out[at] = verdict('pinned', 0, true);
    }
  }
  return out;
}
