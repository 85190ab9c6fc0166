import { fileFix } from '../fixes/textFix';
import { allElements } from '../parsing/xmlModel';
import { parseTargetFramework, retargetText } from '../project/targetFramework';
import { Rule } from './rule';
import { RuleContext } from '../model/ruleContext';

/** TLS014: `<startup><supportedRuntime sku>` lower than the project's target — stale after a retarget. */
export const tls014: Rule = {
  meta: {
    id: 'TLS014',
    title: 'Stale supportedRuntime sku',
    defaultSeverity: 'information',
    kinds: ['config'],
    hasSafeFix: true,
    summary: 'The supportedRuntime sku names a lower .NET Framework than the project targets (stale after a retarget).',
  },
  check(ctx: RuleContext): void {
    const target = ctx.project?.lowestTarget;
    if (!ctx.xml || !target || target.family !== 'netfx' || ctx.project?.noTargetElement) {
      return;
    }
    for (const el of allElements(ctx.xml)) {
      if (el.localName !== 'supportedRuntime' || el.parent?.localName !== 'startup') {
        continue;
      }
      const sku = el.attributes.find((a) => a.name === 'sku');
      const version = /Version=(v[\d.]+)/i.exec(sku?.value ?? '')?.[1];
      const declared = version ? parseTargetFramework(version) : undefined;
      if (!sku || !declared || declared.version >= target.version) {
        continue;
      }
      const newSku = `.NETFramework,Version=${retargetText('v4.0', target.version)}`;
      ctx.report({
        severity: 'information',
        message: `supportedRuntime sku "${sku.value}" names ${declared.display}, but the project targets ${target.display} (stale after a retarget): update the sku to ${newSku}.`,
        start: sku.start,
        end: sku.end,
        fixes: [fileFix(`Update the sku to ${newSku}`, true, ctx.path, ctx.lines, [{ start: sku.valueStart, end: sku.valueEnd, newText: newSku }])],
      });
    }
  },
};
