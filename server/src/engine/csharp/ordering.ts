import { ClientCreation, CsharpRecords, SecurityProtocolWrite, Span, SwitchCall } from './csharpModel';
import { enablesTls12 } from './writeVerdict';

/** The switch whose `false` value turns strong crypto, and so TLS 1.2 by default, on (docs/facts.md#appcontext-switches). */
export const ENABLING_SWITCH = 'Switch.System.Net.DontEnableSchUseStrongCrypto';

/** A statement that enables TLS 1.2: a `SecurityProtocol` write keeping Tls12, or `SetSwitch(ENABLING_SWITCH, false)`. */
export interface Enabling {
  kind: 'write' | 'switch';
  span: Span;
  statement: Span | undefined;
  body: number | undefined;
}

/** A TLS 1.2 enablement that runs after a Dynamics client was created in the same body (TLS026). */
export interface LateWrite {
  write: Enabling;
  creation: ClientCreation;
}

const firstsCache = new WeakMap<CsharpRecords, Map<number, ClientCreation>>();

/** The first client creation of each body (method, lambda, top-level statements), computed once per model. */
function firstCreationByBody(model: CsharpRecords): Map<number, ClientCreation> {
  const cached = firstsCache.get(model);
  if (cached) {
    return cached;
  }
  const out = new Map<number, ClientCreation>();
  firstsCache.set(model, out);
  for (const c of model.creations) {
    if (c.body === undefined) {
      continue;
    }
    const first = out.get(c.body);
    if (!first || c.span.start < first.span.start) {
      out.set(c.body, c);
    }
  }
  return out;
}

/** True for `AppContext.SetSwitch("Switch.System.Net.DontEnableSchUseStrongCrypto", false)` (constant-folded, spelt exactly). */
export function isEnablingSwitch(s: SwitchCall): boolean {
  return s.name.kind === 'string' && s.name.value === ENABLING_SWITCH && s.value.kind === 'bool' && !s.value.value;
}

/** Every statement of the file that enables TLS 1.2, in text order. */
function enablings(model: CsharpRecords): Enabling[] {
  const out: Enabling[] = [];
  for (const w of model.writes) {
    if (enablesTls12(w)) {
      out.push({ kind: 'write', span: w.span, statement: w.statement, body: w.body });
    }
  }
  for (const s of model.switches) {
    if (isEnablingSwitch(s)) {
      out.push({ kind: 'switch', span: s.span, statement: s.statement, body: s.body });
    }
  }
  return out.sort((a, b) => a.span.start - b.span.start);
}

/**
 * Enablements that run only after the first client of their body was created, when no enablement in that body
 * comes before the creation: the ServicePointManager defaults were already used for that connection.
 */
export function lateWrites(model: CsharpRecords): LateWrite[] {
  const firsts = firstCreationByBody(model);
  const firstOf = (e: Enabling): ClientCreation | undefined => (e.body === undefined ? undefined : firsts.get(e.body));
  const enabling = enablings(model).filter((e) => firstOf(e) !== undefined);
  const early = new Set(enabling.filter((e) => e.span.end <= (firstOf(e)?.span.start ?? 0)).map((e) => e.body));
  const out: LateWrite[] = [];
  for (const e of enabling) {
    const creation = firstOf(e);
    if (creation && !early.has(e.body) && e.span.start >= creation.span.end) {
      out.push({ write: e, creation });
    }
  }
  return out;
}

/** True when an enablement runs before any client creation of its body (what counts as project enablement). */
function isTimely(model: CsharpRecords, body: number | undefined, span: Span): boolean {
  const first = body === undefined ? undefined : firstCreationByBody(model).get(body);
  return !first || span.end <= first.span.start;
}

/** True when a write enables TLS 1.2 before any client creation of its body. */
export function isTimelyEnablement(model: CsharpRecords, w: SecurityProtocolWrite): boolean {
  return enablesTls12(w) && isTimely(model, w.body, w.span);
}

/** True when a SetSwitch call enables TLS 1.2 before any client creation of its body. */
export function isTimelySwitch(model: CsharpRecords, s: SwitchCall): boolean {
  return isEnablingSwitch(s) && isTimely(model, s.body, s.span);
}

/**
 * Creations in a body that enables TLS 1.2 only after its first creation: TLS026 speaks for those before the late
 * statement, and those after it run with TLS 1.2 — none of them is TLS027's (one cause, one finding).
 */
export function creationsWithLateEnablement(model: CsharpRecords): ClientCreation[] {
  const bodies = new Set(lateWrites(model).map((l) => l.write.body));
  return model.creations.filter((c) => c.body !== undefined && bodies.has(c.body));
}
