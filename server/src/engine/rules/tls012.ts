import { ConfigContext, contextualSeverity } from '../config/configContext';
import { SwitchPair, SwitchSite, isTlsRelated, isWebConfigPath, pairValue, siteRange, spellingSuggestions, switchSites } from '../config/switchOverrides';
import { Fix } from '../model/finding';
import { fileFix } from '../fixes/textFix';
import { Rule } from './rule';
import { RuleContext } from '../model/ruleContext';
import { contextOf } from './switchFindings';
import { duplicateFixes, misplacedFixes } from './tls012Fixes';

/** TLS012: switch overrides that do nothing — misspelt TLS switch, misplaced or duplicate element, malformed pairs. */
export const tls012: Rule = {
  meta: {
    id: 'TLS012',
    title: 'TLS switch override that does nothing',
    defaultSeverity: 'warning',
    kinds: ['config'],
    hasSafeFix: true,
    summary: 'A misspelt TLS switch name, an AppContextSwitchOverrides element outside configuration/runtime or repeated, or a malformed name=value list.',
  },
  check(ctx: RuleContext): void {
    const cc = contextOf(ctx);
    if (!cc || !ctx.xml) {
      return;
    }
    const sites = switchSites(ctx.xml, ctx.text, isWebConfigPath(ctx.path));
    for (const site of sites) {
      if (site.kind === 'overrides' && !site.placed) {
        if (site.pairs.some((p) => isTlsRelated(p.raw))) {
          report(ctx, cc, site, `AppContextSwitchOverrides is not directly inside <configuration><runtime>, so the runtime never reads its switches`, 'move it into <runtime>', misplacedFixes(ctx, site));
        }
        continue;
      }
      if (site.kind === 'appSetting' && !site.placed) {
        if (site.pairs.some((p) => isTlsRelated(p.name))) {
          const where = isWebConfigPath(ctx.path) ? 'outside <configuration><appSettings>' : 'in a file that is not a web.config';
          report(ctx, cc, site, `an AppContext.SetSwitch appSettings key is read only by ASP.NET from a web.config, and this one is ${where}`, 'use <runtime><AppContextSwitchOverrides value="…"> in an app.config', []);
        }
        continue;
      }
      if (site.duplicate) {
        report(ctx, cc, site, 'a second AppContextSwitchOverrides element in <runtime> is not merged with the first, so its switches may be ignored', 'merge its pairs into the first element', duplicateFixes(ctx, sites, site));
      }
      for (const pair of site.pairs) {
        checkPair(ctx, cc, site, pair);
      }
    }
  },
};

function checkPair(ctx: RuleContext, cc: ConfigContext, site: SwitchSite, pair: SwitchPair): void {
  if (pair.spacedName && pairValue(pair) !== undefined && isTlsRelated(pair.name) && !/[\s=,:]/.test(pair.name)) {
    const equals = pair.segmentStart + pair.raw.indexOf('=') + 1;
    const fix = fileFix('Remove the whitespace around the switch name', true, ctx.path, ctx.lines, [{ start: pair.segmentStart, end: equals, newText: `${pair.name}=` }]);
    report(ctx, cc, site, `the switch name "${pair.raw.split('=')[0] ?? ''}" has whitespace around it, which the runtime keeps as part of the name, so it does nothing`, `write it as ${pair.name}=${pair.value ?? ''}`, [fix]);
    return;
  }
  const suggestions = spellingSuggestions(pair.name);
  if (pair.name && suggestions.length > 0 && !/[\s=,:]/.test(pair.name)) {
    const only = suggestions.length === 1 ? suggestions[0] : undefined;
    const fixes: Fix[] = only ? [fileFix(`Change the switch name to ${only}`, true, ctx.path, ctx.lines, [{ start: pair.nameStart, end: pair.nameEnd, newText: only }])] : [];
    report(ctx, cc, site, `"${pair.name}" is not a switch .NET knows (names are case-sensitive), so it does nothing`, `did you mean ${suggestions.join(' or ')}?`, fixes);
    return;
  }
  if (!pair.wellFormed && site.kind === 'overrides' && isTlsRelated(pair.raw)) {
    report(ctx, cc, site, `"${pair.raw.trim()}" is not a name=true|false pair (pairs are separated by ';'), so it does nothing`, 'write it as Name=false', malformedFixes(ctx, pair));
  }
}

function malformedFixes(ctx: RuleContext, pair: SwitchPair): Fix[] {
  const repaired = pair.raw.trim().replace(/\s*[:=]\s*/, '=').replace(/\s*,\s*/g, ';');
  const parts = repaired.split(';');
  if (!parts.every((p) => /^[A-Za-z][\w.]*=(true|false)$/i.test(p))) {
    return [];
  }
  const start = pair.segmentStart + (pair.raw.length - pair.raw.trimStart().length);
  const end = start + pair.raw.trim().length;
  return [fileFix('Rewrite as name=value pairs', false, ctx.path, ctx.lines, [{ start, end, newText: repaired }])];
}

function report(ctx: RuleContext, cc: ConfigContext, site: SwitchSite, what: string, action: string, fixes: Fix[]): void {
  const { severity, note } = contextualSeverity('warning', cc);
  const range = siteRange(site);
  ctx.report({ severity, message: `${capitalise(what)}${note ? ` (${note})` : ''}: ${action}`.replace(/[?.]?$/, (m) => m || '.'), start: range.start, end: range.end, fixes });
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
