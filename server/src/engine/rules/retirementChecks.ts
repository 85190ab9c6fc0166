import { RuleContext } from '../model/ruleContext';
import { SyntaxNode } from '../parsing/parserPort';
import { psTree } from '../powershell/psTree';

/** A DYN rule's checks per file kind. */
export interface RetirementChecks {
  config(ctx: RuleContext): void;
  csharp(ctx: RuleContext): void;
  script(ctx: RuleContext, root: SyntaxNode): void;
}

/**
 * Runs the check of the file's kind, except in a plug-in or workflow-activity project: those run inside Dynamics and
 * connect to nothing, so the online-only retirements do not apply to them (docs/rules/DYN101.md, DYN102.md).
 */
export function runRetirementChecks(ctx: RuleContext, checks: RetirementChecks): void {
  if (ctx.project?.kind === 'plugin') {
    return;
  }
  if (ctx.kind === 'config') {
    checks.config(ctx);
  } else if (ctx.kind === 'csharp') {
    checks.csharp(ctx);
  } else if (ctx.tree) {
    // The plain copy of the script's tree that the PowerShell rules read too (made once per tree).
    checks.script(ctx, psTree(ctx.tree, ctx.text));
  }
}
