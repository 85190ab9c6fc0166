import { ClientCreation, RecordLists, SecurityProtocolWrite } from './csharpRecords';
import { shiftedCopy } from './offsetCopy';
import { RecentValues } from '../util/recentValues';

/**
 * A file's protocol writes grouped by the body that holds them, with the client creations of that body: the flow of
 * one body never reads another's (docs/rules/TLS020.md, "Flow"), so a body's verdicts follow from its group alone and
 * are kept per group, keyed by the group's records relative to the body's start — a keystroke elsewhere in the file
 * moves the body but leaves its key, and its verdicts are taken from the memo (writeJudge.ts, targetSensitivity.ts).
 */
export interface BodyGroup {
  /** The writes of the body, in text order. */
  writes: SecurityProtocolWrite[];
  /** The client creations of the body. */
  creations: ClientCreation[];
  /**
   * The group's records as plain data relative to the body's start (field initializers: as they are), each record
   * spelled by a short number standing for its plain data (the memo's keys stay short and cheap to look up).
   */
  key: string;
}

/** The translation-invariant key of each record met, carried over to its shifted copies (modelReuse.ts). */
const keys = new WeakMap<object, string>();

/**
 * A shifted copy whose original had no key yet (a member memo's records, copied in and out of the memo before any
 * grouping): the record its key is to be taken from once asked for.
 */
const keySources = new WeakMap<object, object>();

/**
 * A copy of plain data with every offset field made relative to `origin` (serialised after, which is several times
 * faster than a replacer function called for every field).
 */
function relativeCopy(value: unknown, origin: number): unknown {
  return shiftedCopy(value, Number.NEGATIVE_INFINITY, -origin);
}

/** A number per distinct record key: what group keys are spelled with. */
let keyNumbers = new Map<string, string>();
const KEY_NUMBERS_LIMIT = 100_000;
let nextNumber = 0;

/**
 * A record as plain data with its offsets relative to its body's start — equal for the same code anywhere in a file —
 * spelled by its number.
 */
function recordKey(record: { body: number | undefined }): string {
  const kept = keys.get(record);
  if (kept !== undefined) {
    return kept;
  }
  const source = keySources.get(record);
  if (source) {
    keySources.delete(record);
    const key = recordKey(source as { body: number | undefined });
    keys.set(record, key);
    return key;
  }
  const data = JSON.stringify(relativeCopy(record, record.body ?? 0));
  let key = keyNumbers.get(data);
  if (key === undefined) {
    if (keyNumbers.size >= KEY_NUMBERS_LIMIT) {
      // Numbers are never reused: memo entries keyed by dropped numbers are simply never met again.
      keyNumbers = new Map();
    }
    key = String(nextNumber++);
    keyNumbers.set(data, key);
  }
  keys.set(record, key);
  return key;
}


/**
 * Gives a shifted copy of a record the original's key when every offset of it moved alike (its body moved with it:
 * the body starts at or after `from`, where the shift starts).
 */
export function carryRecordKey(original: object, copy: object, from: number): void {
  const body = (original as { body?: unknown }).body;
  if (typeof body !== 'number' || body < from) {
    return;
  }
  const key = keys.get(original);
  if (key !== undefined) {
    keys.set(copy, key);
  } else {
    keySources.set(copy, original);
  }
}

/**
 * The groups of the record lists asked last (the facts and the write rules of one analysis ask for the same lists; a
 * body's sensitivity, judged in between, asks for its own group's): two slots.
 */
const recentGroups = new RecentValues<object, BodyGroup[]>(2);

/** The body groups of a file's records, in the text order of their first write (computed once per record lists). */
export function bodyGroups(model: Pick<RecordLists, 'writes' | 'creations'>): BodyGroup[] {
  const hit = recentGroups.get(model);
  if (hit) {
    return hit;
  }
  const byBody = new Map<number | undefined, BodyGroup>();
  // The model's lists are in text order already (then copying and sorting would be the cost of a keystroke here).
  const writes = inTextOrder(model.writes) ? model.writes : [...model.writes].sort((a, b) => a.span.start - b.span.start);
  for (const w of writes) {
    const group = byBody.get(w.body);
    if (group) {
      group.writes.push(w);
    } else {
      byBody.set(w.body, { writes: [w], creations: [], key: '' });
    }
  }
  for (const c of model.creations) {
    byBody.get(c.body)?.creations.push(c);
  }
  const groups = [...byBody.values()];
  for (const g of groups) {
    g.key = `${keysOf(g.writes)};${keysOf(g.creations)}`;
  }
  return recentGroups.set(model, groups);
}

/** True when records are in text order (by their spans' starts). */
function inTextOrder(records: readonly { span: { start: number } }[]): boolean {
  for (let i = 1; i < records.length; i++) {
    if ((records[i] as { span: { start: number } }).span.start < (records[i - 1] as { span: { start: number } }).span.start) {
      return false;
    }
  }
  return true;
}

/** The records' keys, comma-separated. */
function keysOf(records: readonly { body: number | undefined }[]): string {
  let out = '';
  for (let i = 0; i < records.length; i++) {
    out += i === 0 ? recordKey(records[i] as { body: number | undefined }) : `,${recordKey(records[i] as { body: number | undefined })}`;
  }
  return out;
}

/** A map that starts over once it holds `limit` entries (keys are whole bodies' records: kept bounded). */
export class BoundedMemo<V> {
  private entries = new Map<string, V>();

  constructor(private readonly limit: number) {}

  get(key: string): V | undefined {
    return this.entries.get(key);
  }

  set(key: string, value: V): void {
    if (this.entries.size >= this.limit) {
      this.entries = new Map();
    }
    this.entries.set(key, value);
  }
}
