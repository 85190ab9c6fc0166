import { OffsetEdit } from '../fixes/textFix';
import { maskCsharp } from '../text/codeMask';
import { FileUsings } from './fileScope';

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

/** Finds ADAL and CrmServiceClient uses in a C# text (comments and strings never count). */
export function adalUses(text: string, usings: FileUsings): AdalUses {
  const { code } = maskCsharp(text);
  const toolingUsings = usings.plain.filter((u) => u.name === TOOLING_NS).map(({ start, end }) => ({ start, end }));
  const clientNames: AdalUses['clientNames'] = [];
  CLIENT.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = CLIENT.exec(code))) {
    const before = code.slice(Math.max(0, m.index - 60), m.index);
    const q = QUALIFIER.exec(before);
    clientNames.push({ start: m.index, end: m.index + m[0].length, qualifiedStart: q ? m.index - q[0].length : m.index });
  }
  ADAL_NS.lastIndex = 0;
  const first = ADAL_NS.exec(code);
  const adal = first ? { start: first.index, end: first.index + first[0].length } : undefined;
  const renamedMembers: AdalUses['renamedMembers'] = [];
  RENAMED_MEMBER.lastIndex = 0;
  while ((m = RENAMED_MEMBER.exec(code))) {
    const name = m[1] ?? '';
    const start = m.index + m[0].length - name.length;
    renamedMembers.push({ start, end: start + name.length, newName: name.replace('Crm', '') });
  }
  return { toolingUsings, clientNames, renamedMembers, adal, renameBlocker: renameBlocker(code) };
}

/** Members CrmServiceClient spells with `Crm` that ServiceClient spells without (its `LastError`, `LastException`). */
const RENAMED_MEMBER = /\.\s*(LastCrmError|LastCrmException)\b/g;
/** Any other member with `Crm` in its name (not a namespace segment, which a `.` follows, nor a namespace or using line): the rename is not mechanical. */
const OTHER_CRM_MEMBER = /\.\s*(\w*Crm\w*)\b(?!\s*\.)/g;

function renameBlocker(code: string): string | undefined {
  const others = new Set<string>();
  OTHER_CRM_MEMBER.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = OTHER_CRM_MEMBER.exec(code))) {
    const name = m[1] ?? '';
    const lineStart = code.lastIndexOf('\n', m.index) + 1;
    const declaration = /^\s*(namespace|using)\b/.test(code.slice(lineStart, m.index));
    if (!declaration && name !== 'CrmServiceClient' && name !== 'LastCrmError' && name !== 'LastCrmException') {
      others.add(name);
    }
  }
  if (others.size > 0) {
    return `the file uses ${[...others].slice(0, 3).join(', ')}, which ServiceClient may name differently: rename by hand`;
  }
  if (/\bServiceClient\b/.test(code.replace(/\bCrmServiceClient\b/g, ''))) {
    return 'the file already uses another type named ServiceClient';
  }
  if (/\.\s*OrganizationServiceProxy\b/.test(code)) {
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
