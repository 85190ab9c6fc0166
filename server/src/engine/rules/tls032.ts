import { RuleContext } from '../model/ruleContext';
import { fileFix } from '../fixes/textFix';
import { connectionSeverity } from './connectionSeverity';
import { scriptVerdicts } from '../powershell/scriptVerdicts';
import { moveBefore } from '../powershell/tlsLineFix';
import { Rule } from './rule';

/** TLS032: TLS 1.2 enabled after the connection (PowerShell; docs/rules/TLS032.md). The script flow analysis is shared by TLS030–TLS033. */
export const tls032: Rule = {
  meta: {
    id: 'TLS032',
    title: 'TLS 1.2 enabled after the connection',
    defaultSeverity: 'warning',
    kinds: ['powershell'],
    hasSafeFix: true,
    summary: 'A PowerShell script enables TLS 1.2 only after its Dynamics connection has been made (at the severity TLS030 would give that connection).',
  },
  check(ctx: RuleContext): void {
    const verdicts = scriptVerdicts(ctx);
    for (const m of verdicts?.lateMoves ?? []) {
      // A late line is no line: the severity TLS030 would give the connection (docs/rules/TLS032.md).
      const { severity, reason } = connectionSeverity(ctx, verdicts?.flow, m.call);
      const edits = moveBefore(ctx.lines, m.write.rootStatement, m.target);
      const fixes = edits ? [fileFix(`Move the TLS 1.2 line before ${m.call.call.label}`, true, ctx.path, ctx.lines, edits)] : [];
      const related = ctx.related({ path: ctx.path, start: m.call.statement.startIndex, end: m.call.statement.endIndex, description: `${m.call.call.label} connects here, before TLS 1.2 is enabled` });
      const line = ctx.lines.positionAt(m.call.statement.startIndex).line + 1;
      ctx.report({
        severity,
        message: `This TLS 1.2 line runs after ${m.call.call.label} (line ${line}) has already connected without it${reason}: move it before the connection.`,
        start: m.write.statement.startIndex,
        end: m.write.statement.endIndex,
        fixes,
        related: related ? [related] : [],
      });
    }
  },
};
