import { csharpInput } from '../csharp/ruleSupport';
import { destinationOf } from '../csharp/connectionTarget';
import { fileFix } from '../fixes/textFix';
import { Fix, Severity } from '../model/finding';
import { RuleContext } from '../model/ruleContext';
import { SyntaxNode } from '../parsing/parserPort';
import { allElements } from '../parsing/xmlModel';
import { RegionalDiscoveryUrl, regionalDiscoveryUrls } from '../retirements/regionalDiscovery';
import { discoveryScriptSites } from '../retirements/discoveryScript';
import { scriptFindingLevel, workspaceFunctions } from '../retirements/workspaceFunctions';
import { runRetirementChecks } from './retirementChecks';
import { Rule } from './rule';

/** The documented status every DYN102 message states (docs/rules/DYN102.md). */
const SHUT_DOWN = 'Microsoft shut the regional Discovery Service down on 21 April 2021';

/** DYN102: code that asks the regional Discovery Service of Dynamics 365 online, which no longer exists. */
export const dyn102: Rule = {
  meta: {
    id: 'DYN102',
    title: 'Regional Discovery Service of Dynamics 365 online',
    defaultSeverity: 'error',
    kinds: ['config', 'csharp', 'powershell'],
    hasSafeFix: false,
    summary: 'A disco.crm*.dynamics.com URL, a DiscoveryServiceProxy to online or Get-CrmOrganizations -OnLineType asks the regional Discovery Service, shut down in April 2021; use the global Discovery Service.',
  },
  check(ctx: RuleContext): void {
    runRetirementChecks(ctx, { config: checkConfig, csharp: checkCsharp, script: checkScript });
  },
};

/** What to do instead, for one URL: the global URL when the edit is mechanical, else the API to move to. */
function instead(url: RegionalDiscoveryUrl): string {
  if (url.replacement) {
    return `use the global Discovery Service, ${url.replacement}`;
  }
  return url.soap
    ? 'the global Discovery Service has no SOAP endpoint: call CrmServiceClient.DiscoverGlobalOrganizations (or ServiceClient.DiscoverOnlineOrganizationsAsync), or GET https://globaldisco.crm.dynamics.com/api/discovery/v2.0/Instances with an OAuth token'
    : 'use the global Discovery Service of your cloud (https://globaldisco.crm.dynamics.com/api/discovery/v2.0/Instances for the commercial cloud)';
}

/** Reports one URL found at `base` in the file, with the URL quick fix when the replacement is mechanical. */
function reportUrl(ctx: RuleContext, url: RegionalDiscoveryUrl, base: number, level: { severity: Severity; note: string } = { severity: 'error', note: '' }): void {
  const fixes: Fix[] = url.replacement
    ? [fileFix(`Use the global Discovery Service (${url.replacement})`, false, ctx.path, ctx.lines, [{ start: base + url.start, end: base + url.end, newText: url.replacement }])]
    : [];
  ctx.report({
    severity: level.severity,
    message: `${url.url} is the regional Discovery Service: ${SHUT_DOWN}; ${instead(url)}${level.note}.`,
    start: base + url.start,
    end: base + url.end,
    fixes,
  });
}

function checkConfig(ctx: RuleContext): void {
  for (const el of ctx.xml ? allElements(ctx.xml) : []) {
    for (const a of el.attributes) {
      for (const url of regionalDiscoveryUrls(ctx.text.slice(a.valueStart, a.valueEnd))) {
        reportUrl(ctx, url, a.valueStart);
      }
    }
    if (el.textStart !== undefined && el.textEnd !== undefined && el.children.length === 0) {
      for (const url of regionalDiscoveryUrls(ctx.text.slice(el.textStart, el.textEnd))) {
        reportUrl(ctx, url, el.textStart);
      }
    }
  }
}

function checkCsharp(ctx: RuleContext): void {
  // The string literals that hold a Dynamics online URL, found with the file's tree when its facts were read.
  const literals = (ctx.index.factsOf(ctx.path)?.connectionLiterals ?? []).filter((e) => e.path === ctx.path);
  const reported: { start: number; end: number }[] = [];
  for (const literal of literals) {
    for (const url of regionalDiscoveryUrls(ctx.text.slice(literal.start, literal.end))) {
      reportUrl(ctx, url, literal.start);
      reported.push(literal);
    }
  }
  const input = csharpInput(ctx);
  for (const c of input?.model.creations ?? []) {
    // Its regional URL reported where the file writes it (inside the creation or in a const it reads) is one finding.
    const writtenHere = reported.some((r) => r.start >= c.span.start && r.end <= c.span.end) || (reported.length > 0 && c.urls.some((u) => regionalDiscoveryUrls(u).length > 0));
    if (c.typeName !== 'DiscoveryServiceProxy' || writtenHere) {
      continue;
    }
    // Against an on-premises server (or one nothing names) the 2011 Discovery.svc still answers.
    if (destinationOf(c.urls, input?.project)?.deployment !== 'online') {
      continue;
    }
    ctx.report({
      severity: 'error',
      message: `DiscoveryServiceProxy asks the regional Discovery Service of Dynamics 365 online (its project connects online): ${SHUT_DOWN}, and the global one has no SOAP endpoint; call CrmServiceClient.DiscoverGlobalOrganizations (or ServiceClient.DiscoverOnlineOrganizationsAsync) instead.`,
      start: c.span.start,
      end: c.span.end,
    });
  }
}

function checkScript(ctx: RuleContext, root: SyntaxNode): void {
  for (const site of discoveryScriptSites(root, workspaceFunctions(ctx, root))) {
    const level = scriptFindingLevel(ctx, site.node);
    if (site.kind === 'url') {
      reportUrl(ctx, site.url, site.node.startIndex, level);
    } else {
      ctx.report({
        severity: level.severity,
        message: `${site.command} with a credential asks the regional Discovery Service servers: ${SHUT_DOWN}; connect to the environment's URL directly (Get-CrmConnection -ConnectionString "AuthType=OAuth;Url=…"), or list environments with the global Discovery Service (https://globaldisco.crm.dynamics.com/api/discovery/v2.0/Instances)${level.note}.`,
        start: site.node.startIndex,
        end: site.node.endIndex,
      });
    }
  }
}
