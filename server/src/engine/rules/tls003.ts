import { appendChildEdit } from '../config/xmlEdits';
import { fileFix } from '../fixes/textFix';
import { XmlElement, attributeValue } from '../parsing/xmlModel';
import { configurationOf } from '../project/projectFile';
import { ProjectModel } from '../project/projectModel';
import { Rule } from './rule';
import { RuleContext } from '../model/ruleContext';

const NOTE = 'vshost.exe is built for .NET Framework 4.5, so connections to Dynamics 365 online fail under the debugger even when the target is 4.6.2 or later';
const ACTION = "disable the hosting process (Project Properties → Debug → clear 'Enable the Visual Studio hosting process'). Visual Studio 2017 and later are not affected";
const MARKUP = '<UseVSHostingProcess>false</UseVSHostingProcess>';

/** TLS003: a VS 2015 exe/winexe project whose Debug configuration uses the hosting process (built for .NET 4.5). */
export const tls003: Rule = {
  meta: {
    id: 'TLS003',
    title: 'Visual Studio 2015 hosting process (vshost.exe) in Debug',
    defaultSeverity: 'information',
    kinds: ['project'],
    hasSafeFix: true,
    summary: 'Visual Studio 2015 runs the Debug build inside vshost.exe, built for .NET 4.5, so Dynamics connections fail only under the debugger.',
  },
  check(ctx: RuleContext): void {
    const model = ctx.project;
    if (!model || model.path !== ctx.path || model.sdkStyle || (model.toolsVersion ?? '').trim() !== '14.0') {
      return;
    }
    const out = model.outputType;
    if (model.kind === 'web' || (out !== 'exe' && out !== 'winexe')) {
      return;
    }
    const groups = model.file.propertyGroups;
    const unconditional = groups.filter((g) => attributeValue(g, 'Condition') === undefined);
    if (unconditional.some((g) => hostingValue(g) === 'false')) {
      return;
    }
    const debug = groups.filter((g) => (configurationOf(attributeValue(g, 'Condition')) ?? '').toLowerCase() === 'debug');
    const targets = debug.length > 0 ? debug : unconditional.slice(0, 1);
    for (const group of targets) {
      report(ctx, model, group);
    }
  },
};

function hostingElement(group: XmlElement): XmlElement | undefined {
  return group.children.find((c) => c.localName === 'UseVSHostingProcess');
}

function hostingValue(group: XmlElement): string | undefined {
  return hostingElement(group)?.text.trim().toLowerCase();
}

function report(ctx: RuleContext, model: ProjectModel, group: XmlElement): void {
  const el = hostingElement(group);
  if (el && el.text.trim().toLowerCase() === 'false') {
    return;
  }
  const config = attributeValue(group, 'Condition') ? `the ${/'([^']*)'\s*$/.exec(attributeValue(group, 'Condition') ?? '')?.[1] ?? 'Debug'} configuration` : 'the project';
  const label = model.outputType === 'winexe' ? 'Windows application' : 'Console application';
  const message = `${label} built by Visual Studio 2015 (ToolsVersion 14.0) is debugged inside the hosting process vshost.exe in ${config}; ${NOTE}: ${ACTION}.`;
  const root = model.file.root;
  const toolsVersion = root?.attributes.find((a) => a.name === 'ToolsVersion');
  const related = toolsVersion ? [ctx.related({ path: model.path, start: toolsVersion.start, end: toolsVersion.end, description: 'ToolsVersion="14.0": a Visual Studio 2015 project' })].flatMap((r) => r ?? []) : [];
  if (el) {
    const edit = el.textStart !== undefined && el.textEnd !== undefined ? { start: el.textStart, end: el.textEnd, newText: 'false' } : undefined;
    ctx.report({
      severity: 'information',
      message,
      start: el.start,
      end: el.end,
      fixes: edit ? [fileFix('Disable the Visual Studio hosting process', true, model.path, ctx.lines, [edit])] : [],
      related,
    });
    return;
  }
  const edit = appendChildEdit(ctx.lines, group, MARKUP);
  ctx.report({
    severity: 'information',
    message,
    start: group.start,
    end: group.startTagEnd,
    fixes: edit ? [fileFix('Disable the Visual Studio hosting process', true, model.path, ctx.lines, [edit])] : [],
    related,
  });
}
