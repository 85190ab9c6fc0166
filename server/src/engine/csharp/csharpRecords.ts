import { ConstEvaluator, EvalValue } from './constEval';
import { Ancestry } from './ancestry';
import { FileScope, FileUsings } from './fileScope';

/** An offset range in the file. */
export interface Span {
  start: number;
  end: number;
}

/** A write to `ServicePointManager.SecurityProtocol` (`=`, `|=`, `&=`, `^=`, or one element of a deconstruction). */
export interface SecurityProtocolWrite {
  operator: '=' | '|=' | '&=' | '^=';
  deconstruction: boolean;
  /** The assignment expression: where the finding sits. */
  span: Span;
  /** The operator token (`=` → `|=` fixes). */
  operatorSpan: Span;
  /** The written value (the right-hand side, or the matching tuple element). */
  valueSpan: Span;
  value: EvalValue;
  /** The whole statement when the write is one (`…;` on its own), for removal and moving. */
  statement: Span | undefined;
  /** Start offset of the method / lambda / file whose body holds the write (undefined: a field initializer). */
  body: number | undefined;
  /** How the value's enum type is spelled in the written value (`SecurityProtocolType`, an alias, qualified). */
  enumSpelling: string | undefined;
  /** The statement list that holds the write's statement (undefined: the write is inside an expression). */
  block: Span | undefined;
  /**
   * The stretch of that list before the write with no branch, loop, return or call of workspace code: an earlier
   * write of the same body that starts inside it belongs to the same straight run (docs/rules/TLS020.md, "Flow").
   */
  straight: Span | undefined;
  /** The test of the current set the write runs under (`if (!SecurityProtocol.HasFlag(Tls12))`), if any. */
  guard: ProtocolGuard | undefined;
}

/**
 * A condition on the current set: the write runs only when the set holds `all` of `bits`, `notAll` of them, `any`
 * of them, or `none` (`HasFlag(X)`, `!HasFlag(X)`, `(p & X) != 0`, `(p & X) == 0`).
 */
export interface ProtocolGuard {
  bits: number;
  test: 'all' | 'notAll' | 'any' | 'none';
}

/** A creation of a Dynamics client (`new CrmServiceClient(…)`, target-typed `new(…)`, fully-qualified). */
export interface ClientCreation {
  span: Span;
  /** The client type's simple name, or `Type.Method` for a static connecting call (`CrmServiceClient.DiscoverOrganizations`). */
  typeName: string;
  statement: Span | undefined;
  body: number | undefined;
  /** A URL in the constructor's string arguments: online Dynamics host, another host (on-premises), or none. */
  urls: string[];
  /** The connection string's constant `AuthType` (AD/IFD/Claims say on-premises, ClientSecret/Certificate online). */
  authType?: string;
}

/** An `AppContext.SetSwitch(name, value)` call. */
export interface SwitchCall {
  span: Span;
  name: EvalValue;
  value: EvalValue;
  valueSpan: Span | undefined;
  /** The whole statement when the call is one (for moving it before a client creation). */
  statement: Span | undefined;
  body: number | undefined;
}

/** A protocol set handed to TLS machinery other than ServicePointManager (TLS024, TLS023 for `None`). */
export interface SslProtocolsUse {
  site: 'AuthenticateAsClient' | 'HttpClientHandler' | 'SslProtocols property';
  span: Span;
  valueSpan: Span;
  value: EvalValue;
  operator: string;
}

/**
 * A read of `CrmServiceClient.OrganizationServiceProxy` (`client.OrganizationServiceProxy`): the WS-Trust proxy, which
 * an OAuth connection never sets (docs/rules/DYN101.md). `guarded`: the code copes with it being null (tests it, reads
 * it with `?.` or `??`, or runs only where a test said it is not null).
 */
export interface ProxyPropertyUse {
  span: Span;
  guarded: boolean;
}

/**
 * A C# file's records, one list per kind of record. Which identifiers start each kind and how it is found are the
 * table in recordKinds.ts; every list is shifted after an edit and memoised per member alike (csharpModel.ts,
 * memberMemo.ts), so a new kind adds its list here and its entry there, and nothing else changes.
 */
export interface RecordLists {
  writes: SecurityProtocolWrite[];
  creations: ClientCreation[];
  switches: SwitchCall[];
  sslUses: SslProtocolsUse[];
  proxyProperties: ProxyPropertyUse[];
}

/** The name of one record list. */
export type RecordListName = keyof RecordLists;

/** Each list's name, checked against RecordLists by the compiler (a list missing here fails the build). */
const LIST_NAMES: { [K in RecordListName]: K } = { writes: 'writes', creations: 'creations', switches: 'switches', sslUses: 'sslUses', proxyProperties: 'proxyProperties' };

/** Every record list, in one fixed order: the model's build, its incremental reuse, the memo and a scan's kept records walk these. */
export const RECORD_LISTS: readonly RecordListName[] = Object.values(LIST_NAMES);

/** Fresh, empty record lists. */
export function emptyRecordLists(): RecordLists {
  return Object.fromEntries(RECORD_LISTS.map((name) => [name, []])) as unknown as RecordLists;
}

/** One record list read without its element type: every record has a span, and shifting and copying treat them alike. */
export function recordList(records: RecordLists, name: RecordListName): { span: Span }[] {
  return records[name];
}

/**
 * A place where a rule could not run because the code around one of its trigger words does not parse as C# (a
 * template's `#{Namespace}` or `$safeprojectname$` placeholder, a partial paste): the word, where it is, and the rule
 * that would have judged it (docs/rules/TLS020.md#a-file-that-does-not-parse).
 */
export interface ParseGap {
  word: string;
  span: Span;
  ruleId: string;
}

/**
 * The plain records of a C# file: all the rules read, and all a scan keeps of a file between its passes (no tree).
 * `parseGaps` is no record list: it is read from each tree anew (csharp/parseGaps.ts), never shifted or memoised.
 */
export type CsharpRecords = RecordLists & { usings: FileUsings; parseGaps: ParseGap[] };

/** The plain records of a model (or of retained records), detached from its tree and evaluator. */
export function plainRecords(from: CsharpRecords): CsharpRecords {
  return Object.fromEntries([['usings', from.usings], ['parseGaps', from.parseGaps], ...RECORD_LISTS.map((name) => [name, from[name]])]) as CsharpRecords;
}

/** Everything the C# rules, facts and hovers need from one file, computed once per tree. */
export interface CsharpModel extends CsharpRecords {
  /** The evaluator of this file (hovers evaluate arbitrary expressions with it). */
  evaluator: ConstEvaluator;
  scope: FileScope;
  /** Parent lookups recorded while the model was built. */
  ancestry: Ancestry;
  /** `#if false` branches: never analysed. */
  dead: [number, number][];
  /** The earlier version this model reused and the range scanned again (absent: built whole); fact readers splice alike. */
  reused?: ModelReuse;
}

/** A model built from an earlier version: its text, the edit from it, and the new text's range scanned again (empty: none). */
export interface ModelReuse {
  previousText: string;
  change: { start: number; oldEnd: number; newEnd: number };
  from: number;
  to: number;
}
