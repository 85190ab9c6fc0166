import { appendChildEdit, eolAt, indentUnit, lineIndentAt, startsLine } from '../config/xmlEdits';
import { SwitchSite } from '../config/switchOverrides';
import { Fix } from '../model/finding';
import { OffsetEdit, fileFix } from '../fixes/textFix';
import { XmlElement } from '../parsing/xmlModel';
import { LineIndex } from '../text/lineIndex';
import { RuleContext } from '../model/ruleContext';

/** Removes an element, with its whole line(s) when it stands alone on them, so no blank line is left behind. */
export function removeElementEdit(lines: LineIndex, el: XmlElement): OffsetEdit {
  const startLine = lines.positionAt(el.start).line;
  const endPos = lines.positionAt(el.end);
  const alone = startsLine(lines, el.start) && lines.lineText(endPos.line).slice(endPos.character).trim() === '';
  if (alone && lines.lineEnding(endPos.line) !== '') {
    return { start: lines.lineStart(startLine), end: lines.lineStart(endPos.line + 1), newText: '' };
  }
  return { start: el.start, end: el.end, newText: '' };
}

/** "Move into <runtime>": only where unambiguous (one root, and its <runtime> holds no AppContextSwitchOverrides yet). */
export function misplacedFixes(ctx: RuleContext, site: SwitchSite): Fix[] {
  const roots = ctx.xml?.roots.filter((r) => r.localName === 'configuration') ?? [];
  const root = roots[0];
  if (roots.length !== 1 || !root) {
    return [];
  }
  const runtimes = root.children.filter((c) => c.localName === 'runtime');
  if (runtimes.length > 1 || runtimes.some((r) => r.children.some((c) => c.localName === 'AppContextSwitchOverrides'))) {
    return [];
  }
  const markup = ctx.text.slice(site.element.start, site.element.end);
  const remove = removeElementEdit(ctx.lines, site.element);
  const runtime = runtimes[0];
  let insert: OffsetEdit | undefined;
  if (runtime) {
    insert = appendChildEdit(ctx.lines, runtime, markup);
  } else {
    const unit = indentUnit(ctx.lines, root);
    const indent = root.children[0] ? lineIndentAt(ctx.lines, root.children[0].start) : unit;
    const eol = eolAt(ctx.lines, root.start);
    insert = appendChildEdit(ctx.lines, root, `<runtime>${eol}${indent}${unit}${markup}${eol}${indent}</runtime>`);
  }
  if (!insert || (insert.start >= remove.start && insert.start < remove.end)) {
    return [];
  }
  return [fileFix('Move AppContextSwitchOverrides into <runtime>', false, ctx.path, ctx.lines, [remove, insert])];
}

/** "Merge into the first element": appends the pairs to the first element's value and removes the duplicate. */
export function duplicateFixes(ctx: RuleContext, sites: readonly SwitchSite[], site: SwitchSite): Fix[] {
  const first = sites.find((s) => s.kind === 'overrides' && s.placed && !s.duplicate);
  if (!first?.attribute || !site.attribute) {
    return [];
  }
  const extra = ctx.text.slice(site.attribute.valueStart, site.attribute.valueEnd).trim().replace(/^;+|;+$/g, '');
  const existing = ctx.text.slice(first.attribute.valueStart, first.attribute.valueEnd);
  const separator = existing.trim() === '' || existing.trimEnd().endsWith(';') ? '' : ';';
  const append: OffsetEdit = { start: first.attribute.valueEnd, end: first.attribute.valueEnd, newText: separator + extra };
  return [fileFix('Merge into the first AppContextSwitchOverrides', false, ctx.path, ctx.lines, [append, removeElementEdit(ctx.lines, site.element)])];
}
