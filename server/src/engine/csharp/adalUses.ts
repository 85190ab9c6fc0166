import { OffsetEdit } from '../fixes/textFix';
import { FileUsings } from './fileScope';
import { MaskedView, ReusedMask, maskAskedAgain, maskCsharpReusing } from './maskReuse';
import { TextChange } from './modelReuse';

/** Where a C# file uses ADAL or CrmServiceClient (built on ADAL), found in code only (docs/rules/DYN103.md). */
export interface AdalUses {
  /** `using Microsoft.Xrm.Tooling.Connector;` directives. */
  toolingUsings: { start: number; end: number }[];
  /** Every `CrmServiceClient` in code, with its namespace qualifier when written (`Microsoft.Xrm.Tooling.Connector.`). */
  clientNames: { start: number; end: number; qualifiedStart: number }[];
  /** `.LastCrmError` / `.LastCrmException`: members ServiceClient names `LastError` / `LastException`. */
  renamedMembers: { start: number; end: number; newName: string }[];
  /** The first mention of ADAL's namespace in code (a using directive or a qualified name). */
  adal: { start: number; end: number } | undefined;
  /** Why renaming CrmServiceClient would not be mechanical here (a name the rename would clash with, a member ServiceClient lacks). */
  renameBlocker: string | undefined;
}

const TOOLING_NS = 'Microsoft.Xrm.Tooling.Connector';
const DATAVERSE_NS = 'Microsoft.PowerPlatform.Dataverse.Client';
const ADAL_NS = /\bMicrosoft\s*\.\s*IdentityModel\s*\.\s*Clients\s*\.\s*ActiveDirectory\b/g;
const CLIENT = /\bCrmServiceClient\b/g;
const QUALIFIER = /Microsoft\s*\.\s*Xrm\s*\.\s*Tooling\s*\.\s*Connector\s*\.\s*$/;

/** What adalUses reads from the masked text alone (the using directives come from the file's usings). */
type TextUses = Omit<AdalUses, 'toolingUsings'>;

/** How a text's uses were found: kept for the same text, moved after an edit, none (no named word), or read. */
export type UsesOrigin = 'kept' | 'moved' | 'none' | 'read';

interface Reading {
  text: string;
  uses: TextUses;
  /** False when the text holds none of the named parts anywhere (code, comments or literals). */
  named: boolean;
  /** The text's mask: asked again, the text comes first there too. */
  mask: ReusedMask;
}

/** The last few texts' uses, the last asked first: a keystroke's text is one edit from one of them. */
const recent: Reading[] = [];
const RECENT_LIMIT = 2;

/** Finds ADAL and CrmServiceClient uses in a C# text (comments and strings never count). */
export function adalUses(text: string, usings: FileUsings): AdalUses {
  const toolingUsings = usings.plain.filter((u) => u.name === TOOLING_NS).map(({ start, end }) => ({ start, end }));
  return { toolingUsings, ...readAdalUses(text).uses };
}

/**
 * adalUses' reading of the masked text, and how it was found: after an edit of one of the last texts read, the uses
 * are moved unless the edit may make or unmake one (namedWordNear), and a text holding no named part anywhere has none.
 */
export function readAdalUses(text: string): { uses: TextUses; origin: UsesOrigin } {
  const kept = recent.findIndex((r) => r.text === text);
  if (kept >= 0) {
    const reading = recent.splice(kept, 1)[0] as Reading;
    remember({ ...reading, text, mask: maskAskedAgain(reading.mask, text) });
    return { uses: reading.uses, origin: 'kept' };
  }
  const mask = maskCsharpReusing(text);
  const { view, edit } = mask;
  const before = edit ? recent.find((r) => r.text === edit.text) : undefined;
  let reading: { uses: TextUses; origin: UsesOrigin; named: boolean };
  if (edit && before && !before.named && !namedPartNear(text, edit.change)) {
    reading = { uses: NO_USES, origin: 'none', named: false };
  } else if (edit?.view && before && !namedWordNear(edit.view, view, edit.change)) {
    reading = { uses: movedUses(before.uses, edit.change), origin: 'moved', named: before.named || namedPartNear(text, edit.change) };
  } else if (NAMED_PARTS.some((part) => text.includes(part))) {
    reading = { uses: usesInCode(view.code()), origin: 'read', named: true };
  } else {
    reading = { uses: NO_USES, origin: 'none', named: false };
  }
  remember({ text, uses: reading.uses, named: reading.named, mask });
  return { uses: reading.uses, origin: reading.origin };
}

function remember(reading: Reading): void {
  recent.unshift(reading);
  recent.length = Math.min(recent.length, RECENT_LIMIT);
}

/**
 * Every word a match below holds or depends on holds one of these: `CrmServiceClient`, `LastCrm…` and the members
 * spelt with `Crm`, `IdentityModel` in ADAL's namespace, `ServiceClient`, `OrganizationServiceProxy`. A text without
 * any of them (in code, comments or literals alike) has no uses.
 */
const NAMED_PARTS = ['Crm', 'IdentityModel', 'ServiceClient', 'OrganizationServiceProxy'];
const LONGEST_PART = Math.max(...NAMED_PARTS.map((p) => p.length));
const NO_USES: TextUses = { clientNames: [], renamedMembers: [], adal: undefined, renameBlocker: undefined };

/** True when a named part may overlap the edited stretch of `text` (or the place where a deletion joined two stretches). */
function namedPartNear(text: string, change: TextChange): boolean {
  const around = text.slice(Math.max(0, change.start - LONGEST_PART + 1), change.newEnd + LONGEST_PART - 1);
  return NAMED_PARTS.some((part) => around.includes(part));
}

/**
 * True when the masked code around an edit holds a named part, before or after the edit, where "around" is everything
 * a match's outcome may depend on: every pattern here matches only word characters, whitespace and dots (a qualified
 * name, a `.` member, the whitespace between) and looks at most one character past either end (`\b`, what precedes a
 * member's dot, what follows a name); a member's line is read from its start up to the member (namespace or using
 * line). So a match whose outcome the edit may change has its named word in the run of word characters, whitespace
 * and dots that holds or touches the edited stretch, or on the rest of the stretch's last line. The code before the
 * stretch and after it is the same in both masks (the new one is spliced from the old), so the surroundings are
 * found once, in the new mask, and read with the old stretch and with the new one. When neither holds a named part,
 * every use stays, moved by the edit.
 */
function namedWordNear(old: MaskedView, view: MaskedView, change: TextChange): boolean {
  const { before, after } = surroundings(view, change.start, change.newEnd);
  const holdsPart = (around: string): boolean => NAMED_PARTS.some((part) => around.includes(part));
  return holdsPart(before + view.slice(change.start, change.newEnd) + after) || holdsPart(before + old.slice(change.start, change.oldEnd) + after);
}

/** The masked code of the run before `[from, to)` (up to `from`) and after it (from `to`, at least to its line's end). */
function surroundings(view: MaskedView, from: number, to: number): { before: string; after: string } {
  const length = view.text.length;
  // Native searches (this runs on every keystroke): the run's start after the last other character before the
  // stretch, its end by a sticky match from the stretch's end.
  for (let margin = 256; ; margin *= 4) {
    const lo = Math.max(0, from - margin);
    const hi = Math.min(length, to + margin);
    const code = view.slice(lo, hi);
    const start = LAST_RUN_BREAK.exec(code.slice(0, from - lo));
    RUN.lastIndex = to - lo;
    RUN.exec(code);
    const lineEnd = code.indexOf('\n', to - lo);
    const end = Math.max(RUN.lastIndex, lineEnd < 0 ? code.length : lineEnd);
    if ((!start && lo > 0) || (end >= code.length && hi < length)) {
      continue;
    }
    return { before: code.slice(start ? start.index + 1 : 0, from - lo), after: code.slice(to - lo, end) };
  }
}

/** The last character of a string that a match cannot span (each is tried against its own run only: linear). */
const LAST_RUN_BREAK = /[^\w\s.](?=[\w\s.]*$)/;
/** A run of characters a match may span: `\w`, `\s` or `.`. */
const RUN = /[\w\s.]*/y;

/** The uses after an edit that makes, unmakes and changes none of them: each moved by the edit. */
function movedUses(previous: TextUses, change: TextChange): TextUses {
  const delta = change.newEnd - change.oldEnd;
  if (delta === 0) {
    return previous;
  }
  const move = (offset: number): number => (offset >= change.start ? offset + delta : offset);
  return {
    clientNames: previous.clientNames.map((n) => ({ start: move(n.start), end: move(n.end), qualifiedStart: move(n.qualifiedStart) })),
    renamedMembers: previous.renamedMembers.map((r) => ({ ...r, start: move(r.start), end: move(r.end) })),
    adal: previous.adal ? { start: move(previous.adal.start), end: move(previous.adal.end) } : undefined,
    renameBlocker: previous.renameBlocker,
  };
}

/** How far before a CrmServiceClient its namespace qualifier is looked for. */
const QUALIFIER_WINDOW = 60;

function usesInCode(code: string): TextUses {
  const clientNames: AdalUses['clientNames'] = [];
  CLIENT.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = CLIENT.exec(code))) {
    const before = code.slice(Math.max(0, m.index - QUALIFIER_WINDOW), m.index);
    const q = QUALIFIER.exec(before);
    clientNames.push({ start: m.index, end: m.index + m[0].length, qualifiedStart: q ? m.index - q[0].length : m.index });
  }
  ADAL_NS.lastIndex = 0;
  const first = code.includes('IdentityModel') ? ADAL_NS.exec(code) : null;
  const adal = first ? { start: first.index, end: first.index + first[0].length } : undefined;
  const renamedMembers = memberNames(code, 'LastCrm', (word) => word === 'LastCrmError' || word === 'LastCrmException').map((n) => ({ start: n.start, end: n.end, newName: n.word.replace('Crm', '') }));
  return { clientNames, renamedMembers, adal, renameBlocker: renameBlocker(code) };
}

/** A member name after a `.` (whitespace between allowed): where the `.` is, and the name as the whole word it is. */
interface MemberName {
  dot: number;
  start: number;
  end: number;
  word: string;
}

/** `\w`: ASCII letters, digits and `_`. */
function isWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

function isSpace(ch: string | undefined): boolean {
  return ch !== undefined && /\s/.test(ch);
}

/**
 * The whole words (`\w` runs) that hold `part`, that `accept` takes and that follow a `.` — what
 * `/\.\s*(\w*part\w*)\b/g` finds, by searching the part (a literal search: far faster than a pattern tried at every `.`).
 */
function memberNames(code: string, part: string, accept: (word: string) => boolean): MemberName[] {
  const out: MemberName[] = [];
  let p = code.indexOf(part);
  while (p >= 0) {
    let start = p;
    while (start > 0 && isWordChar(code.charCodeAt(start - 1))) {
      start--;
    }
    let end = p + part.length;
    while (end < code.length && isWordChar(code.charCodeAt(end))) {
      end++;
    }
    let dot = start - 1;
    while (dot >= 0 && isSpace(code[dot])) {
      dot--;
    }
    const word = code.slice(start, end);
    if (code[dot] === '.' && accept(word)) {
      out.push({ dot, start, end, word });
    }
    p = code.indexOf(part, end);
  }
  return out;
}

/** True when `\s*\.` follows `offset`: the name before it is a namespace segment or a receiver, not the member itself. */
function dotFollows(code: string, offset: number): boolean {
  let i = offset;
  while (i < code.length && isSpace(code[i])) {
    i++;
  }
  return code[i] === '.';
}

/** Why the rename is not mechanical, read from the masked code (undefined: it is). */
function renameBlocker(code: string): string | undefined {
  const others = new Set<string>();
  // Members CrmServiceClient spells with `Crm` that ServiceClient spells without are renamed; any other member with
  // `Crm` in its name (not a namespace segment, which a `.` follows, nor on a namespace or using line) may differ.
  for (const name of memberNames(code, 'Crm', (word) => word !== 'CrmServiceClient' && word !== 'LastCrmError' && word !== 'LastCrmException')) {
    const lineStart = code.lastIndexOf('\n', name.dot) + 1;
    if (!dotFollows(code, name.end) && !/^\s*(namespace|using)\b/.test(code.slice(lineStart, name.dot))) {
      others.add(name.word);
    }
  }
  if (others.size > 0) {
    return `the file uses ${[...others].slice(0, 3).join(', ')}, which ServiceClient may name differently: rename by hand`;
  }
  // A whole-word ServiceClient is never part of a whole-word CrmServiceClient: no need to take those out first.
  if (/\bServiceClient\b/.test(code)) {
    return 'the file already uses another type named ServiceClient';
  }
  if (memberNames(code, 'OrganizationServiceProxy', (word) => word === 'OrganizationServiceProxy').length > 0) {
    return 'the file uses CrmServiceClient.OrganizationServiceProxy, which ServiceClient does not have (WS-Trust, DYN101)';
  }
  return undefined;
}

/**
 * The edits that move one C# file to ServiceClient: each `CrmServiceClient` becomes `ServiceClient` (a qualified
 * name gets the new namespace), `.LastCrmError`/`.LastCrmException` become `.LastError`/`.LastException`, and `using Microsoft.Xrm.Tooling.Connector;` becomes the Dataverse.Client namespace —
 * unless the file already imports it, when the old directive goes (with its line).
 */
export function serviceClientRenames(text: string, uses: AdalUses, usings: FileUsings): OffsetEdit[] {
  const edits: OffsetEdit[] = uses.clientNames.map((n) => ({ start: n.qualifiedStart, end: n.end, newText: n.qualifiedStart < n.start ? `${DATAVERSE_NS}.ServiceClient` : 'ServiceClient' }));
  for (const member of uses.renamedMembers) {
    edits.push({ start: member.start, end: member.end, newText: member.newName });
  }
  const hasNew = usings.plain.some((u) => u.name === DATAVERSE_NS);
  uses.toolingUsings.forEach((u, i) => {
    if (hasNew || i > 0) {
      const lineStart = text.lastIndexOf('\n', u.start - 1) + 1;
      const newline = text.indexOf('\n', u.end);
      const alone = /^[ \t]*$/.test(text.slice(lineStart, u.start)) && /^[ \t]*\r?$/.test(text.slice(u.end, newline < 0 ? text.length : newline));
      edits.push(alone ? { start: lineStart, end: newline < 0 ? text.length : newline + 1, newText: '' } : { start: u.start, end: u.end, newText: '' });
    } else {
      edits.push({ start: u.start, end: u.end, newText: `using ${DATAVERSE_NS};` });
    }
  });
  return edits.sort((a, b) => a.start - b.start);
}
