import { Hover, HoverParams, MarkupKind } from 'vscode-languageserver';
import { describeProtocolAt } from '../engine/csharp/protocolHover';
import { LineIndex } from '../engine/text/lineIndex';
import { isLogPath, logHover, logMatches } from './logExplain';
import { ServerParts } from './serverCore';

/**
 * Hover on a C# protocol expression or `SecurityProtocol` write: the decoded set, what the owning project's target
 * sends by default, and whether Dynamics 365 online accepts the result. Uses the document's current tree (no parse).
 */
export function hoverFor(s: ServerParts, params: HoverParams): Hover | null {
  const doc = s.documents.get(params.textDocument.uri);
  if (doc && isLogPath(doc.path)) {
    return logHover(logMatches(doc, doc.text), params.position);
  }
  if (!doc || doc.grammar !== 'c_sharp' || !doc.tree) {
    return null;
  }
  const lines = new LineIndex(doc.text);
  const info = describeProtocolAt(doc.tree, doc.text, lines.offsetAt(params.position), s.analyzer.index.ownerOf(doc.path));
  if (!info) {
    return null;
  }
  return { contents: { kind: MarkupKind.Markdown, value: info.markdown }, range: lines.rangeOf(info.span.start, info.span.end) };
}
