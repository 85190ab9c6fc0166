import { ClientCreation, CsharpModel, SecurityProtocolWrite } from './csharpModel';
import { enablesTls12 } from './writeVerdict';

/** A TLS 1.2 write that runs after a Dynamics client was created in the same body (TLS026). */
export interface LateWrite {
  write: SecurityProtocolWrite;
  creation: ClientCreation;
}

/** The first client creation of each body (method, lambda, top-level statements). */
function firstCreationByBody(model: CsharpModel): Map<number, ClientCreation> {
  const out = new Map<number, ClientCreation>();
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
  const out: LateWrite[] = [];
  for (const [body, creation] of firsts) {
    const enabling = model.writes.filter((w) => w.body === body && enablesTls12(w));
    if (enabling.some((w) => w.span.end <= creation.span.start)) {
      continue;
    }
    for (const w of enabling) {
      if (w.span.start >= creation.span.end) {
        out.push({ write: w, creation });
      }
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
