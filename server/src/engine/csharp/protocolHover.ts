import { dynamicsVerdict } from '../model/protocolVerdict';
import { SyntaxNode, SyntaxTree } from '../parsing/parserPort';
import { ProjectModel } from '../project/projectModel';
import { EvalValue } from './constEval';
import { Span, csharpModel } from './csharpModel';
import { targetDefaults } from '../project/runtime';
import { ALL_PROTOCOL_BITS, ProtocolEnum, describeDefault, formatProtocolSet } from './protocols';
import { resultingSet } from './writeVerdict';

/** What a hover shows for a protocol expression: markdown and the range it describes. */
export interface ProtocolHover {
  markdown: string;
  span: Span;
}

interface IndexableNode extends SyntaxNode {
  descendantForIndex(start: number, end?: number): SyntaxNode | null;
}

const EXPRESSION_PARENTS = new Set(['binary_expression', 'parenthesized_expression', 'cast_expression', 'prefix_unary_expression', 'member_access_expression']);

function decoded(value: EvalValue, en: ProtocolEnum): string {
  if (value.kind !== 'number') {
    return value.kind === 'unknown' ? `cannot be resolved: ${value.reason}` : 'not a protocol value';
  }
  if (value.readsCurrent) {
    return 'depends on the current `ServicePointManager.SecurityProtocol`';
  }
  const masked = value.zero & ALL_PROTOCOL_BITS;
  const invalid = value.zero !== masked ? ` — also sets bits outside the enum (${value.zero}), which the setter rejects` : '';
  return `\`${formatProtocolSet(masked, en)}\` (${masked})${invalid}`;
}

/** The largest protocol-valued expression around an offset (a member, a cast, an operator chain), if any. */
function protocolExpressionAt(tree: SyntaxTree, model: ReturnType<typeof csharpModel>, offset: number): { node: SyntaxNode; value: EvalValue; en: ProtocolEnum } | undefined {
  const start = (tree.rootNode as IndexableNode).descendantForIndex(offset, offset);
  let best: { node: SyntaxNode; value: EvalValue; en: ProtocolEnum } | undefined;
  for (let n: SyntaxNode | null = start; n; n = n.parent) {
    if (!EXPRESSION_PARENTS.has(n.type) && n.type !== 'identifier' && n.type !== 'integer_literal' && n.type !== 'invocation_expression') {
      break;
    }
    const value = model.evaluator.evaluate(n);
    if (value.kind === 'number' && value.enumType) {
      best = { node: n, value, en: value.enumType };
    } else if (best) {
      break;
    }
  }
  return best;
}

/**
 * Describes the protocol expression or `SecurityProtocol` write under an offset: the decoded set (3072 → Tls12),
 * what the owning project's target sends by default, the set after the statement, and whether Dynamics 365 online
 * accepts it. Undefined when the offset is on nothing protocol-related.
 */
export function describeProtocolAt(tree: SyntaxTree, text: string, offset: number, project: ProjectModel | undefined): ProtocolHover | undefined {
  const model = csharpModel(tree, text);
  const defaults = targetDefaults(project?.lowestTarget, project !== undefined && project.targets.length === 0);
  const targetLine = `**Target** ${project ? '' : '(no project: unknown, judged as 4.0) '}${describeDefault(defaults)}`;
  const write = model.writes.find((w) => offset >= w.span.start && offset <= w.span.end);
  if (write) {
    const lines = [`**ServicePointManager.SecurityProtocol** \`${write.operator}\` ${decoded(write.value, 'SecurityProtocolType')}`, targetLine];
    const part = protocolExpressionAt(tree, model, offset);
    if (part && (part.node.startIndex !== write.valueSpan.start || part.node.endIndex !== write.valueSpan.end) && part.node.startIndex >= write.valueSpan.start) {
      lines.unshift(`**${part.en}** \`${text.slice(part.node.startIndex, part.node.endIndex)}\` = ${decoded(part.value, part.en)}`);
    }
    if (write.value.kind === 'number') {
      if (defaults.family === 'modern') {
        lines.push('**Effect** none on HttpClient / ServiceClient: modern .NET uses the OS defaults');
      } else {
        const after = resultingSet(write, write.value, defaults.defaultSet);
        lines.push(`**After this statement** \`${formatProtocolSet(after)}\``, `**Dynamics 365 online** ${dynamicsVerdict(after)}`);
      }
    }
    return { markdown: lines.join('\n\n'), span: write.span };
  }
  const best = protocolExpressionAt(tree, model, offset);
  if (!best) {
    return undefined;
  }
  const lines = [`**${best.en}** ${decoded(best.value, best.en)}`, targetLine];
  if (best.value.kind === 'number' && !best.value.readsCurrent) {
    lines.push(`**Dynamics 365 online** ${dynamicsVerdict(best.value.zero & ALL_PROTOCOL_BITS)}`);
  }
  return { markdown: lines.join('\n\n'), span: { start: best.node.startIndex, end: best.node.endIndex } };
}
