import { OffsetEdit } from '../fixes/textFix';
import { FileUsings } from './fileScope';
import { maskCsharpReusing } from './maskReuse';
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

/** The last few texts' uses: an edit inside a comment or a literal changes none of them but their offsets. */
const recent: { text: string; uses: TextUses }[] = [];
const RECENT_LIMIT = 2;

/** Finds ADAL and CrmServiceClient uses in a C# text (comments and strings never count). */
export function adalUses(text: string, usings: FileUsings): AdalUses {
  const toolingUsings = usings.plain.filter((u) => u.name === TOOLING_NS).map(({ start, end }) => ({ start, end }));
  const { masked, from } = maskCsharpReusing(text);
  let uses = recent.find((r) => r.text === text)?.uses;
  if (!uses && from && (from.inMasked || changesNoNamedWord(text, from.text, from.change))) {
    const previous = recent.find((r) => r.text === from.text)?.uses;
    uses = previous ? shiftedUses(previous, from.change) : undefined;
  }
  uses ??= usesInCode(masked.code);
  recent.unshift({ text, uses });
  recent.length = Math.min(recent.length, RECENT_LIMIT);
  return { toolingUsings, ...uses };
}

/** Substrings of every word the patterns below name (a word holding none of them decides no match). */
const NAMED_PARTS = ['Crm', 'ServiceClient', 'OrganizationServiceProxy', 'IdentityModel', 'Microsoft', 'Xrm', 'Tooling', 'Connector', 'Clients', 'ActiveDirectory', 'namespace', 'using'];
const WORD = /^\w*$/;

/**
 * True when an edit in code only changes the letters of one word that stays a word (`\w` typed or deleted inside or
 * at the end of it) and that holds none of the named parts before or after: the code keeps its shape of words,
 * spaces, dots and lines, which is all the patterns read besides the named words, so every use stays, moved. Read
 * from the text, not the mask (a word in code ends at a delimiter before any masked stretch, and the spliced mask is
 * left unflattened when nothing reads it).
 */
function changesNoNamedWord(code: string, previousText: string, change: TextChange): boolean {
  const removed = previousText.slice(change.start, change.oldEnd);
  const inserted = code.slice(change.start, change.newEnd);
  if (!WORD.test(removed) || !WORD.test(inserted)) {
    return false;
  }
  let left = change.start;
  while (left > 0 && isWordChar(code.charCodeAt(left - 1))) {
    left--;
  }
  let right = change.newEnd;
  while (right < code.length && isWordChar(code.charCodeAt(right))) {
    right++;
  }
  const before = code.slice(left, change.start);
  const after = code.slice(change.newEnd, right);
  const words = [before + removed + after, before + inserted + after];
  return words.every((w) => w.length > 0 && !NAMED_PARTS.some((part) => w.includes(part)));
}

/** How far before a CrmServiceClient its namespace qualifier is looked for. */
const QUALIFIER_WINDOW = 60;

/**
 * The uses after an edit that changed only the inside of a comment or a literal — masked spaces or `x` between
 * delimiters, never part of a match, and never an outcome of the patterns, which skip whitespace whatever its length
 * — moved by the edit; undefined when the edit lies in the stretch before a CrmServiceClient where its qualifier is
 * looked for.
 */
function shiftedUses(previous: TextUses, change: TextChange): TextUses | undefined {
  const delta = change.newEnd - change.oldEnd;
  if (previous.clientNames.some((n) => n.start >= change.start && n.start - QUALIFIER_WINDOW - Math.abs(delta) <= change.oldEnd)) {
    return undefined;
  }
  const move = (offset: number): number => (offset >= change.start ? offset + delta : offset);
  return {
    clientNames: previous.clientNames.map((n) => ({ start: move(n.start), end: move(n.end), qualifiedStart: move(n.qualifiedStart) })),
    renamedMembers: previous.renamedMembers.map((r) => ({ ...r, start: move(r.start), end: move(r.end) })),
    adal: previous.adal ? { start: move(previous.adal.start), end: move(previous.adal.end) } : undefined,
    renameBlocker: previous.renameBlocker,
  };
}

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
