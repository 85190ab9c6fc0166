import { Fix } from '../model/finding';
import { OffsetEdit, fileFix } from '../fixes/textFix';
import { retargetEdits } from '../project/retarget';
import { ReportedFinding, RuleContext } from '../rules/rule';
import { systemDefaultSwitchFix } from './configSwitchFix';
import { ENABLE_TLS12_STATEMENT, removeStatement, tls12Spelling } from './csharpEdits';
import { MAX_FOLD_STEPS, TOO_COMPLEX_TO_FOLD } from './constEval';
import { SecurityProtocolWrite } from './csharpModel';
import { DEPRECATED_BITS, formatProtocolSet, memberNames } from './protocols';
import { CsharpRuleInput, csharpInput, onTarget, systemDefaultAllowed } from './ruleSupport';
import { WriteVerdict, describeSet, judgeWrite, listMembers, verdictSets, writtenBits, writtenNumber } from './writeVerdict';

type WriteRuleId = WriteVerdict['rule'];

const NETFX_48 = 40800;

/** Reports the `ServicePointManager.SecurityProtocol` writes whose verdict is `rule` (TLS020–TLS023 share one judge). */
export function checkSecurityProtocolWrites(ctx: RuleContext, rule: WriteRuleId): void {
  const input = csharpInput(ctx);
  if (!input) {
    return;
  }
  const allowed = rule === 'TLS023' && systemDefaultAllowed(ctx, input);
  for (const w of input.model.writes) {
    if (rule === 'TLS020' && w.value.kind === 'unknown' && w.value.reason === TOO_COMPLEX_TO_FOLD) {
      // Past the folding budget the written set is not guessed: the write is named, at information.
      ctx.report({ severity: 'information', message: `The value written to ServicePointManager.SecurityProtocol is too complex to analyse (folding it takes more than ${MAX_FOLD_STEPS} steps); check by hand that it includes TLS 1.2.`, start: w.span.start, end: w.span.end });
      continue;
    }
    const verdict = judgeWrite(w, input.defaults, allowed);
    if (!verdict || verdict.rule !== rule) {
      continue;
    }
    const lhs = 'ServicePointManager.SecurityProtocol';
    const where = onTarget(input);
    const finding: ReportedFinding = { severity: verdict.severity, message: '', start: w.span.start, end: w.span.end };
    switch (rule) {
      case 'TLS020': {
        const osDecides = input.defaults.family === 'netfx' && input.defaults.defaultSet === 0;
        const action = osDecides
          ? 'remove the line and let the OS choose (TLS 1.2 or later)'
          : `use \`${ENABLE_TLS12_STATEMENT}\` instead`;
        const set = verdict.alternatives
          ? `${verdictSets(verdict, (r) => formatProtocolSet(r))} (no TLS 1.2 either way)`
          : verdict.result === 0
            ? 'no protocol at all (0)'
            : describeSet(verdict.result);
        const how = w.operator === '=' ? `${lhs} is set to ${set}` : `This \`${w.operator}\` leaves ${lhs} with ${set}`;
        finding.message = `${how} ${where}: Dynamics 365 online refuses TLS 1.0/1.1, so the connection fails; ${action}.`;
        finding.fixes = tls020Fixes(ctx, input, w, osDecides);
        break;
      }
      case 'TLS021':
        finding.message = `${lhs} offers TLS 1.2 but this statement also enables the deprecated ${listMembers(verdict.deprecated)} ${where}: drop ${memberNames(verdict.deprecated).length > 1 ? 'them' : 'it'} so that no TLS 1.0/1.1 or SSL fallback remains.`;
        finding.fixes = tls021Fixes(ctx, input, w);
        break;
      case 'TLS022':
        finding.message = tls022Message(input, verdictSets(verdict, (r) => formatProtocolSet(r)), where);
        finding.fixes = tls022Fixes(ctx, input, w);
        break;
      case 'TLS023': {
        const action = input.host === 'powershellModule'
          ? `use \`${ENABLE_TLS12_STATEMENT}\` instead (a module cannot change Windows PowerShell's target or config)`
          : "retarget to .NET Framework 4.7 or later, or set that switch to false in the app's config";
        finding.message = `${lhs} is set to SystemDefault ${where}, where Switch.System.Net.DontEnableSystemDefaultTlsVersions is true by default, so the TLS handshake throws: ${action}.`;
        finding.fixes = systemDefaultFixes(ctx, input);
        break;
      }
    }
    if (verdict.targetDependent) {
      finding.message = finding.message.replace(/\.$/, ' (the verdict depends on the target, which is unknown).');
    }
    ctx.report(finding);
  }
}

function tls022Message(input: CsharpRuleInput, pinned: string, where: string): string {
  if (input.defaults.family === 'modern') {
    return `Setting ServicePointManager.SecurityProtocol on ${input.defaults.label} has no effect on HttpClient / ServiceClient, which use the OS defaults: remove it.`;
  }
  if (input.defaults.family === 'netfx' && input.defaults.defaultSet === 0) {
    return `ServicePointManager.SecurityProtocol is pinned to ${pinned} ${where}, where the OS already chooses TLS 1.2 or later: the pin blocks newer protocols such as TLS 1.3; remove the line.`;
  }
  const advice = input.host === 'powershellModule'
    ? "use |= to add TLS 1.2 to the session's defaults (retargeting the module does not change Windows PowerShell's)"
    : 'retarget to .NET Framework 4.7 or later (the OS then chooses), or use |= to add TLS 1.2 to the defaults';
  return `ServicePointManager.SecurityProtocol is pinned to ${pinned} ${where}: it works, but KB 4051700 calls forcing TLS 1.2 not recommended; ${advice}.`;
}

/** TLS023's quick fixes: the config switch and a retarget to 4.8 — none for a PowerShell module, which neither reaches. */
export function systemDefaultFixes(ctx: RuleContext, input: CsharpRuleInput): Fix[] {
  return input.host === 'powershellModule' ? [] : [...systemDefaultSwitchFix(ctx, input), ...retargetFix(ctx, input, NETFX_48, '4.8')];
}

function removeFix(ctx: RuleContext, w: SecurityProtocolWrite, safe: boolean, title = 'Remove the SecurityProtocol line'): Fix[] {
  return w.statement ? [fileFix(title, safe, ctx.path, ctx.lines, [removeStatement(ctx.lines, w.statement)])] : [];
}

function tls020Fixes(ctx: RuleContext, input: CsharpRuleInput, w: SecurityProtocolWrite, osDecides: boolean): Fix[] {
  if (osDecides) {
    return removeFix(ctx, w, true, 'Remove the SecurityProtocol line (the OS chooses TLS 1.2 or later)');
  }
  if (w.deconstruction) {
    return [];
  }
  const spelling = tls12Spelling(input.model.usings, w.enumSpelling);
  const edit: OffsetEdit = { start: w.operatorSpan.start, end: w.valueSpan.end, newText: `|= ${spelling}` };
  return [fileFix('Replace with SecurityProtocol |= SecurityProtocolType.Tls12', true, ctx.path, ctx.lines, [edit])];
}

function tls021Fixes(ctx: RuleContext, input: CsharpRuleInput, w: SecurityProtocolWrite): Fix[] {
  const v = writtenNumber(w);
  if (!v || v.readsCurrent || w.deconstruction || (w.operator !== '=' && w.operator !== '|=')) {
    return [];
  }
  const keep = writtenBits(w, v) & ~DEPRECATED_BITS;
  if (keep === 0) {
    return w.operator === '|=' ? removeFix(ctx, w, true, 'Drop the deprecated protocols (remove the line)') : [];
  }
  const type = w.enumSpelling ?? (input.model.usings.namespaces.has('System.Net') ? 'SecurityProtocolType' : 'System.Net.SecurityProtocolType');
  const text = memberNames(keep).map((m) => `${type}.${m}`).join(' | ');
  return [fileFix('Drop the deprecated protocols', true, ctx.path, ctx.lines, [{ start: w.valueSpan.start, end: w.valueSpan.end, newText: text }])];
}

function tls022Fixes(ctx: RuleContext, input: CsharpRuleInput, w: SecurityProtocolWrite): Fix[] {
  if (input.defaults.family === 'modern' || (input.defaults.family === 'netfx' && input.defaults.defaultSet === 0)) {
    return removeFix(ctx, w, false);
  }
  if (w.deconstruction) {
    return [];
  }
  return [fileFix('Use |= to add TLS 1.2 to the defaults', false, ctx.path, ctx.lines, [{ start: w.operatorSpan.start, end: w.operatorSpan.end, newText: '|=' }])];
}

/** "Retarget project to <label>" for each legacy target of the owning project below `version` (a quick fix). */
export function retargetFix(ctx: RuleContext, input: CsharpRuleInput, version: number, label: string): Fix[] {
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
