import { Fix } from '../model/finding';
import { RuleContext } from '../model/ruleContext';
import { fileFix } from '../fixes/textFix';
import { retargetEdits } from '../project/retarget';
import { NETFX_47, NETFX_48, displayVersion } from '../project/targetFramework';
import { systemDefaultSwitchFix } from './configSwitchFix';
import { removeStatement } from './csharpEdits';
import { SecurityProtocolWrite } from './csharpModel';
import { CsharpRuleInput } from './ruleSupport';

/** "Remove the SecurityProtocol line": deletes the write's statement (its whole line when alone on it). */
export function removeWriteFix(ctx: RuleContext, w: SecurityProtocolWrite, safe: boolean, title = 'Remove the SecurityProtocol line'): Fix[] {
  return w.statement ? [fileFix(title, safe, ctx.path, ctx.lines, [removeStatement(ctx.lines, w.statement)])] : [];
}

/**
 * "Remove the SecurityProtocol lines": deletes every write of a straight run (SystemDefault is then the value, where
 * the OS chooses); none when one of them is not a statement of its own.
 */
export function removeRunFix(ctx: RuleContext, run: readonly SecurityProtocolWrite[], safe: boolean, title: string): Fix[] {
  const statements = run.map((w) => w.statement);
  if (statements.some((s) => s === undefined)) {
    return [];
  }
  return [fileFix(title, safe, ctx.path, ctx.lines, statements.map((s) => removeStatement(ctx.lines, s as NonNullable<typeof s>)))];
}

/**
 * The quick fixes for SystemDefault below 4.7: the config switch and a retarget to the preferred version when it is 4.7
 * or later, else to 4.8 — none for a PowerShell module, which neither reaches.
 */
export function systemDefaultFixes(ctx: RuleContext, input: CsharpRuleInput): Fix[] {
  const version = ctx.retargetTo >= NETFX_47 ? ctx.retargetTo : NETFX_48;
  return input.host === 'powershellModule' ? [] : [...systemDefaultSwitchFix(ctx, input), ...retargetFix(ctx, input, version)];
}

/** "Retarget project to .NET Framework <version>" for each legacy target of the owning project below `version` (a quick fix). */
export function retargetFix(ctx: RuleContext, input: CsharpRuleInput, version: number): Fix[] {
  const label = displayVersion(version);
  const project = input.project;
  if (!project) {
    return [];
  }
  const out: Fix[] = [];
  for (const def of project.targets) {
    if (!def.target || def.target.family !== 'netfx' || def.target.version >= version) {
      continue;
    }
    const edit = retargetEdits(project, def, version);
    const lines = edit ? ctx.linesOf(edit.path) : undefined;
    if (edit && lines) {
      out.push(fileFix(`Retarget project to .NET Framework ${label}`, false, edit.path, lines, edit.edits));
    }
  }
  return out;
}
