import { SyntaxNode, SyntaxTree } from '../parsing/parserPort';
import { ConstEvaluator } from './constEval';
import { Ancestry, inRanges } from './ancestry';
import { deadRanges } from './preprocessor';
import { knownEdit } from '../text/editTrail';
import { TextChange, findChange, isLocalChange, shiftOffsets } from './modelReuse';
import { FileScope, readUsings } from './fileScope';
import { CsharpModel, CsharpRecords, RECORD_LISTS, Span, emptyRecordLists, plainRecords, recordList } from './csharpRecords';
import { findRecord, recordTrigger } from './recordKinds';
import { MemberMemo, outermostMember } from './memberMemo';
import { appendAll } from '../util/arrays';
import { parseGaps, reusedGaps } from './parseGaps';

/** The model's record types, re-exported for the rules. */
export type { ClientCreation, CsharpModel, CsharpRecords, SecurityProtocolWrite, Span, SslProtocolsUse, SwitchCall } from './csharpRecords';

/** Identifiers that can start something the rules care about (recordKinds.ts); everything else in a file is never visited. */
const TRIGGER = recordTrigger();

const cache = new WeakMap<SyntaxTree, { text: string; model: CsharpModel }>();

/** The plain-data part of a model: what a later version of the same file may reuse outside the edited body. */
type RetainedModel = CsharpRecords & { text: string };

/** The last few models built (a keystroke's new text usually differs from one of them by one small edit). */
const recent: RetainedModel[] = [];
const RECENT_LIMIT = 4;

/**
 * The C# model of a tree, cached per tree (the language server keeps one tree per document version). After a small
 * edit inside one method body, the records outside that body are taken from the previous version (shifted) and only
 * the edited body is scanned again.
 */
export function csharpModel(tree: SyntaxTree, text: string): CsharpModel {
  const hit = cache.get(tree);
  if (hit && hit.text === text) {
    return hit.model;
  }
  const model = buildModel(tree.rootNode, text);
  const previous = model.reused && recent.find((r) => r.text === model.reused?.previousText);
  model.parseGaps = previous ? reusedGaps(tree.rootNode, text, model, previous.parseGaps) : parseGaps(tree.rootNode, text, model);
  cache.set(tree, { text, model });
  recent.unshift({ text, ...plainRecords(model) });
  recent.length = Math.min(recent.length, RECENT_LIMIT);
  return model;
}

/** The plain records of a tree's model, detached from the tree (which may then be freed). */
export function csharpRecords(tree: SyntaxTree, text: string): CsharpRecords {
  return plainRecords(csharpModel(tree, text));
}

/** Builds a model without reusing any earlier version: the reference the incremental path is tested against. */
export function csharpModelFromScratch(tree: SyntaxTree, text: string): CsharpModel {
  const model = buildModel(tree.rootNode, text, false);
  model.parseGaps = parseGaps(tree.rootNode, text, model);
  return model;
}

/** A previous version to reuse: the change from it and the range of the new text to scan again (empty: none). */
interface Reuse {
  previous: RetainedModel;
  change: TextChange;
  from: number;
  to: number;
}

/**
 * The previous version this text equals (a second tree of the same text: facts then analysis) or is a local edit
 * of, with the body to rescan; undefined means a full build.
 */
function reusable(text: string, ancestry: Ancestry): Reuse | undefined {
  const same = recent.find((r) => r.text === text);
  if (same) {
    return { previous: same, change: { start: text.length, oldEnd: text.length, newEnd: text.length }, from: 0, to: 0 };
  }
  for (const previous of recent) {
    // The language server's recorded edit when it has one (a true edit, never smaller than the compared one: reuse can
    // only be more cautious with it), else the two texts compared.
    const change = knownEdit(previous.text, text) ?? findChange(previous.text, text);
    if (!change || !isLocalChange(previous.text, text, change)) {
      continue;
    }
    const chain = ancestry.descend(change.start);
    // Typing inside a comment (no comment delimiter typed or deleted: the change is local) changes no record.
    const leaf = chain[chain.length - 1];
    if (leaf?.type === 'comment' && leaf.startIndex < change.start && leaf.endIndex > change.newEnd) {
      return { previous, change, from: 0, to: 0 };
    }
    // The outermost member that holds the edit: no record (an expression inside a body) can contain it.
    const owner = outermostMember(chain);
    if (!owner || owner.startIndex >= change.start || owner.endIndex <= change.newEnd) {
      return undefined;
    }
    return { previous, change, from: owner.startIndex, to: owner.endIndex };
  }
  return undefined;
}

/** Copies the previous records that lie outside the rescanned range (all of them when it is empty), shifted to the new text. */
function reuseRecords(model: CsharpModel, reuse: Reuse): void {
  const { previous, change, from, to } = reuse;
  const delta = change.newEnd - change.oldEnd;
  const oldTo = to - delta;
  const outside = (r: { span: Span }): boolean => from === to || r.span.end <= from || r.span.start >= oldTo;
  for (const name of RECORD_LISTS) {
    appendAll(recordList(model, name), recordList(previous, name).filter(outside).map((r) => shiftOffsets(r, change.start, delta)));
  }
}

/**
 * Builds the model by visiting only the places a trigger identifier occurs (found in the text with one regular
 * expression): the cost follows the number of mentions, not the size of the file, so a keystroke in a big file
 * re-analyses cheaply. Mentions in comments, strings and `#if false` branches are dropped.
 */
function buildModel(root: SyntaxNode, text: string, allowReuse = true): CsharpModel {
  const ancestry = new Ancestry(root);
  const reuse = allowReuse ? reusable(text, ancestry) : undefined;
  const usings = reuse ? reuse.previous.usings : readUsings(root);
  const dead = deadRanges(text, (offset) => !/comment|string|character/.test(ancestry.descend(offset).pop()?.type ?? ''));
  const scope = new FileScope(text, usings, ancestry, dead);
  const evaluator = new ConstEvaluator(scope);
  const model: CsharpModel = { usings, ...emptyRecordLists(), parseGaps: [], evaluator, scope, ancestry, dead };
  const seen = new Set<string>();
  const [from, to] = reuse ? [reuse.from, reuse.to] : [0, text.length];
  if (reuse) {
    reuseRecords(model, reuse);
    model.reused = { previousText: reuse.previous.text, change: reuse.change, from, to };
  }
  // A full build takes unchanged members' records from earlier builds (the reference build takes nothing).
  const members = allowReuse && !reuse ? new MemberMemo(model, usings, scope) : undefined;
  TRIGGER.lastIndex = from;
  let m: RegExpExecArray | null;
  while ((m = TRIGGER.exec(text)) && m.index < to) {
    if (inRanges(dead, m.index)) {
      continue;
    }
    const chain = ancestry.descend(m.index);
    const node = chain[chain.length - 1];
    // Comments and string contents are leaves of their own types: an identifier leaf is live code.
    if (!node || node.type !== 'identifier' || node.startIndex !== m.index) {
      continue;
    }
    if (members?.take(m.index, chain)) {
      TRIGGER.lastIndex = members.resumeAt;
      continue;
    }
    try {
      findRecord(node, m[0], model, seen);
    } catch {
      // A malformed fragment (an ERROR tree) gives no fact rather than a crash.
    }
  }
  members?.close();
  if (reuse) {
    const byStart = (a: { span: Span }, b: { span: Span }): number => a.span.start - b.span.start;
    for (const name of RECORD_LISTS) {
      recordList(model, name).sort(byStart);
    }
  }
  return model;
}
