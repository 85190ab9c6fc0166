import { Fix } from '../model/finding';
import { OffsetEdit, fileFix, indentationAt } from '../fixes/textFix';
import { XmlElement, allElements, attributeValue } from '../parsing/xmlModel';
import { RuleContext } from '../model/ruleContext';
import { CsharpRuleInput } from './ruleSupport';

const SWITCH = 'Switch.System.Net.DontEnableSystemDefaultTlsVersions';

/**
 * "Set DontEnableSystemDefaultTlsVersions=false in <config>": an edit of the project's app.config/web.config that adds
 * the pair to an existing `AppContextSwitchOverrides` value (or flips it), or adds the element under `<runtime>`, or a
 * `<runtime>` block under `<configuration>` — same indentation and line endings; none when there is no config file.
 */
export function systemDefaultSwitchFix(ctx: RuleContext, input: CsharpRuleInput): Fix[] {
  const path = input.project?.configFiles.find((p) => /(^|\/)(app|web)\.config$/i.test(p));
  const file = path ? ctx.indexedFile(path) : undefined;
  const lines = path ? ctx.linesOf(path) : undefined;
  if (!path || !file || !lines) {
    return [];
  }
  const elements = allElements(file.xml);
  const overrides = elements.find((e) => e.localName === 'AppContextSwitchOverrides' && e.parent?.localName === 'runtime');
  const runtime = elements.find((e) => e.localName === 'runtime' && e.parent?.localName === 'configuration');
  const configuration = elements.find((e) => e.localName === 'configuration' && !e.parent);
  const eol = lines.dominantEol();
  let edit: OffsetEdit | undefined;
  const valueAttr = overrides?.attributes.find((a) => a.name === 'value');
  if (overrides && valueAttr) {
    const value = attributeValue(overrides, 'value') ?? '';
    const pairs = value.split(';').filter((p) => p.trim() !== '' && p.split('=')[0]?.trim().toLowerCase() !== SWITCH.toLowerCase());
    edit = { start: valueAttr.valueStart, end: valueAttr.valueEnd, newText: [...pairs, `${SWITCH}=false`].join(';') };
  } else if (runtime && runtime.endTagStart !== undefined) {
    edit = insertChild(lines.text, runtime, `<AppContextSwitchOverrides value="${SWITCH}=false" />`, eol, (at) => indentationAt(lines, at));
  } else if (configuration && configuration.endTagStart !== undefined) {
    const inner = `${indentationAt(lines, configuration.start)}  `;
    const block = `<runtime>${eol}${inner}  <AppContextSwitchOverrides value="${SWITCH}=false" />${eol}${inner}</runtime>`;
    edit = insertChild(lines.text, configuration, block, eol, (at) => indentationAt(lines, at));
  }
  return edit ? [fileFix(`Set ${SWITCH}=false in ${path.split('/').pop() ?? 'the config'}`, false, path, lines, [edit])] : [];
}

/** Inserts a child element on its own line just before the parent's end tag, indented one step deeper than the parent. */
function insertChild(text: string, parent: XmlElement, child: string, eol: string, indentOf: (offset: number) => string): OffsetEdit {
  const endTag = parent.endTagStart ?? parent.end;
  const parentIndent = indentOf(parent.start);
  const lineStart = text.lastIndexOf('\n', endTag - 1) + 1;
  const endTagOnOwnLine = /^[ \t]*$/.test(text.slice(lineStart, endTag));
  const inner = `${parentIndent}  `;
  if (endTagOnOwnLine) {
    return { start: lineStart, end: lineStart, newText: `${inner}${child}${eol}` };
  }
  return { start: endTag, end: endTag, newText: `${eol}${inner}${child}${eol}${parentIndent}` };
}
