import { Severity } from '../model/finding';
import { fileFix } from '../fixes/textFix';
import { moveStatementBefore } from '../csharp/csharpEdits';
import { lateWrites } from '../csharp/ordering';
import { csharpInput, onTarget } from '../csharp/ruleSupport';
import { Rule, RuleContext } from './rule';

const NETFX_46 = 40600;

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
    if (defaults.family === 'modern' || (defaults.target?.family === 'netfx' && defaults.target.version >= NETFX_46)) {
      return;
    }
    const severity: Severity = defaults.family === 'unknown' ? 'warning' : 'error';
    for (const { write, creation } of lateWrites(input.model)) {
      const related = ctx.related({ path: ctx.path, start: creation.span.start, end: creation.span.end, description: `${creation.typeName} created here, before TLS 1.2 is enabled` });
      const fixes = write.statement && creation.statement
        ? [fileFix(`Move the statement before the ${creation.typeName} creation`, false, ctx.path, ctx.lines, moveStatementBefore(ctx.lines, write.statement, creation.statement))]
        : [];
      ctx.report({
        severity,
        message: `TLS 1.2 is enabled only after ${creation.typeName} was created ${onTarget(input)}: the client already connected with the default protocols (no TLS 1.2), so Dynamics 365 online refuses it; move this statement before the client is created.`,
        start: write.span.start,
        end: write.span.end,
        fixes,
        related: related ? [related] : [],
      });
    }
  },
};
