import { NumberValue } from './constEval';
import { CsharpRecords, SecurityProtocolWrite } from './csharpRecords';
import { ALL_PROTOCOL_BITS } from './protocols';
import { guardHolds, resultingSet, writtenValues } from './writeVerdict';

/**
 * The flow of `ServicePointManager.SecurityProtocol` through a method (docs/rules/TLS020.md, "Flow"): writes grouped into straight
 * runs, and the set before and after each write of a run, starting from the target's default or from the set an
 * earlier run of the same method left where that run's block encloses this one.
 */

/** Writes of one method in one statement list with no connection, branch, loop, return or workspace call between them. */
export type StraightRun = SecurityProtocolWrite[];

/** The straight runs of a file's writes, in text order. */
export function straightRuns(model: Pick<CsharpRecords, 'writes' | 'creations'>): StraightRun[] {
  const writes = [...model.writes].sort((a, b) => a.span.start - b.span.start);
  const runs: StraightRun[] = [];
  let current: StraightRun | undefined;
  for (const w of writes) {
    const prev = current?.[current.length - 1];
    if (current && prev && sameRun(model, prev, w)) {
      current.push(w);
    } else {
      current = [w];
      runs.push(current);
    }
  }
  return runs;
}

function sameRun(model: Pick<CsharpRecords, 'creations'>, prev: SecurityProtocolWrite, w: SecurityProtocolWrite): boolean {
  if (prev.body === undefined || prev.body !== w.body || !prev.block || !w.block || prev.block.start !== w.block.start || !w.straight || prev.span.start < w.straight.start) {
    return false;
  }
  // A client created between the two writes connects with the set the first one left.
  return !model.creations.some((c) => c.body === w.body && c.span.start >= prev.span.end && c.span.end <= w.span.start);
}

/** One way the values of a run's writes may come out (a conditional value gives several); undefined: not folded. */
type World = (NumberValue | undefined)[];

/** The set before and after each write of a run in one world, and whether a guarded write ran (undefined: unknown). */
export interface RunTrace {
  values: World;
  before: (number | undefined)[];
  after: (number | undefined)[];
  ran: boolean[];
}

const MAX_WORLDS = 16;

/** Every combination of the run's written values, at most MAX_WORLDS (past it a conditional value counts as unknown). */
export function worldsOf(run: StraightRun): World[] {
  const options = run.map((w) => writtenValues(w) ?? [undefined]);
  const count = options.reduce((n, o) => n * o.length, 1);
  const choices = count > MAX_WORLDS ? options.map((o) => (o.length > 1 ? [undefined] : o)) : options;
  let worlds: World[] = [[]];
  for (const o of choices) {
    worlds = worlds.flatMap((world) => o.map((v) => [...world, v]));
  }
  return worlds;
}

/** A pin: `=` of a value that does not read the current set (it replaces the set whatever it held). */
export function isPin(w: SecurityProtocolWrite, v: NumberValue | undefined): boolean {
  return w.operator === '=' && v !== undefined && !v.readsCurrent;
}

/**
 * An additive write only adds protocols: `|=`, `x = x | v` (the current value read on the right), and `^=` / `x ^ v`
 * under a guard that the bits are not set.
 */
export function isAdditive(w: SecurityProtocolWrite, v: NumberValue | undefined): boolean {
  if (!v) {
    return false;
  }
  if (w.operator === '|=' || (w.operator === '=' && v.readsCurrent && (v.full & ALL_PROTOCOL_BITS) === ALL_PROTOCOL_BITS)) {
    return true;
  }
  const toggles = w.operator === '^=' || (w.operator === '=' && v.readsCurrent && (v.zero & ALL_PROTOCOL_BITS) === (~v.full & ALL_PROTOCOL_BITS));
  return toggles && w.guard !== undefined && (w.guard.test === 'notAll' || w.guard.test === 'none');
}

/** Runs a run's writes in one world from `start` (undefined: the set before the run is not known). */
export function traceRun(run: StraightRun, values: World, start: number | undefined): RunTrace {
  const trace: RunTrace = { values, before: [], after: [], ran: [] };
  let state = start;
  run.forEach((w, i) => {
    const v = values[i];
    trace.before.push(state);
    let ran = true;
    if (!v) {
      state = undefined;
    } else if (isPin(w, v)) {
      state = resultingSet(w, v, 0);
    } else if (state === undefined) {
      ran = w.guard === undefined;
    } else if (w.guard && !guardHolds(w.guard, state)) {
      ran = false;
    } else {
      state = resultingSet(w, v, state);
    }
    trace.ran.push(ran);
    trace.after.push(state);
  });
  return trace;
}

/**
 * Traces every run of a file from the target's default: a run starts from the default, or — where the previous run of
 * the same method ends in a block that encloses it — from the set that run left (unknown when its worlds disagree).
 */
export function traceRuns(runs: readonly StraightRun[], defaultSet: number): Map<StraightRun, RunTrace[]> {
  const out = new Map<StraightRun, RunTrace[]>();
  const lastOfBody = new Map<number, StraightRun>();
  for (const run of runs) {
    const first = run[0];
    const body = first?.body;
    const prev = body === undefined ? undefined : lastOfBody.get(body);
    const last = prev?.[prev.length - 1];
    let start: number | undefined = defaultSet;
    if (first && prev && last) {
      // Where the previous write sits in a branch this run is not inside, either set may arrive: unknown.
      const encloses = last.block !== undefined && last.block.start <= first.span.start && first.span.end <= last.block.end;
      const ends = (out.get(prev) ?? []).map((t) => t.after[t.after.length - 1]);
      start = encloses && ends.every((e) => e === ends[0]) ? ends[0] : undefined;
    }
    out.set(run, worldsOf(run).map((world) => traceRun(run, world, start)));
    if (body !== undefined) {
      lastOfBody.set(body, run);
    }
  }
  return out;
}
