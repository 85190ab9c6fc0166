import { dynamicsVerdict } from '../model/protocolVerdict';
import { SyntaxNode, SyntaxTree } from '../parsing/parserPort';
import { DEPRECATED, WINDOWS_POWERSHELL_DEFAULT, evaluateProtocols, protocolNames } from './protocolSet';
import { NO_LINKS, ProtocolWrite } from './flowTypes';
import { analyzeScriptFlow } from './scriptFlow';
import { scriptIndexOf } from './scriptIndex';
import { appendAll } from '../util/arrays';

/** What a hover shows in a script: markdown and the offsets it describes. */
export interface ScriptHover {
  markdown: string;
  span: { start: number; end: number };
}

interface IndexableNode extends SyntaxNode {
  descendantForIndex(start: number, end?: number): SyntaxNode | null;
}

/** Nodes the climb from the cursor stops at: a protocol expression never spans them. */
const STATEMENT_NODES = new Set(['assignment_expression', 'pipeline', 'statement_list', 'program', 'command', 'if_statement', 'script_block']);

/** A protocol expression and its value: the set (from Windows PowerShell's default) and what it adds itself. */
interface DecodedExpression {
  node: SyntaxNode;
  set: number;
  written: number;
  readsCurrent: boolean;
}

/** The largest protocol-valued expression around an offset (a member, a cast, a `-bor`/`-band` chain), with its value. */
function protocolExpressionAt(tree: SyntaxTree, offset: number, resolve: (name: string) => SyntaxNode | undefined): DecodedExpression | undefined {
  let best: DecodedExpression | undefined;
  for (let n = (tree.rootNode as IndexableNode).descendantForIndex(offset, offset); n && !STATEMENT_NODES.has(n.type); n = n.parent) {
    const value = evaluateProtocols(n, WINDOWS_POWERSHELL_DEFAULT, resolve);
    if (value) {
      best = { node: n, set: value.set, written: value.written, readsCurrent: value.readsCurrent };
    } else if (best) {
      break;
    }
  }
  return best;
}

function setText(set: number): string {
  return `\`${protocolNames(set)}\` (${set})`;
}

/** What a write to `SecurityProtocol` does to the process, in lines of markdown. */
function writeLines(write: ProtocolWrite, requiresCore: boolean): string[] {
  const lines = [`**[Net.ServicePointManager]::SecurityProtocol** \`${write.operator}\`: sets the protocols of every later connection in this PowerShell process`];
  if (write.result === undefined) {
    lines.push('**After this line** cannot be resolved (not a constant set)');
    return lines;
  }
  lines.push(`**After this line** ${setText(write.result)}`);
  if ((write.result & DEPRECATED) !== 0) {
    lines.push(`**Deprecated members on offer** \`${protocolNames(write.result & DEPRECATED)}\`: other endpoints may still negotiate them`);
  }
  lines.push(
    requiresCore
      ? '**PowerShell 6+** web cmdlets ignore `ServicePointManager`; the OS chooses'
      : `**Dynamics 365 online** ${dynamicsVerdict(write.result)}`,
  );
  return lines;
}

/**
 * Describes the protocol expression or `SecurityProtocol` write under an offset of a PowerShell script with the same
 * decoding as C#: the decoded set of `-bor`/`-band` chains, numbers, casts and `[Net.SecurityProtocolType]` members
 * (a chain on the current value starts from Windows PowerShell 5.1's `Ssl3, Tls`), and what the line leaves the process
 * with. Undefined when the offset is on nothing protocol-related.
 */
export function describeScriptProtocolAt(tree: SyntaxTree, text: string, path: string, offset: number): ScriptHover | undefined {
  const values = scriptIndexOf(tree, text).declarations.values;
  const expression = protocolExpressionAt(tree, offset, (name) => values.get(name));
  const flow = analyzeScriptFlow(tree, text, path, { links: NO_LINKS });
  const write = flow.writes.find((w) => offset >= w.statement.startIndex && offset <= w.statement.endIndex);
  if (!expression && !write) {
    return undefined;
  }
  const lines: string[] = [];
  if (expression) {
    const written = text.slice(expression.node.startIndex, expression.node.endIndex).replace(/\s+/g, ' ');
    const value = !expression.readsCurrent
      ? setText(expression.set)
      : write
        ? `the current value combined with ${setText(expression.written)}`
        : `${setText(expression.set)} from the current value (Windows PowerShell 5.1 starts with \`${protocolNames(WINDOWS_POWERSHELL_DEFAULT)}\`)`;
    lines.push(`**SecurityProtocolType** \`${written}\` = ${value}`);
    if (!write) {
      lines.push(`**Dynamics 365 online** ${dynamicsVerdict(expression.set)}`);
    }
  }
  if (write) {
    appendAll(lines, writeLines(write, flow.requiresCore));
  }
  const node = write?.statement ?? expression?.node;
  return { markdown: lines.join('\n\n'), span: { start: node?.startIndex ?? offset, end: node?.endIndex ?? offset } };
}
