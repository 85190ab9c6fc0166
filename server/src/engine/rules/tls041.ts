import { ReportedFinding, RuleContext } from '../model/ruleContext';
import { fileFix } from '../fixes/textFix';
import { parseRegFile } from '../regfile/regParser';
import { AdvisoryProblem, advisoryProblems, dwordText } from '../regfile/regSettings';
import { Rule } from './rule';

/** TLS041: Advisory 2960358 settings that do not take effect everywhere (one hive only, misspelt names, wrong types; docs/rules/TLS041.md). */
export const tls041: Rule = {
  meta: {
    id: 'TLS041',
    title: 'Registry TLS settings incomplete or misspelt',
    defaultSeverity: 'warning',
    kinds: ['registry'],
    hasSafeFix: true,
    summary: 'A .reg file applies the Advisory 2960358 settings to one hive only, misspells a value name, or writes a value with the wrong type.',
  },
  check(ctx: RuleContext): void {
    for (const problem of advisoryProblems(parseRegFile(ctx.text))) {
      ctx.report(finding(ctx, problem));
    }
  },
};

function finding(ctx: RuleContext, p: AdvisoryProblem): ReportedFinding {
  switch (p.kind) {
    case 'tooComplex':
      return {
        severity: 'information',
        message: `The value of ${p.canonical} under ${p.key.path} is too complex to analyse (${p.reason}); check it by hand.`,
        start: p.value.start,
        end: p.value.end,
      };
    case 'misspelt': {
      const { value, canonical } = p;
      return {
        severity: 'warning',
        message: `Value name "${value.name}" is not "${canonical}" (a misspelling or stray space), so Windows ignores it: rename it to "${canonical}".`,
        start: value.nameStart - 1,
        end: value.nameEnd + 1,
        fixes: [fileFix(`Rename "${value.name}" to "${canonical}"`, true, ctx.path, ctx.lines, [{ start: value.nameStart, end: value.nameEnd, newText: canonical }])],
      };
    }
    case 'notDword':
      return {
        severity: 'warning',
        message: `${p.canonical} is written as ${p.typeLabel}, but Windows reads it only as a DWORD, so the setting has no effect: write it as ${dwordText(p.intended)}.`,
        start: p.value.start,
        end: p.value.end,
        fixes: [fileFix(`Write ${p.canonical} as ${dwordText(p.intended)}`, true, ctx.path, ctx.lines, [{ start: p.value.dataStart, end: p.value.dataEnd, newText: dwordText(p.intended) }])],
      };
    case 'oneHive': {
      const eol = ctx.lines.dominantEol();
      const lines = p.missing.map((n) => `${eol}"${n}"=dword:00000001`).join('');
      const newText = p.newKey ? `${eol}${eol}[${p.twin}]${lines}` : lines;
      const hive = p.wow ? 'the 32-bit (Wow6432Node) hive' : 'the 64-bit hive';
      const other = p.wow ? '64-bit' : '32-bit';
      const many = p.missing.length > 1;
      return {
        severity: 'warning',
        message: `${p.missing.join(' and ')} ${many ? 'are' : 'is'} set only in ${hive} for ${p.version}, so ${other} .NET apps still lack TLS 1.2: add the same value${many ? 's' : ''} under [${p.twin}].`,
        start: p.key.start,
        end: p.key.end,
        fixes: [fileFix(`Add ${p.missing.join(', ')} under ${p.twin}`, true, ctx.path, ctx.lines, [{ start: p.insertAt, end: p.insertAt, newText }])],
      };
    }
  }
}
