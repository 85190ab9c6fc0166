import { Severity } from '../model/finding';
import { fileFix } from '../fixes/textFix';
import { moveStatementBefore } from '../csharp/csharpEdits';
import { lateWrites } from '../csharp/ordering';
import { destinationOf, onPremisesReason } from '../csharp/connectionTarget';
import { ClientCreation } from '../csharp/csharpModel';
import { CsharpRuleInput, csharpInput, onTarget } from '../csharp/ruleSupport';
import { ladderSeverity, ladderStep } from '../project/runtime';
import { NETFX_46 } from '../project/targetFramework';
import { Rule } from './rule';
import { RuleContext } from '../model/ruleContext';

/** TLS026: TLS 1.2 is enabled only after a Dynamics client was created in the same method. */
export const tls026: Rule = {
  meta: {
    id: 'TLS026',
    title: 'TLS 1.2 enabled after the Dynamics client is created',
    defaultSeverity: 'error',
    kinds: ['csharp'],
    hasSafeFix: false,
    summary: 'ServicePointManager.SecurityProtocol enables TLS 1.2 only after a Dynamics client was created in the same method.',
  },
  check(ctx: RuleContext): void {
    const input = csharpInput(ctx);
    if (!input) {
      return;
    }
    const { defaults } = input;
    // A binary PowerShell module runs inside Windows PowerShell 5.1 (Ssl3 | Tls) whatever it targets (docs/facts.md#which-process-runs-the-code).
    const powershell = input.host === 'powershellModule';
    // A plug-in runs inside Dynamics: client TLS rules do not apply (docs/rules/TLS002.md).
    if (input.project?.kind === 'plugin') {
      return;
    }
    if (defaults.family === 'modern' || (!powershell && defaults.target?.family === 'netfx' && defaults.target.version >= NETFX_46)) {
      return;
    }
    for (const { write, creation } of lateWrites(input.model)) {
      const { severity, why } = judge(input, creation);
      const related = ctx.related({ path: ctx.path, start: creation.span.start, end: creation.span.end, description: `${creation.typeName} created here, before TLS 1.2 is enabled` });
      const fixes = write.statement && creation.statement
        ? [fileFix(`Move the statement before the ${creation.typeName} creation`, false, ctx.path, ctx.lines, moveStatementBefore(ctx.lines, write.statement, creation.statement))]
        : [];
      ctx.report({
        severity,
        message: `TLS 1.2 is enabled only after ${creation.typeName} was created ${powershell ? 'in a binary PowerShell module (Windows PowerShell 5.1 defaults to Ssl3 | Tls)' : onTarget(input)}: the client already connected with the default protocols (no TLS 1.2)${why}; move this statement before the client is created.`,
        start: write.span.start,
        end: write.span.end,
        fixes,
        related: related ? [related] : [],
      });
    }
  },
};

/** Severity from context, on the one ladder (project/runtime.ts): on-premises or a library → information; a module or an unknown target → warning. */
function judge(input: CsharpRuleInput, creation: ClientCreation): { severity: Severity; why: string } {
  const where = destinationOf(creation.urls, input.project, creation.authType);
  if (where?.deployment === 'onPremises') {
    return { severity: ladderSeverity('onPremises', 'error'), why: ` — ${onPremisesReason(where)}` };
  }
  const name = where?.government ? 'Dynamics 365 Government' : 'Dynamics 365 online';
  const step = ladderStep(input.runtime, false);
  const why = step === 'library'
    ? `, so ${name} refuses it if the executable that loads this class library runs with those defaults`
    : step === 'process' ? `, so ${name} refuses it` : `, so ${name} refuses it unless TLS 1.2 was enabled earlier in the process`;
  return { severity: ladderSeverity(step, 'error'), why };
}
