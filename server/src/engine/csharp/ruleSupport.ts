import { allElements, attributeValue } from '../parsing/xmlModel';
import { ProjectModel } from '../project/projectModel';
import { RuleContext } from '../rules/rule';
import { CsharpModel, csharpModel } from './csharpModel';
import { TargetDefaults, targetDefaults } from './protocols';

const SYSTEM_DEFAULT_SWITCH = 'switch.system.net.dontenablesystemdefaulttlsversions';

/** What every C# rule starts from: the file's model and the defaults of the project that compiles it. */
export interface CsharpRuleInput {
  model: CsharpModel;
  defaults: TargetDefaults;
  project: ProjectModel | undefined;
  /** Why the target is unknown, for messages ("no project file compiles this file"). */
  unknownReason: string | undefined;
}

/** The model and target defaults of a C# file, or undefined when the file has no tree. */
export function csharpInput(ctx: RuleContext): CsharpRuleInput | undefined {
  if (!ctx.tree) {
    return undefined;
  }
  const project = ctx.project;
  const defaults = targetDefaults(project?.lowestTarget, project !== undefined && project.targets.length === 0);
  const unknownReason = !project
    ? 'no project file compiles this file, so its target framework is unknown'
    : defaults.family === 'unknown'
      ? `the target framework of ${project.path.split('/').pop() ?? 'the project'} is ${project.lowestTarget ? project.lowestTarget.display + ' (the host decides)' : 'not known'}`
      : undefined;
  return { model: csharpModel(ctx.tree, ctx.text), defaults, project, unknownReason };
}

/** The target as messages name it: "on .NET Framework 4.5.2" or the reason it is unknown. */
export function onTarget(input: CsharpRuleInput): string {
  return input.unknownReason ? `(${input.unknownReason}; judged as .NET Framework 4.0 behaviour)` : `on ${input.defaults.label}`;
}

/**
 * True when the project's config (or this file) sets `Switch.System.Net.DontEnableSystemDefaultTlsVersions` to
 * false, which lets SystemDefault / SslProtocols.None work below 4.7 (FACTS.md §4.1).
 */
export function systemDefaultAllowed(ctx: RuleContext, input: CsharpRuleInput): boolean {
  for (const call of input.model.switches) {
    if (call.name.kind === 'string' && call.name.value.toLowerCase() === SYSTEM_DEFAULT_SWITCH && call.value.kind === 'bool' && !call.value.value) {
      return true;
    }
  }
  for (const path of input.project?.configFiles ?? []) {
    const file = ctx.indexedFile(path);
    if (!file) {
      continue;
    }
    for (const el of allElements(file.xml)) {
      if (el.localName === 'AppContextSwitchOverrides' && el.parent?.localName === 'runtime') {
        for (const pair of (attributeValue(el, 'value') ?? '').split(';')) {
          const [name, v] = pair.split('=').map((s) => s.trim().toLowerCase());
          if (name === SYSTEM_DEFAULT_SWITCH && v === 'false') {
            return true;
          }
        }
      }
      if (el.localName === 'add' && el.parent?.localName === 'appSettings') {
        const key = (attributeValue(el, 'key') ?? '').toLowerCase();
        if (key === `appcontext.setswitch:${SYSTEM_DEFAULT_SWITCH}` && (attributeValue(el, 'value') ?? '').toLowerCase() === 'false') {
          return true;
        }
      }
    }
  }
  return false;
}
