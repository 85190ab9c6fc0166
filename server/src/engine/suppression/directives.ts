import { FileKind } from '../model/fileKind';
import { isRuleId } from '../model/ruleIds';

/** The text every suppression comment starts with (after the comment opener). */
export const DIRECTIVE_MARKER = 'tls-readiness-disable';

/** What a directive covers: the line after the comment, the comment's own line(s), or the whole file. */
export type DirectiveScope = 'next-line' | 'line' | 'file';

/** A comment of a file: its offsets and full text including the delimiters. */
export interface CommentSpan {
  start: number;
  end: number;
  text: string;
}

/** A suppression comment as written; `problem` says why it can suppress nothing whatever the findings are. */
export interface SuppressionDirective {
  /** The comment that holds the directive. */
  comment: CommentSpan;
  /** Undefined when the marker is followed by an unknown suffix (`tls-readiness-disable-nextline`). */
  scope: DirectiveScope | undefined;
  /** The word as written (`tls-readiness-disable-next-line`), for messages. */
  keyword: string;
  /** Rule ids, upper-cased, in the order written, without duplicates. */
  ruleIds: string[];
  /** Tokens of the id list that are not rule ids (`TLS22`, `all`). */
  invalidTokens: string[];
  /** Offsets of the id list in the file ([start, end) of the text between the keyword and the reason). */
  idsStart: number;
  idsEnd: number;
  reason: string | undefined;
}

const OPENERS: Record<FileKind, readonly string[]> = {
  csharp: ['///', '//', '/*'],
  powershell: ['<#', '#'],
  project: ['<!--'],
  buildProps: ['<!--'],
  sharedItems: ['<!--'],
  config: ['<!--'],
  packagesConfig: ['<!--'],
  psManifest: ['<#', '#'],
  registry: [';'],
  other: [],
};

const CLOSERS: Readonly<Record<string, string>> = { '/*': '*/', '<#': '#>', '<!--': '-->' };

/** The body of a comment without its delimiters, and where the body starts in the comment text. */
function commentBody(kind: FileKind, text: string): { body: string; offset: number } | undefined {
  const opener = OPENERS[kind].find((o) => text.startsWith(o));
  if (opener === undefined) {
    return undefined;
  }
  let body = text.slice(opener.length);
  const closer = CLOSERS[opener];
  if (closer && body.endsWith(closer)) {
    body = body.slice(0, -closer.length);
  }
  return { body, offset: opener.length };
}

/**
 * Reads a suppression directive from one comment of a file of the given kind, or undefined when the comment is not
 * one. The directive must open the comment; its ids end at the reason (`-- reason`, or `: reason` in XML, where `--`
 * cannot appear in a comment — both separators are accepted everywhere).
 */
export function parseDirective(kind: FileKind, comment: CommentSpan): SuppressionDirective | undefined {
  const parsed = commentBody(kind, comment.text);
  if (!parsed) {
    return undefined;
  }
  const lead = /^\s*/.exec(parsed.body)?.[0].length ?? 0;
  const rest = parsed.body.slice(lead);
  if (!rest.toLowerCase().startsWith(DIRECTIVE_MARKER)) {
    return undefined;
  }
  const keyword = /^[^\s,:]*/.exec(rest)?.[0] ?? DIRECTIVE_MARKER;
  const scope = scopeOf(keyword.toLowerCase());
  const afterKeyword = rest.slice(keyword.length);
  const separator = /--|:/.exec(afterKeyword);
  const idsText = separator ? afterKeyword.slice(0, separator.index) : afterKeyword;
  const reason = separator ? afterKeyword.slice(separator.index + separator[0].length).trim() || undefined : undefined;
  const tokens = idsText.split(/[\s,]+/).filter((t) => t.length > 0);
  const ruleIds = [...new Set(tokens.filter((t) => isRuleId(t)).map((t) => t.toUpperCase()))];
  const idsStart = comment.start + parsed.offset + lead + keyword.length;
  return {
    comment,
    scope,
    keyword,
    ruleIds,
    invalidTokens: tokens.filter((t) => !isRuleId(t)),
    idsStart,
    idsEnd: idsStart + idsText.length,
    reason,
  };
}

function scopeOf(keyword: string): DirectiveScope | undefined {
  switch (keyword) {
    case `${DIRECTIVE_MARKER}-next-line`:
      return 'next-line';
    case `${DIRECTIVE_MARKER}-line`:
      return 'line';
    case `${DIRECTIVE_MARKER}-file`:
      return 'file';
    default:
      return undefined;
  }
}

/** The comment that writes a directive in a file of the given kind (what the suppression quick fixes insert). */
export function directiveComment(kind: FileKind, scope: DirectiveScope, ruleIds: readonly string[]): string {
  const directive = `${DIRECTIVE_MARKER}-${scope} ${ruleIds.join(', ')}`;
  switch (kind) {
    case 'csharp':
      return `// ${directive}`;
    case 'powershell':
      return `# ${directive}`;
    case 'registry':
      return `; ${directive}`;
    default:
      return `<!-- ${directive} -->`;
  }
}
