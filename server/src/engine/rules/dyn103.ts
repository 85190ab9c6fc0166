import { csharpInput } from '../csharp/ruleSupport';
import { adalUses, serviceClientRenames } from '../csharp/adalUses';
import { Fix, Severity } from '../model/finding';
import { RuleContext } from '../model/ruleContext';
import { fileFix, toTextEdits } from '../fixes/textFix';
import { PackagePin, allPinsOf, pinIs } from '../project/packagePins';
import { baseName } from '../project/paths';
import { ProjectModel } from '../project/projectModel';
import { psTree } from '../powershell/psTree';
import { ADAL_PACKAGE, XRM_TOOLING_ASSEMBLY, XRM_TOOLING_PACKAGE, serviceClientMove } from '../project/serviceClientMove';
import { crmClientSites } from '../retirements/crmClientScript';
import { CrmConnectorSite, crmConnectorSites } from '../retirements/crmConnectorScript';
import { uncalledModuleFunction, workspaceFunctions } from '../retirements/workspaceFunctions';
import { RetirementScope, deprecationSeverity, retirementScope, pinsOfFile } from './retirementScope';
import { Rule } from './rule';

const ADAL_ENDED = 'ADAL, whose support (security fixes included) ended on 30 June 2023';

/** What to do, by reach: online, move (and how); elsewhere Microsoft's transition guide says to keep CrmServiceClient for now. */
function advice(scope: RetirementScope, how: string): string {
  return scope.reach === 'online'
    ? `. Move to ServiceClient (Microsoft.PowerPlatform.Dataverse.Client, MSAL, the same members): ${how}`
    : ': Microsoft\'s transition guide keeps CrmServiceClient there for now; move to ServiceClient when the connection moves online';
}

/** DYN103: ADAL and CrmServiceClient (XrmTooling, built on ADAL) → ServiceClient (docs/rules/DYN103.md). */
export const dyn103: Rule = {
  meta: {
    id: 'DYN103',
    title: 'ADAL or CrmServiceClient (built on ADAL)',
    defaultSeverity: 'warning',
    kinds: ['project', 'packagesConfig', 'csharp', 'powershell'],
    hasSafeFix: false,
    summary: 'The project, code or script uses ADAL (deprecated, support ended June 2023) directly or through CrmServiceClient (XrmTooling, Get-CrmConnection): move to ServiceClient (Dataverse.Client, MSAL).',
  },
  check(ctx: RuleContext): void {
    if (ctx.kind === 'csharp') {
      checkCode(ctx);
      return;
    }
    if (ctx.kind === 'powershell') {
      checkScript(ctx);
      return;
    }
    const model = ctx.project;
    const pins = pinsOfFile(ctx);
    const scope = retirementScope(ctx, model);
    const tooling = pins.find((p) => isTooling(p));
    if (tooling) {
      const how = tooling.source === 'PackageReference' ? 'where the move is mechanical, the quick fix on each file that uses CrmServiceClient renames it and changes this reference (the code\'s finding says why when it is not)' : 'Uninstall-Package Microsoft.CrmSdk.XrmTooling.CoreAssembly and Microsoft.CrmSdk.CoreAssemblies, Install-Package Microsoft.PowerPlatform.Dataverse.Client, then rename CrmServiceClient to ServiceClient';
      report(ctx, tooling, scope, `${describe(tooling)} is XrmTooling: its CrmServiceClient is built on ${ADAL_ENDED}${scope.context}${advice(scope, how)}.`);
      return;
    }
    const adal = pins.find((p) => pinIs(p, ADAL_PACKAGE));
    if (adal) {
      report(ctx, adal, scope, `${describe(adal)} is ${ADAL_ENDED}${scope.context}: move its token code to MSAL (Microsoft.Identity.Client), or to ServiceClient for Dataverse connections.`);
    }
  },
};

function isTooling(pin: PackagePin): boolean {
  return pinIs(pin, XRM_TOOLING_PACKAGE) || pinIs(pin, XRM_TOOLING_ASSEMBLY);
}

function describe(pin: PackagePin): string {
  const version = pin.version ? ` ${pin.version}` : '';
  return pin.source === 'Reference' && !pin.version ? `The reference to ${pin.id}` : `Package ${pin.id}${version}`;
}

function report(ctx: RuleContext, pin: PackagePin, scope: RetirementScope, message: string): void {
  ctx.report({ severity: deprecationSeverity(scope), message, start: pin.element.start, end: pin.element.startTagEnd, related: scope.related });
}

function checkCode(ctx: RuleContext): void {
  const input = csharpInput(ctx);
  if (!input) {
    return;
  }
  const uses = adalUses(ctx.text, input.model.usings);
  const scope = retirementScope(ctx, input.project);
  const severity = deprecationSeverity(scope);
  const at = uses.toolingUsings[0] ?? uses.clientNames[0];
  if (at) {
    const { fix, why } = scope.reach === 'online' ? moveFix(ctx, input.project, uses, input.model.usings) : { fix: undefined, why: '' };
    const how = fix ? 'the quick fix renames it here and changes the package' : `change the package, then rename it (no quick fix: ${why})`;
    ctx.report({
      severity,
      message: `CrmServiceClient (XrmTooling) is built on ${ADAL_ENDED}${scope.context}${advice(scope, how)}.`,
      start: at.start,
      end: at.end,
      fixes: fix ? [fix] : [],
      related: scope.related,
    });
  }
  if (uses.adal) {
    ctx.report({ severity, message: `This code uses ${ADAL_ENDED}${scope.context}: acquire tokens with MSAL (Microsoft.Identity.Client) instead, or connect with ServiceClient.`, start: uses.adal.start, end: uses.adal.end, related: scope.related });
  }
}

/** The per-file quick fix: the renames in this file plus, unless already done, the project's package move. */
function moveFix(ctx: RuleContext, project: ProjectModel | undefined, uses: ReturnType<typeof adalUses>, usings: Parameters<typeof serviceClientRenames>[2]): { fix?: Fix; why: string } {
  if (uses.clientNames.length === 0) {
    return { why: 'the file names no CrmServiceClient to rename' };
  }
  if (uses.renameBlocker) {
    return { why: uses.renameBlocker };
  }
  const projectFile = project ? ctx.indexedFile(project.path) : undefined;
  const projectLines = project ? ctx.linesOf(project.path) : undefined;
  if (!project || !projectFile || !projectLines) {
    return { why: 'no project file compiles this file' };
  }
  const upstream = sdkThroughReferences(ctx, project);
  if (upstream) {
    return { why: `it references ${upstream}, whose SDK packages would flow into this project beside Dataverse.Client: move that project first` };
  }
  const move = serviceClientMove(project, projectFile.text, allPinsOf(project, (p) => ctx.indexedFile(p)));
  if ('reason' in move) {
    return { why: move.reason };
  }
  const fix = fileFix('Move this file to ServiceClient (Dataverse.Client)', false, ctx.path, ctx.lines, serviceClientRenames(ctx.text, uses, usings));
  if (move.edits.length > 0) {
    fix.changes.push({ path: project.path, edits: toTextEdits(projectLines, move.edits) });
    fix.title = 'Move this file to ServiceClient and the project to Dataverse.Client';
  }
  return { fix, why: '' };
}

/** A referenced workspace project that pins a `Microsoft.CrmSdk.*` package (which flows in transitively), by file name. */
function sdkThroughReferences(ctx: RuleContext, project: ProjectModel): string | undefined {
  for (const path of project.projectReferences) {
    const referenced = ctx.index.project(path);
    if (referenced && allPinsOf(referenced, (p) => ctx.indexedFile(p)).some((p) => /^Microsoft\.CrmSdk\./i.test(p.id))) {
      return baseName(referenced.path);
    }
  }
  return undefined;
}

/** A script connection's level: warning online or where nothing says, information on-premises or in a module function nothing calls. */
function scriptLevel(ctx: RuleContext, site: CrmConnectorSite): { severity: Severity; context: string; online: boolean } {
  const uncalled = uncalledModuleFunction(ctx, site.node);
  if (uncalled) {
    return { severity: 'information', context: ` (information: inside the module function ${uncalled}, which nothing in the workspace calls — its callers decide)`, online: true };
  }
  if (site.destination === 'onPremises') {
    return { severity: 'information', context: ` (it connects to an on-premises server: ${site.reason ?? 'its connection says so'}, which this online retirement does not affect)`, online: false };
  }
  return { severity: 'warning', context: '', online: true };
}

/**
 * `Get-CrmConnection`, Microsoft.Xrm.Data.PowerShell's `Connect-CrmOnline*` and the script's own constructions of
 * XrmTooling's client run on CrmServiceClient, so on ADAL: one finding per script, at its first connection of the
 * highest level. No fix: the replacement is other code.
 */
function checkScript(ctx: RuleContext): void {
  // The plain copy the other PowerShell rules read (made once per tree): the parser's own nodes cross into wasm on every read.
  const root = ctx.tree ? psTree(ctx.tree, ctx.text) : undefined;
  const sites = root ? inDocumentOrder([...crmConnectorSites(ctx.text, root, () => workspaceFunctions(ctx, root)), ...crmClientSites(ctx.text, root)]) : [];
  const levels = sites.map((site) => ({ site, ...scriptLevel(ctx, site) }));
  const first = levels.find((l) => l.severity === 'warning') ?? levels[0];
  if (!first) {
    return;
  }
  const { site, severity, context, online } = first;
  const more = sites.length > 1 ? ` (the script connects ${sites.length} times this way)` : '';
  const advice = online
    ? ': connect with ServiceClient instead (load Microsoft.PowerPlatform.Dataverse.Client and create [Microsoft.PowerPlatform.Dataverse.Client.ServiceClient]::new($connectionString), the same connection strings), or call the Web API with a token from MSAL (Microsoft\'s PowerShell quick start takes it from Get-AzAccessToken)'
    : ': Microsoft\'s transition guide keeps CrmServiceClient there for now; move when the connection moves online';
  ctx.report({
    severity,
    message: `${site.command} (${site.module}) ${site.constructs ? 'creates a' : 'connects with'} CrmServiceClient, which is built on ${ADAL_ENDED}${context}${more}${advice}.`,
    start: site.node.startIndex,
    end: site.node.endIndex,
  });
}

/** The script's connections by where they start (the cmdlets and the constructions are read apart). */
function inDocumentOrder(sites: CrmConnectorSite[]): CrmConnectorSite[] {
  return sites.sort((a, b) => a.node.startIndex - b.node.startIndex);
}
