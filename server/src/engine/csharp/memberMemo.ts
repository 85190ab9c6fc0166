import { SyntaxNode } from '../parsing/parserPort';
import { FileScope, FileUsings, FileWideLookup } from './fileScope';
import { offsetsWithin, shiftOffsets } from './modelReuse';
import { CsharpModel, RECORD_LISTS, RecordLists, emptyRecordLists, recordList } from './csharpRecords';
import { appendAll } from '../util/arrays';

/**
 * The records one member produced, with offsets relative to the member's start, and the names it looked up beyond its
 * body with their answers (and the types around the member when an answer depended on them): reused only where the
 * same lookups give the same answers.
 */
interface MemberRecords {
  records: RecordLists;
  lookups: FileWideLookup[];
  types: string | undefined;
}

/** A member whose records are being collected: where they start in the model's lists. */
interface OpenMember {
  key: string;
  member: SyntaxNode;
  start: number;
  end: number;
  /** How many records each list (RECORD_LISTS order) held when the member started. */
  counts: number[];
  /** How many lookups beyond a body the file scope had made when the member started. */
  lookups: number;
}

/** Members that own code: the unit of memoisation, and of rescanning after a local edit. */
const MEMBER_OWNERS = new Set(['method_declaration', 'constructor_declaration', 'destructor_declaration', 'operator_declaration', 'conversion_operator_declaration', 'accessor_declaration']);
/** The memo stops growing past this many characters of member text (keys), and starts over. */
const MEMO_CHARS = 4_000_000;

let memo = new Map<string, MemberRecords>();
let memoChars = 0;

/** The outermost code-owning member on a chain (root first). */
export function outermostMember(chain: readonly SyntaxNode[]): SyntaxNode | undefined {
  return chain.find((n) => MEMBER_OWNERS.has(n.type));
}

/**
 * Records per member text across full builds. An edit that changes the tree's structure (a brace typed or deleted)
 * makes tree-sitter restructure everything after it, so the whole file is scanned again; but the members there are
 * usually the same text as before, and a member's records follow from its text alone — its locals, statements and
 * bodies are inside it — and from the answers to the names it looked up beyond its body (a `const` declared anywhere,
 * or a name that is not a local): those lookups are kept with its records and asked again before they are reused. The
 * key also holds the file's usings (aliases and `using static` change what a name means).
 */
export class MemberMemo {
  private open: OpenMember | undefined;
  private readonly usingsKey: string;

  constructor(
    private readonly model: CsharpModel,
    usings: FileUsings,
    private readonly scope: Pick<FileScope, 'lookups' | 'answersAlike' | 'typesAround'>,
  ) {
    this.usingsKey = JSON.stringify([[...usings.namespaces].sort(), [...usings.aliases].sort(), usings.staticTypes]);
  }

  /**
   * Called for each live trigger at `offset` before it is classified: true when the member holding it was taken from
   * the memo (its records are in the model; the scan goes on at `resumeAt`), false when the trigger is to be classified.
   */
  take(offset: number, chain: readonly SyntaxNode[]): boolean {
    if (this.open && offset < this.open.end) {
      return false;
    }
    this.close();
    const member = outermostMember(chain);
    if (!member || member.hasError) {
      return false;
    }
    const start = member.startIndex;
    const key = `${member.type}\u0000${this.usingsKey}\u0000${member.text}`;
    const kept = memo.get(key);
    if (kept && this.stillAnswered(kept, member)) {
      this.push(kept.records, start);
      this.resumeAt = member.endIndex;
      return true;
    }
    const counts = RECORD_LISTS.map((name) => recordList(this.model, name).length);
    this.open = { key, member, start, end: member.endIndex, counts, lookups: this.scope.lookups.length };
    return false;
  }

  /** True when the lookups a member's kept records depend on give the same answers here (and the types around it match, if they mattered). */
  private stillAnswered(kept: MemberRecords, member: SyntaxNode): boolean {
    return (kept.types === undefined || kept.types === this.scope.typesAround(member)) && kept.lookups.every((l) => this.scope.answersAlike(l));
  }

  /** Where the scan resumes after a member taken from the memo. */
  resumeAt = 0;

  /** Ends the member being collected (at the next member, or at the end of the scan) and memoises its records. */
  close(): void {
    const open = this.open;
    this.open = undefined;
    if (!open) {
      return;
    }
    const produced = RECORD_LISTS.map((name, i) => recordList(this.model, name).slice(open.counts[i]));
    if (!produced.every((list) => list.every((r) => offsetsWithin(r, open.start, open.end)))) {
      return;
    }
    const lookups = distinct(this.scope.lookups.slice(open.lookups));
    const isNew = !memo.has(open.key);
    if (isNew && memoChars + open.key.length > MEMO_CHARS) {
      memo = new Map();
      memoChars = 0;
    }
    const records = emptyRecordLists();
    RECORD_LISTS.forEach((name, i) => appendAll(recordList(records, name), (produced[i] ?? []).map((r) => shiftOffsets(r, 0, -open.start))));
    const types = lookups.some((l) => l.types !== undefined) ? this.scope.typesAround(open.member) : undefined;
    memo.set(open.key, { records, lookups, types });
    if (isNew) {
      memoChars += open.key.length;
    }
  }

  private push(kept: RecordLists, start: number): void {
    for (const name of RECORD_LISTS) {
      appendAll(recordList(this.model, name), recordList(kept, name).map((r) => shiftOffsets(r, 0, start)));
    }
  }
}

/** Each lookup once (a member reads the same constant again and again). */
function distinct(lookups: readonly FileWideLookup[]): FileWideLookup[] {
  const seen = new Map<string, FileWideLookup>();
  for (const l of lookups) {
    seen.set(`${l.name}\u0000${l.typeName ?? ''}\u0000${l.types ?? ''}`, l);
  }
  return [...seen.values()];
}
