/** The data type of a .reg value as written (`dword:`, `"…"`, `hex(b):` …), or a deletion (`=-`). */
export type RegValueType = 'dword' | 'string' | 'qword' | 'hex' | 'hexOther' | 'delete' | 'unknown';

/** One `"name"=data` line (with its continuation lines) of a .reg file. */
export interface RegValue {
  /** The value name, unescaped ('' for the default value `@`). */
  name: string;
  /** Offsets of the name as written, quotes excluded (for a rename). */
  nameStart: number;
  nameEnd: number;
  type: RegValueType;
  /** The data as written (continuations joined, backslashes and line breaks removed). */
  data: string;
  /** Offsets of the data as written, after `=`. */
  dataStart: number;
  dataEnd: number;
  /** The DWORD value for `dword:` data. */
  dword?: number;
  /** Why the value is too complex to analyse (it exceeded a budget), when it is. */
  tooComplex?: string;
  /** Offsets of the whole entry (first line start to last line content end). */
  start: number;
  end: number;
}

/** A `[key]` section and its values. */
export interface RegKey {
  /** The key path as written, without brackets and the deletion dash. */
  path: string;
  /** `[-HKEY_…]`: the key is deleted. */
  deleted: boolean;
  /** Offsets of the `[…]` line's content. */
  start: number;
  end: number;
  values: RegValue[];
  /** Offset just past the last line that belongs to the key (its last value, or the key line). */
  blockEnd: number;
}

/** A parsed .reg file: its header and keys; lines it cannot read are skipped, never fatal. */
export interface RegFile {
  header: 'regedit5' | 'regedit4' | 'none';
  keys: RegKey[];
}

/** Continuation lines one value may have: a DWORD needs none, real binary exports a few hundred. */
export const MAX_CONTINUATION_LINES = 10_000;

/** A line that continues on the next one (ends with a backslash). */
const CONTINUED = /\\\s*$/;

interface Line {
  start: number;
  end: number;
  text: string;
}

function splitLines(text: string): Line[] {
  const out: Line[] = [];
  const re = /\r\n|\r|\n/g;
  let start = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    out.push({ start, end: m.index, text: text.slice(start, m.index) });
    start = m.index + m[0].length;
  }
  out.push({ start, end: text.length, text: text.slice(start) });
  return out;
}

/** Parses a quoted name starting at `i` (on the opening quote); returns the unescaped name and the index after the closing quote. */
function readQuoted(s: string, i: number): { value: string; next: number } | undefined {
  let value = '';
  for (let j = i + 1; j < s.length; j++) {
    const c = s[j];
    if (c === '\\' && j + 1 < s.length) {
      value += s[j + 1];
      j++;
    } else if (c === '"') {
      return { value, next: j + 1 };
    } else {
      value += c;
    }
  }
  return undefined;
}

function classify(data: string): { type: RegValueType; dword?: number } {
  const d = data.trim();
  if (d === '-') {
    return { type: 'delete' };
  }
  if (d.startsWith('"')) {
    return { type: 'string' };
  }
  const dword = /^dword:([0-9a-fA-F]{1,8})$/i.exec(d);
  if (dword) {
    return { type: 'dword', dword: Number.parseInt(dword[1] ?? '0', 16) >>> 0 };
  }
  if (/^dword:/i.test(d)) {
    return { type: 'unknown' };
  }
  if (/^hex\(b\):/i.test(d)) {
    return { type: 'qword' };
  }
  if (/^hex:/i.test(d)) {
    return { type: 'hex' };
  }
  if (/^hex\([0-9a-f]+\):/i.test(d)) {
    return { type: 'hexOther' };
  }
  return { type: 'unknown' };
}

/** Parses a .reg file tolerantly: keys, values, deletions, continuation lines; malformed lines are skipped. */
export function parseRegFile(text: string): RegFile {
  const lines = splitLines(text);
  const first = (lines[0]?.text ?? '').replace(/^\uFEFF/, '').trim();
  const header = /^Windows Registry Editor Version 5\.00$/i.test(first) ? 'regedit5' : /^REGEDIT4$/i.test(first) ? 'regedit4' : 'none';
  const keys: RegKey[] = [];
  let current: RegKey | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as Line;
    const trimmed = line.text.trim();
    if (trimmed === '' || trimmed.startsWith(';') || (i === 0 && header !== 'none')) {
      continue;
    }
    const lead = line.text.length - line.text.trimStart().length;
    if (trimmed.startsWith('[')) {
      const close = trimmed.lastIndexOf(']');
      const inner = trimmed.slice(1, close > 0 ? close : trimmed.length);
      const deleted = inner.startsWith('-');
      current = { path: (deleted ? inner.slice(1) : inner).trim(), deleted, start: line.start + lead, end: line.start + lead + trimmed.length, values: [], blockEnd: line.end };
      keys.push(current);
      continue;
    }
    if (!current) {
      continue;
    }
    let nameStart: number;
    let nameEnd: number;
    let name: string;
    let after: number;
    if (trimmed.startsWith('@')) {
      name = '';
      nameStart = line.start + lead;
      nameEnd = nameStart + 1;
      after = lead + 1;
    } else if (trimmed.startsWith('"')) {
      const q = readQuoted(line.text, lead);
      if (!q) {
        continue;
      }
      name = q.value;
      nameStart = line.start + lead + 1;
      nameEnd = line.start + q.next - 1;
      after = q.next;
    } else {
      continue;
    }
    const eq = line.text.indexOf('=', after);
    if (eq < 0 || line.text.slice(after, eq).trim() !== '') {
      continue;
    }
    const first = line.text.slice(eq + 1);
    const pieces = [first];
    let piece = first;
    let end = line.end;
    let continued = 0;
    // Each continuation line is tested and joined once (linear in the value's length); past the budget the lines are
    // still consumed, but the value is too complex to analyse.
    while (CONTINUED.test(piece) && !first.trimStart().startsWith('"') && i + 1 < lines.length) {
      i++;
      const next = lines[i] as Line;
      if (continued <= MAX_CONTINUATION_LINES) {
        pieces[pieces.length - 1] = piece.replace(CONTINUED, '');
      }
      piece = next.text.trim();
      if (++continued <= MAX_CONTINUATION_LINES) {
        pieces.push(piece);
      }
      end = next.end;
    }
    const tooComplex = continued > MAX_CONTINUATION_LINES;
    const data = pieces.join('');
    const kind = tooComplex ? { type: 'unknown' as const } : classify(data);
    const dataStart = line.start + eq + 1;
    current.values.push({
      name,
      nameStart,
      nameEnd,
      type: kind.type,
      data: data.trim(),
      dataStart,
      dataEnd: end,
      ...(kind.dword !== undefined ? { dword: kind.dword } : {}),
      ...(tooComplex ? { tooComplex: `it is continued over more than ${MAX_CONTINUATION_LINES} lines` } : {}),
      start: line.start + lead,
      end,
    });
    current.blockEnd = end;
  }
  return { header, keys };
}

const HIVES: Readonly<Record<string, string>> = { hklm: 'hkey_local_machine', hkcu: 'hkey_current_user', hkcr: 'hkey_classes_root', hku: 'hkey_users' };

/** A key path in a canonical form for comparisons: lower-case, full hive name, single backslashes, no trailing one. */
export function canonicalKey(path: string): string {
  const parts = path.trim().toLowerCase().split('\\').filter((p) => p.length > 0);
  const hive = parts[0] ?? '';
  parts[0] = HIVES[hive] ?? hive;
  return parts.join('\\');
}
