import { CodeFacts } from './codeFacts';
import { Evidence } from './dynamicsEvidence';
import { ProjectModel } from './projectModel';

/** The fields of facts that hold text offsets (evidence and record spans, method bodies). */
const OFFSET_FIELDS: ReadonlySet<string> = new Set(['start', 'end', 'body']);

/** The parts of a file's code facts that the project models read (workspaceIndex.ts, ensureModels and subclass evidence). */
function modelInputs(facts: CodeFacts): unknown[] {
  return [facts.dynamicsClients, facts.connectionLiterals ?? [], facts.tlsEnablement, facts.pluginClasses, facts.cmdletClasses, facts.classBases ?? [], facts.creationCandidates ?? []];
}

/** The evidence lists of a file's facts that project models hold as they are (the same objects). */
function heldEvidence(facts: CodeFacts): Evidence[][] {
  return [facts.dynamicsClients, facts.connectionLiterals ?? [], facts.tlsEnablement, facts.pluginClasses, facts.cmdletClasses];
}

/**
 * True when everything the project models read from a file's facts is the same in both but for its offsets (a
 * keystroke before a client creation or an enabling write): the models' evidence can then be moved, not rebuilt.
 */
export function onlyOffsetsMoved(before: CodeFacts, after: CodeFacts): boolean {
  return sameButOffsets(modelInputs(before), modelInputs(after));
}

/** samePlainData (util/plainData.ts) with offset fields left out. */
function sameButOffsets(a: unknown, b: unknown): boolean {
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
      if (!sameButOffsets(a[i], b[i])) {
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
    if (!(typeof from === 'number' && typeof to === 'number' && OFFSET_FIELDS.has(k)) && !sameButOffsets(from, to)) {
      return false;
    }
  }
  for (const k in y) {
    count -= y[k] === undefined ? 0 : 1;
  }
  return count === 0;
}

/** Each old offset of the model inputs and its new value, or undefined when an old offset moved to two places. */
function offsetMoves(before: CodeFacts, after: CodeFacts): Map<number, number> | undefined {
  const moves = new Map<number, number>();
  const walk = (a: unknown, b: unknown): boolean => {
    if (Array.isArray(a) && Array.isArray(b)) {
      return a.every((v, i) => walk(v, b[i]));
    }
    if (typeof a !== 'object' || a === null || typeof b !== 'object' || b === null) {
      return true;
    }
    const x = a as Record<string, unknown>;
    const y = b as Record<string, unknown>;
    return Object.keys(x).every((k) => {
      const from = x[k];
      const to = y[k];
      if (typeof from === 'number' && typeof to === 'number' && OFFSET_FIELDS.has(k)) {
        const known = moves.get(from);
        moves.set(from, to);
        return known === undefined || known === to;
      }
      return walk(from, to);
    });
  };
  return walk(modelInputs(before), modelInputs(after)) ? moves : undefined;
}

/**
 * Moves a file's evidence in built project models (`onlyOffsetsMoved` said the facts differ only there): an entry that
 * is one of the old facts' objects becomes the new facts' object at the same place; a copy of one (an executable's
 * inherited evidence, a subclass creation's) a moved copy. False, with nothing changed, when an offset of an entry is
 * not among the moved ones (the models are then built again).
 */
export function moveModelEvidence(models: Iterable<ProjectModel>, path: string, before: CodeFacts, after: CodeFacts): boolean {
  const successors = new Map<Evidence, Evidence>();
  const newLists = heldEvidence(after);
  heldEvidence(before).forEach((list, i) => list.forEach((e, j) => successors.set(e, newLists[i]?.[j] ?? e)));
  const lists: Evidence[][] = [];
  for (const model of models) {
    lists.push(model.dynamicsEvidence, model.tlsEnablement, model.pluginEvidence, model.cmdletEvidence);
  }
  let moves: Map<number, number> | undefined;
  for (const list of lists) {
    for (const e of list) {
      if (e.path !== path || successors.has(e)) {
        continue;
      }
      moves ??= offsetMoves(before, after) ?? new Map();
      if (!moves.has(e.start) || !moves.has(e.end)) {
        return false;
      }
    }
  }
  for (const list of lists) {
    for (let i = 0; i < list.length; i++) {
      const e = list[i] as Evidence;
      if (e.path === path) {
        list[i] = successors.get(e) ?? { ...e, start: moves?.get(e.start) ?? e.start, end: moves?.get(e.end) ?? e.end };
      }
    }
  }
  return true;
}
