import { CodeFacts } from './codeFacts';
import { Evidence } from './dynamicsEvidence';
import { ProjectModel } from './projectModel';

/** The fields of facts that hold text offsets (evidence and record spans, method bodies). */
const OFFSET_FIELDS: ReadonlySet<string> = new Set(['start', 'end', 'body']);

/** The parts of a file's code facts that the project models read (workspaceIndex.ts, ensureModels and subclass evidence). */
function modelInputs(facts: CodeFacts): unknown[] {
  return [facts.dynamicsClients, facts.connectionLiterals ?? [], facts.tlsEnablement, facts.pluginClasses, facts.cmdletClasses, facts.classBases ?? [], facts.creationCandidates ?? []];
}

/**
 * How a keystroke moved a file's evidence: each old offset's new value, when everything the project models read from
 * the file's facts is the same but for its offsets (a keystroke before a client creation or an enabling write), or
 * undefined when anything else differs (the models are then built again). An old offset that would move to two
 * different places also gives undefined.
 */
export function movedOffsets(before: CodeFacts, after: CodeFacts): Map<number, number> | undefined {
  const moves = new Map<number, number>();
  return sameButOffsets(modelInputs(before), modelInputs(after), moves) ? moves : undefined;
}

/** samePlainData (util/plainData.ts) with offset fields free to differ, each difference recorded in `moves`. */
function sameButOffsets(a: unknown, b: unknown, moves: Map<number, number>): boolean {
  if (a === b) {
    return true;
  }
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) {
    return false;
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) {
      return false;
    }
    for (let i = 0; i < a.length; i++) {
      if (!sameButOffsets(a[i], b[i], moves)) {
        return false;
      }
    }
    return true;
  }
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  let count = 0;
  for (const k in x) {
    const from = x[k];
    if (from === undefined) {
      continue;
    }
    count++;
    const to = y[k];
    if (typeof from === 'number' && typeof to === 'number' && OFFSET_FIELDS.has(k)) {
      const known = moves.get(from);
      if (known !== undefined && known !== to) {
        return false;
      }
      moves.set(from, to);
    } else if (!sameButOffsets(from, to, moves)) {
      return false;
    }
  }
  for (const k in y) {
    count -= y[k] === undefined ? 0 : 1;
  }
  return count === 0;
}

/**
 * Moves the offsets of a file's evidence in built project models (its own, and the copies an executable inherits
 * from a referenced library), each entry replaced by a moved copy; false, with nothing changed, when an offset of
 * that file's evidence is not among `moves` (the models are then built again).
 */
export function moveModelEvidence(models: Iterable<ProjectModel>, path: string, moves: ReadonlyMap<number, number>): boolean {
  const lists: Evidence[][] = [];
  for (const model of models) {
    lists.push(model.dynamicsEvidence, model.tlsEnablement, model.pluginEvidence, model.cmdletEvidence);
  }
  for (const list of lists) {
    for (const e of list) {
      if (e.path === path && !(moves.has(e.start) && moves.has(e.end))) {
        return false;
      }
    }
  }
  for (const list of lists) {
    for (let i = 0; i < list.length; i++) {
      const e = list[i] as Evidence;
      if (e.path === path) {
        list[i] = { ...e, start: moves.get(e.start) ?? e.start, end: moves.get(e.end) ?? e.end };
      }
    }
  }
  return true;
}
