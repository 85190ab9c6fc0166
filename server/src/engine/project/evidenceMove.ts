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
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((v, i) => sameButOffsets(v, b[i], moves));
  }
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  const keys = Object.keys(x).filter((k) => x[k] !== undefined);
  if (keys.length !== Object.keys(y).filter((k) => y[k] !== undefined).length) {
    return false;
  }
  return keys.every((k) => {
    const from = x[k];
    const to = y[k];
    if (OFFSET_FIELDS.has(k) && typeof from === 'number' && typeof to === 'number') {
      const known = moves.get(from);
      moves.set(from, to);
      return known === undefined || known === to;
    }
    return sameButOffsets(from, to, moves);
  });
}

/** The evidence lists of a project model that code facts feed. */
function evidenceLists(model: ProjectModel): Evidence[][] {
  return [model.dynamicsEvidence, model.tlsEnablement, model.pluginEvidence, model.cmdletEvidence];
}

/**
 * Moves the offsets of a file's evidence in built project models (its own, and the copies an executable inherits
 * from a referenced library), each entry replaced by a moved copy; false, with nothing changed, when an offset of
 * that file's evidence is not among `moves` (the models are then built again).
 */
export function moveModelEvidence(models: Iterable<ProjectModel>, path: string, moves: ReadonlyMap<number, number>): boolean {
  const lists = [...models].flatMap(evidenceLists);
  const moved = (e: Evidence): boolean => e.path !== path || (moves.has(e.start) && moves.has(e.end));
  if (!lists.every((list) => list.every(moved))) {
    return false;
  }
  for (const list of lists) {
    list.forEach((e, i) => {
      if (e.path === path) {
        list[i] = { ...e, start: moves.get(e.start) ?? e.start, end: moves.get(e.end) ?? e.end };
      }
    });
  }
  return true;
}
