import { ClientCreation, CsharpModel, SecurityProtocolWrite } from './csharpModel';
import { enablesTls12 } from './writeVerdict';

/** A TLS 1.2 write that runs after a Dynamics client was created in the same body (TLS026). */
export interface LateWrite {
  write: SecurityProtocolWrite;
  creation: ClientCreation;
}

const firstsCache = new WeakMap<CsharpModel, Map<number, ClientCreation>>();

/** The first client creation of each body (method, lambda, top-level statements), computed once per model. */
function firstCreationByBody(model: CsharpModel): Map<number, ClientCreation> {
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

/**
 * Writes that enable TLS 1.2 only after the first client of their body was created, when no enabling write in that
 * body comes before the creation: the ServicePointManager defaults were already used for that connection.
 */
export function lateWrites(model: CsharpModel): LateWrite[] {
  const firsts = firstCreationByBody(model);
  const firstOf = (w: SecurityProtocolWrite): ClientCreation | undefined => (w.body === undefined ? undefined : firsts.get(w.body));
  const enabling = model.writes.filter((w) => firstOf(w) !== undefined && enablesTls12(w));
  const early = new Set(enabling.filter((w) => w.span.end <= (firstOf(w)?.span.start ?? 0)).map((w) => w.body));
  const out: LateWrite[] = [];
  for (const w of enabling) {
    const creation = firstOf(w);
    if (creation && !early.has(w.body) && w.span.start >= creation.span.end) {
      out.push({ write: w, creation });
    }
  }
  return out;
}

/** True when a write enables TLS 1.2 before any client creation of its body (what counts as enablement). */
export function isTimelyEnablement(model: CsharpModel, w: SecurityProtocolWrite): boolean {
  if (!enablesTls12(w)) {
    return false;
  }
  const first = w.body === undefined ? undefined : firstCreationByBody(model).get(w.body);
  return !first || w.span.end <= first.span.start;
}
