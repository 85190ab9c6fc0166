import { csharpInput } from '../csharp/ruleSupport';
import { Destination, destinationOf } from '../csharp/connectionTarget';
import { ClientCreation } from '../csharp/csharpModel';
import { ProxyPropertyUse } from '../csharp/csharpRecords';
import { fileFix } from '../fixes/textFix';
import { Fix, Severity } from '../model/finding';
import { RuleContext } from '../model/ruleContext';
import { SyntaxNode } from '../parsing/parserPort';
import { allElements } from '../parsing/xmlModel';
import { classifyConnectionString, deploymentOfTarget } from '../project/dynamicsEvidence';
import { baseName } from '../project/paths';
import { ProjectModel } from '../project/projectModel';
import { OAUTH_FIX_TITLE, Office365Pair, oauthEdits, office365Pairs } from '../retirements/office365Auth';
import { office365ScriptSites } from '../retirements/office365Script';
import { crmClientConstructions } from '../retirements/crmClientScript';
import { crmConnectorSites } from '../retirements/crmConnectorScript';
import { scriptProxyReads } from '../retirements/proxyPropertyScript';
import { scriptFindingLevel, uncalledModuleFunction, workspaceFunctions } from '../retirements/workspaceFunctions';
import { runRetirementChecks } from './retirementChecks';
import { Rule } from './rule';

/** What every DYN101 message ends with: the documented status and what to use instead (docs/rules/DYN101.md). */
const RETIRED =
  'Microsoft retired the Office365 (WS-Trust) authentication type for new and existing Dynamics 365 online environments from April 2022, and it cannot satisfy MFA or Conditional Access';
const INSTEAD = 'connect with AuthType=OAuth (your own app registration) or, for a service, AuthType=ClientSecret or Certificate with an application user';

/** DYN101: a client signs in to Dynamics 365 online with the retired Office365 (WS-Trust) authentication. */
export const dyn101: Rule = {
  meta: {
    id: 'DYN101',
    title: 'Office365 (WS-Trust) authentication to Dynamics 365 online',
    defaultSeverity: 'error',
    kinds: ['config', 'csharp', 'powershell'],
    hasSafeFix: false,
    summary: 'AuthType=Office365, OrganizationServiceProxy (the class or CrmServiceClient\'s property) or a credential-only PowerShell sign-in uses WS-Trust, which Dynamics 365 online retired; use OAuth or an application user.',
  },
  check(ctx: RuleContext): void {
    runRetirementChecks(ctx, { config: checkConfig, csharp: checkCsharp, script: checkScript });
  },
};

/** The OAuth quick fix for one pair of a connection-string text that starts at `base` in the file. */
function oauthFix(ctx: RuleContext, text: string, pair: Office365Pair, base: number): Fix {
  return fileFix(OAUTH_FIX_TITLE, false, ctx.path, ctx.lines, oauthEdits(text, pair, base));
}

function checkConfig(ctx: RuleContext): void {
  for (const el of ctx.xml ? allElements(ctx.xml) : []) {
    for (const a of el.attributes) {
      if (classifyConnectionString(a.value)?.deployment === 'onPremises') {
        continue;
      }
      const raw = ctx.text.slice(a.valueStart, a.valueEnd);
      for (const pair of office365Pairs(raw)) {
        ctx.report({
          severity: 'error',
          message: `This connection string signs in with AuthType=Office365 (WS-Trust) in ${baseName(ctx.path)}: ${RETIRED}; ${INSTEAD}.`,
          start: a.valueStart + pair.start,
          end: a.valueStart + pair.end,
          fixes: [oauthFix(ctx, raw, pair, a.valueStart)],
        });
      }
    }
  }
}

/** The double-quoted literal around an offset of the file, on its line (an odd number of quotes before it), or undefined. */
function literalAround(text: string, offset: number): { start: number; end: number } | undefined {
  const lineStart = text.lastIndexOf('\n', offset) + 1;
  const before = text.slice(lineStart, offset);
  if (((before.match(/"/g) ?? []).length & 1) === 0) {
    return undefined;
  }
  const open = lineStart + before.lastIndexOf('"') + 1;
  const close = text.indexOf('"', offset);
  return close < 0 ? undefined : { start: open, end: close };
}

/**
 * The fix for a creation whose connection string says Office365: in its own argument; else in the one string of the
 * file, outside every client creation, that holds `AuthType=Office365` (the `const` the creation reads). `freePairs`
 * gives those strings' offsets, computed once per file and only when a creation has no pair of its own.
 */
function creationFix(ctx: RuleContext, creation: ClientCreation, freePairs: () => readonly number[]): Fix | undefined {
  const inside = office365Pairs(ctx.text.slice(creation.span.start, creation.span.end)).map((p) => creation.span.start + p.start);
  const free = inside.length > 0 ? [] : freePairs();
  const at = inside[0] ?? (free.length === 1 ? free[0] : undefined);
  const literal = at === undefined ? undefined : literalAround(ctx.text, at);
  if (!literal) {
    return undefined;
  }
  const text = ctx.text.slice(literal.start, literal.end);
  const pair = office365Pairs(text)[0];
  return pair ? oauthFix(ctx, text, pair, literal.start) : undefined;
}

/** The offsets of the file's `AuthType=Office365` pairs that sit in a string literal outside every client creation. */
function pairsOutsideCreations(text: string, creations: readonly ClientCreation[]): number[] {
  return office365Pairs(text)
    .map((p) => p.start)
    .filter((at) => literalAround(text, at) && !creations.some((c) => c.span.start <= at && at < c.span.end));
}

/**
 * `AuthenticationProviderType.ActiveDirectory` tested right before the creation (`… == ActiveDirectory ? new …`,
 * `if (… == ActiveDirectory) { return new …`): that branch signs in with Windows credentials to an on-premises server.
 */
const ACTIVE_DIRECTORY_BRANCH = /==\s*AuthenticationProviderType\.ActiveDirectory\s*\)?\s*(?:\?|\{)?\s*(?:return\s+|[\w.]+\s*=\s*)?$/;

function inActiveDirectoryBranch(text: string, start: number): boolean {
  return ACTIVE_DIRECTORY_BRANCH.test(text.slice(Math.max(0, start - 240), start));
}

function checkCsharp(ctx: RuleContext): void {
  const input = csharpInput(ctx);
  const creations = input?.model.creations ?? [];
  let free: number[] | undefined;
  const freePairs = (): number[] => (free ??= pairsOutsideCreations(ctx.text, creations));
  for (const c of creations) {
    if (c.authType !== undefined && /^office365$/i.test(c.authType)) {
      // Office365 exists only online: only a URL on another host (an on-premises server) takes it out of scope.
      if (deploymentOfTarget(c.urls)?.deployment === 'onPremises') {
        continue;
      }
      const fix = creationFix(ctx, c, freePairs);
      ctx.report({
        severity: 'error',
        message: `${c.typeName} is given a connection string with AuthType=Office365 (WS-Trust): ${RETIRED}; ${INSTEAD}.`,
        start: c.span.start,
        end: c.span.end,
        fixes: fix ? [fix] : [],
      });
    } else if (c.typeName === 'OrganizationServiceProxy') {
      const where = destinationOf(c.urls, input?.project);
      if (where?.deployment === 'onPremises' || inActiveDirectoryBranch(ctx.text, c.span.start)) {
        continue;
      }
      ctx.report({
        severity: severityOf(where),
        message: `OrganizationServiceProxy signs in with WS-Trust, and ${targetWords(where)}: ${RETIRED}; replace it with CrmServiceClient or ServiceClient and a connection string with AuthType=OAuth (or ClientSecret/Certificate), typed as IOrganizationService.`,
        start: c.span.start,
        end: c.span.end,
      });
    }
  }
  checkProxyProperty(ctx, input?.model.proxyProperties ?? [], input?.project);
}

/** Error where the connection is online, warning where nothing says (on-premises is never reported). */
function severityOf(where: Destination | undefined): Severity {
  return where ? 'error' : 'warning';
}

/** Where a WS-Trust client connects, as a message says it. */
function targetWords(where: Destination | undefined): string {
  return where ? `it connects to Dynamics 365 online${where.host ? ` (${where.host})` : " (the project's connections are online)"}` : 'nothing shows whether it connects online or on-premises (where it still works)';
}

/** What a message on the property says, from "CrmServiceClient.OrganizationServiceProxy is set only by" to "; remove the use". */
function proxyPropertyWords(where: string): string {
  return `CrmServiceClient.OrganizationServiceProxy is set only by a WS-Trust connection (Office365, AD or IFD): an OAuth, ClientSecret or Certificate connection sets OrganizationWebProxyClient and leaves it null, so this code needs WS-Trust, and ${where}: ${RETIRED}; remove the use`;
}

/**
 * Reads of `CrmServiceClient.OrganizationServiceProxy` that do not cope with it being null: only a WS-Trust connection
 * (Office365, AD, IFD) sets it, so the code needs one — retired online. The destination is the project's evidence.
 */
function checkProxyProperty(ctx: RuleContext, uses: readonly ProxyPropertyUse[], project: ProjectModel | undefined): void {
  const unguarded = uses.filter((u) => !u.guarded);
  const where = unguarded.length > 0 ? destinationOf([], project) : undefined;
  if (where?.deployment === 'onPremises') {
    return;
  }
  for (const use of unguarded) {
    ctx.report({
      severity: severityOf(where),
      message: `${proxyPropertyWords(targetWords(where))}, as Microsoft's page says (CrmServiceClient implements IOrganizationService and exposes what the proxy set), or test it for null first.`,
      start: use.span.start,
      end: use.span.end,
    });
  }
}

function checkScript(ctx: RuleContext, root: SyntaxNode): void {
  const functions = workspaceFunctions(ctx, root);
  checkScriptProxyProperty(ctx, root, functions);
  for (const site of office365ScriptSites(root, functions)) {
    const { severity, note } = scriptFindingLevel(ctx, site.node);
    if (site.kind === 'connectionString') {
      const start = site.node.startIndex;
      ctx.report({
        severity,
        message: `This connection string signs in with AuthType=Office365 (WS-Trust): ${RETIRED}; ${INSTEAD}${note}.`,
        start: start + site.pair.start,
        end: start + site.pair.end,
        fixes: [oauthFix(ctx, site.node.text, site.pair, start)],
      });
    } else if (site.kind === 'onlineType') {
      ctx.report({
        severity,
        message: `${site.command} -OnLineType Office365 with -Credential signs in with WS-Trust: ${RETIRED}; use Get-CrmConnection -ConnectionString with AuthType=OAuth (or ClientSecret), or -InteractiveMode${note}.`,
        start: site.node.startIndex,
        end: site.node.endIndex,
      });
    } else {
      const end = site.node.endIndex;
      ctx.report({
        severity,
        message: `${site.command} signs in with AuthType=Office365 (WS-Trust) when given only a credential: ${RETIRED}; add -ForceOAuth (OAuth with the module's own app id, or -OAuthClientId with yours), or use -ClientSecret with an application user${note}.`,
        start: site.node.startIndex,
        end,
        fixes: site.command.toLowerCase() === 'connect-crmonline' ? [fileFix('Add -ForceOAuth (sign in with OAuth)', false, ctx.path, ctx.lines, [{ start: end, end, newText: ' -ForceOAuth' }])] : [],
      });
    }
  }
}

/**
 * PowerShell reads of `$conn.OrganizationServiceProxy` that do not cope with it being null (docs/rules/DYN101.md,
 * "PowerShell"): where the script connects is its `Get-CrmConnection`/`Connect-CrmOnline*` calls and its
 * CrmServiceClient constructions (online if one is, nothing if all are on-premises, unknown otherwise); inside a module
 * function nothing in the workspace calls, information.
 */
function checkScriptProxyProperty(ctx: RuleContext, root: SyntaxNode, functions: ReadonlySet<string>): void {
  const unguarded = scriptProxyReads(ctx.text, root).filter((r) => !r.guarded);
  const sites = unguarded.length > 0 ? scriptConnections(ctx.text, root, functions) : [];
  if (sites.length > 0 && sites.every((s) => s.destination === 'onPremises')) {
    return;
  }
  const online = sites.find((s) => s.destination === 'online');
  const where = online ? `the script connects to Dynamics 365 online (${online.reason})` : 'nothing shows whether the script connects online or on-premises (where it still works)';
  for (const read of unguarded) {
    const uncalled = uncalledModuleFunction(ctx, read.node);
    ctx.report({
      severity: uncalled ? 'information' : online ? 'error' : 'warning',
      message: `${proxyPropertyWords(where)} (call the service through the connection itself, which is an IOrganizationService, and set CallerId on it), or test it first: if ($conn.OrganizationServiceProxy) { … }${uncalled ? ` (information: inside the module function ${uncalled}, which nothing in the workspace calls — its callers decide)` : ''}.`,
      start: read.node.startIndex,
      end: read.node.endIndex,
    });
  }
}

/**
 * Where a script connects, in document order: its connector cmdlets as DYN103 reads them, and its
 * `[…CrmServiceClient]::new(…)`/`New-Object …CrmServiceClient` constructions as TLS030 reads them (a connection string
 * written in the call or in the variable it is given).
 */
function scriptConnections(text: string, root: SyntaxNode, functions: ReadonlySet<string>): { start: number; destination: string; reason: string }[] {
  const cmdlets = crmConnectorSites(text, root, () => functions).map((s) => ({ start: s.node.startIndex, destination: s.destination, reason: s.reason ?? s.command }));
  const constructions = crmClientConstructions(text, root).map((c) => ({ start: c.node.startIndex, destination: c.destination, reason: c.destinationReason ?? c.label }));
  return constructions.length === 0 ? cmdlets : [...cmdlets, ...constructions].sort((a, b) => a.start - b.start);
}
