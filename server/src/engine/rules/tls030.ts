import { RelatedLocation } from '../model/finding';
import { RuleContext } from '../model/ruleContext';
import { fileFix } from '../fixes/textFix';
import { connectionSeverity } from './connectionSeverity';
import { CallSite } from '../powershell/flowTypes';
import { FailingPath } from '../powershell/scriptGraph';
import { scriptVerdicts } from '../powershell/scriptVerdicts';
import { KB_TLS12_LINE, insertTls12Line } from '../powershell/tlsLineFix';
import { baseName } from '../project/paths';
import { Rule } from './rule';

/** TLS030: Dynamics connection before TLS 1.2 is enabled (PowerShell; docs/rules/TLS030.md). The script flow analysis is shared by TLS030–TLS033. */
export const tls030: Rule = {
  meta: {
    id: 'TLS030',
    title: 'Dynamics connection before TLS 1.2 is enabled',
    defaultSeverity: 'warning',
    kinds: ['powershell'],
    hasSafeFix: true,
    summary: 'A PowerShell script connects to Dynamics (Get-CrmConnection, CrmServiceClient, Web API calls) without enabling TLS 1.2 earlier on every path.',
  },
  check(ctx: RuleContext): void {
    const verdicts = scriptVerdicts(ctx);
    for (const { call: c, first } of verdicts?.unprotectedCalls ?? []) {
      const { severity, reason, evidence } = connectionSeverity(ctx, verdicts?.flow, c);
      const related: RelatedLocation[] = [];
      const own = evidence ? ctx.related({ path: ctx.path, ...evidence }) : undefined;
      if (own) {
        related.push(own);
      }
      const path = c.scope.kind !== 'isolated' ? verdicts?.failingPath : undefined;
      const entry = path ? ctx.related({ path: path.entry, start: path.call.start, end: path.call.end, description: `${baseName(path.entry)} runs this script without TLS 1.2 enabled first: the entry script of a failing call path` }) : undefined;
      if (entry) {
        related.push(entry);
      }
      ctx.report({
        severity,
        message: `${c.call.label} connects before TLS 1.2 is enabled on every path to it (Windows PowerShell 5.1 offers only SSL 3.0/TLS 1.0 by default)${reason}${viaWhat(c, path)}: add ${KB_TLS12_LINE} before it.`,
        start: c.statement.startIndex,
        end: c.statement.endIndex,
        fixes: [fileFix(`Add TLS 1.2 before ${c.call.label}`, true, ctx.path, ctx.lines, [insertTls12Line(ctx.lines, first.rootStatement)])],
        related,
      });
    }
  },
};

/** What else the message names: the vendored definition that connects, the entry script of a failing call path. */
function viaWhat(c: CallSite, path: FailingPath | undefined): string {
  const parts: string[] = [];
  if (c.definedIn) {
    parts.push(`; the workspace's own copy of ${c.call.label} (${baseName(c.definedIn)}) connects without enabling TLS 1.2, so it is analysed rather than trusted`);
  }
  if (path && c.scope.kind !== 'isolated') {
    parts.push(`; ${baseName(path.entry)} runs this script without enabling TLS 1.2 first`);
  }
  return parts.join('');
}
