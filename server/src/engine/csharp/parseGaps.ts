import { SyntaxNode } from '../parsing/parserPort';
import { inRanges } from './ancestry';
import { CsharpModel, ParseGap, RecordListName, Span } from './csharpRecords';
import { RECORD_KINDS, recordTrigger } from './recordKinds';
import { writtenValues } from './writeVerdict';

/** The rule that judges each record list's records (the first of its family: TLS020 for every SecurityProtocol rule). */
const RULE_OF_LIST: Record<RecordListName, string> = { writes: 'TLS020', sslUses: 'TLS024', switches: 'TLS025', creations: 'TLS027', proxyProperties: 'DYN101' };

/** The rule of each trigger word, by its first record kind (recordKinds.ts): a word of two kinds keeps the first's. */
const RULE_OF_WORD = new Map(RECORD_KINDS.flatMap((kind) => kind.words.map((word) => [word, RULE_OF_LIST[kind.list]] as const)).reverse());

/** Statement-like nodes: where a broken part stops affecting a trigger word (a broken method name leaves its body's statements whole). */
const STATEMENT = /_statement$|^(field_declaration|property_declaration|event_field_declaration|global_statement)$/;

/**
 * The trigger words of a file whose tree holds syntax errors that no judged record covers: the word lies inside an
 * `ERROR` node, or in a statement that holds one, and no write with a folded value, client creation, switch call or
 * protocol use was recorded there. A file that parses has none (checked first: `hasError` is one call).
 */
export function parseGaps(root: SyntaxNode, text: string, model: CsharpModel, from = 0, to = text.length): ParseGap[] {
  if (!root.hasError) {
    return [];
  }
  const judged: Span[] = [
    ...model.writes.filter((w) => writtenValues(w) !== undefined).map((w) => w.span),
    ...model.creations.map((c) => c.span),
    ...model.switches.map((s) => s.span),
    ...model.sslUses.filter((u) => u.value.kind === 'number').map((u) => u.span),
  ];
  const out: ParseGap[] = [];
  const words = recordTrigger();
  words.lastIndex = from;
  let m: RegExpExecArray | null;
  while ((m = words.exec(text)) && m.index < to) {
    const at = m.index;
    if (inRanges(model.dead, at) || judged.some((s) => s.start <= at && at < s.end)) {
      continue;
    }
    const chain = model.ancestry.descend(at);
    const leaf = chain[chain.length - 1];
    if (!leaf || /comment|string|character/.test(leaf.type)) {
      continue;
    }
    const statement = [...chain].reverse().find((n) => STATEMENT.test(n.type));
    if (chain.some((n) => n.type === 'ERROR') || statement?.hasError) {
      out.push({ word: m[0], span: { start: at, end: at + m[0].length }, ruleId: RULE_OF_WORD.get(m[0]) ?? 'TLS020' });
    }
  }
  return out;
}

/**
 * The gaps of a model built from an earlier version (csharpModel.ts): the earlier gaps outside the member scanned again,
 * moved by the edit, and that member's own — when every syntax error of the tree lies inside that member (an error
 * elsewhere, or an `ERROR` node around the member, may have changed a gap outside it: then the whole file is read).
 */
export function reusedGaps(root: SyntaxNode, text: string, model: CsharpModel, previous: readonly ParseGap[]): ParseGap[] {
  const reuse = model.reused;
  if (!root.hasError) {
    return [];
  }
  if (!reuse || (reuse.from < reuse.to && !errorsWithin(root, reuse.from, reuse.to))) {
    return parseGaps(root, text, model);
  }
  const { change, from, to } = reuse;
  const delta = change.newEnd - change.oldEnd;
  const oldTo = to - delta;
  const move = (g: ParseGap): ParseGap => (g.span.start < change.start ? g : { ...g, span: { start: g.span.start + delta, end: g.span.end + delta } });
  const kept = previous.filter((g) => from === to || g.span.end <= from || g.span.start >= oldTo).map(move);
  if (from === to) {
    return kept;
  }
  return [...kept.filter((g) => g.span.start < from), ...parseGaps(root, text, model, from, to), ...kept.filter((g) => g.span.start >= from)];
}

/** True when every node with a syntax error below `node` lies inside `[from, to)` (and no `ERROR` node holds that range). */
function errorsWithin(node: SyntaxNode, from: number, to: number): boolean {
  for (const c of node.children) {
    if (!c || !c.hasError || (c.startIndex >= from && c.endIndex <= to)) {
      continue;
    }
    if (c.type === 'ERROR' || c.endIndex <= from || c.startIndex >= to || !errorsWithin(c, from, to)) {
      return false;
    }
  }
  return true;
}
