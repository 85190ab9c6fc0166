import { SyntaxNode } from '../parsing/parserPort';
import { ClassBase } from '../project/codeFacts';
import { inRanges } from './ancestry';
import { argumentExpressions } from './constEval';
import { connectionOf } from './connectionTarget';
import { isDynamicsClientType, splitTypeName } from './clientTypes';
import { ClientCreation, CsharpModel } from './csharpRecords';
import { enclosingBodyOwner, enclosingStatement } from './fileScope';
import { Placed, SplicedReader } from './splicedReader';

/** `class <name>` at one place (sticky): tried only where a native search found `class` as a whole word. */
const CLASS_NAME_AT = /class\s+([A-Za-z_]\w*)/y;
const NEW_TYPE = /\bnew\s+(?:global::)?([A-Za-z_][\w.]*)\s*[({]/g;
const TYPE_WRAPPERS = new Set(['qualified_name', 'alias_qualified_name']);
/** First arguments whose text may name a destination (read like an SDK client's); anything else is not evaluated. */
const SPELLED_ARGUMENTS = new Set(['string_literal', 'verbatim_string_literal', 'interpolated_string_expression', 'binary_expression', 'object_creation_expression']);
/** A file's candidate creations are capped: only a workspace subclass among them ever counts. */
const MAX_CANDIDATES = 500;

/**
 * False when the class declared at `at` certainly has no base list: no `:` between its name and the first `{` (and
 * no comment or directive there that could hide one). Most classes have none, and this spares walking the tree to them.
 */
function mayHaveBaseList(text: string, at: number): boolean {
  const brace = text.indexOf('{', at);
  const head = brace < 0 ? text.slice(at) : text.slice(at, brace);
  return brace < 0 || head.includes(':') || head.includes('/') || head.includes('#');
}

/** True for the characters `\w` (and so `\b`) counts as word characters: ASCII letters, digits and `_`. */
function isWordCode(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

/**
 * The first match of `/\bclass\s+([A-Za-z_]\w*)/` at or after `from`, or null: the same matches as that pattern, but
 * found by a native search for `class` (the pattern tried its `\b` at every position of the text, which after an edit
 * that restructures the file is the whole text, on every such keystroke).
 */
export function nextClassName(text: string, from: number): RegExpExecArray | null {
  for (let i = text.indexOf('class', from); i >= 0; i = text.indexOf('class', i + 1)) {
    if (i > 0 && isWordCode(text.charCodeAt(i - 1))) {
      continue;
    }
    CLASS_NAME_AT.lastIndex = i;
    const m = CLASS_NAME_AT.exec(text);
    if (m) {
      return m;
    }
  }
  return null;
}

/** The classes a file declares with a base list, each with its first base type. */
export function classBases(text: string, model: CsharpModel): ClassBase[] {
  return splicedBases.results('', text, model);
}

/** The class bases from matches in `[from, to)`, placed by the class name. */
export function classBasesIn(_key: string, text: string, model: CsharpModel, from: number, to: number): Placed<ClassBase>[] {
  const out: Placed<ClassBase>[] = [];
  for (let m = nextClassName(text, from); m && m.index < to; m = nextClassName(text, m.index + m[0].length)) {
    const at = m.index + m[0].length - (m[1] ?? '').length;
    if (inRanges(model.dead, at) || !mayHaveBaseList(text, at)) {
      continue;
    }
    const id = model.ancestry.descend(at).pop();
    const cls = id?.type === 'identifier' ? model.ancestry.up(id) : null;
    if (!cls || cls.type !== 'class_declaration' || cls.childForFieldName('name')?.startIndex !== at) {
      continue;
    }
    const first = cls.namedChildren.find((c) => c?.type === 'base_list')?.namedChildren.find((c) => c !== null && c.type !== 'comment');
    if (first) {
      const typeText = model.scope.expandAlias(first.text.replace(/\s+/g, ''));
      out.push({ start: at, end: at + (m[1] ?? '').length, item: { name: m[1] ?? '', base: splitTypeName(typeText).name, sdk: isDynamicsClientType(typeText, model.usings.namespaces) } });
    }
  }
  return out;
}

/**
 * `new X(…)` of types that are not SDK client types, as creations: one of them is a client creation when X turns out
 * to be a workspace class deriving from a client type, which only the whole workspace can tell.
 */
export function creationCandidates(text: string, model: CsharpModel): ClientCreation[] {
  return splicedCandidates.results('', text, model);
}

/** The candidate creations from matches in `[from, to)`, placed by the creation's span. */
export function creationCandidatesIn(_key: string, text: string, model: CsharpModel, from: number, to: number): Placed<ClientCreation>[] {
  const out: Placed<ClientCreation>[] = [];
  const up = (n: SyntaxNode): SyntaxNode | null => model.ancestry.up(n);
  NEW_TYPE.lastIndex = from;
  let m: RegExpExecArray | null;
  while ((m = NEW_TYPE.exec(text)) && m.index < to && out.length < MAX_CANDIDATES) {
    const at = m.index + m[0].indexOf(m[1] ?? '', 3);
    // The type as the pattern read it is the one the tree reads unless `global::` precedes it: an SDK client type
    // is skipped here, before the tree is walked, as it would be below.
    if (inRanges(model.dead, at) || (!m[0].includes('::') && isDynamicsClientType(model.scope.expandAlias(m[1] ?? ''), model.usings.namespaces))) {
      continue;
    }
    let typeNode = model.ancestry.descend(at).pop();
    for (let p = typeNode ? up(typeNode) : null; typeNode && p && TYPE_WRAPPERS.has(p.type); p = up(p)) {
      typeNode = p;
    }
    const creation = typeNode ? up(typeNode) : null;
    if (!typeNode || !creation || creation.type !== 'object_creation_expression' || creation.childForFieldName('type')?.startIndex !== typeNode.startIndex) {
      continue;
    }
    const typeText = model.scope.expandAlias(typeNode.text.replace(/\s+/g, ''));
    if (isDynamicsClientType(typeText, model.usings.namespaces)) {
      continue;
    }
    const first = argumentExpressions(creation)[0];
    const target = first && SPELLED_ARGUMENTS.has(first.type) ? connectionOf([first], (n) => model.evaluator.evaluate(n)) : { urls: [], authType: undefined };
    const statement = enclosingStatement(creation, up);
    const span = { start: creation.startIndex, end: creation.endIndex };
    out.push({
      ...span,
      item: {
        span,
        typeName: splitTypeName(typeText).name,
        statement: statement ? { start: statement.startIndex, end: statement.endIndex } : undefined,
        body: enclosingBodyOwner(creation, up)?.startIndex,
        urls: target.urls,
        ...(target.authType ? { authType: target.authType } : {}),
      },
    });
  }
  return out;
}

/** Class bases and candidate creations spliced after a local edit (splicedReader.ts), as the model's records are. */
const splicedBases = new SplicedReader<ClassBase>(classBasesIn);
const splicedCandidates = new SplicedReader<ClientCreation>(creationCandidatesIn, MAX_CANDIDATES);
