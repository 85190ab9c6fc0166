import { Hover, HoverParams, MarkupKind } from 'vscode-languageserver';
import { hoverAt } from '../engine/hover';
import { LineIndex } from '../engine/text/lineIndex';
import { isLogPath, logHover, logMatches } from './logExplain';
import { ServerParts } from './serverCore';
import { grammarReady } from './grammarReady';

/**
 * The hover of an open document, as the engine describes it (C#, PowerShell, config switches, `.reg` values, log
 * lines): the adapter only turns offsets into positions. Uses the document's current tree; a document not yet prepared
 * is parsed first, and one above `dynamicsTls.maxFileSizeKB` is never parsed (no hover).
 */
export async function hoverFor(s: ServerParts, params: HoverParams): Promise<Hover | null> {
  const uri = params.textDocument.uri;
  const open = s.documents.get(uri);
  if (open?.prepared === false) {
    const settings = await s.settings.get(uri);
    await grammarReady(s.analyzer.parser, open.path);
    s.documents.prepare(uri, settings.maxFileSizeKB);
  }
  const doc = s.documents.get(uri);
  if (doc?.capped) {
    return null;
  }
  if (doc && isLogPath(doc.path)) {
    return logHover(logMatches(doc, doc.text), params.position);
  }
  if (!doc) {
    return null;
  }
  const lines = new LineIndex(doc.text);
  const info = hoverAt({ path: doc.path, text: doc.text, tree: doc.tree, project: s.analyzer.index.ownerOf(doc.path) }, lines.offsetAt(params.position));
  if (!info) {
    return null;
  }
  return { contents: { kind: MarkupKind.Markdown, value: info.markdown }, range: lines.rangeOf(info.span.start, info.span.end) };
}
