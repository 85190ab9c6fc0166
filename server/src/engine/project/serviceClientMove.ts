import { OffsetEdit } from '../fixes/textFix';
import { XmlElement } from '../parsing/xmlModel';
import { PackagePin, pinIs } from './packagePins';
import { ProjectModel } from './projectModel';
import { NETFX_462 } from './targetFramework';

/** The XrmTooling package: `CrmServiceClient`, built on ADAL (docs/rules/DYN103.md). */
export const XRM_TOOLING_PACKAGE = 'Microsoft.CrmSdk.XrmTooling.CoreAssembly';
/** The assembly the XrmTooling package ships (`Microsoft.Xrm.Tooling.Connector`). */
export const XRM_TOOLING_ASSEMBLY = 'Microsoft.Xrm.Tooling.Connector';
/** ADAL's package and assembly name. */
export const ADAL_PACKAGE = 'Microsoft.IdentityModel.Clients.ActiveDirectory';
/** The MSAL-based client's package (`ServiceClient`). */
export const DATAVERSE_CLIENT_PACKAGE = 'Microsoft.PowerPlatform.Dataverse.Client';
/**
 * The Dataverse.Client version the move writes: 1.1.32 is the first whose retry honours `Retry-After` in seconds for
 * every throttling fault (docs/rules/DYN105.md); its lib folders are net462, net472, net48 and net6.0.
 */
export const DATAVERSE_CLIENT_VERSION = '1.1.32';
/** .NET 6.0, the lowest modern .NET the Dataverse.Client package has a lib folder for. */
const NET_6 = 60000;

/** Packages the move removes: CoreAssemblies' Microsoft.Xrm.Sdk would clash with the copy inside Dataverse.Client. */
const REMOVED_WITH_MOVE = ['Microsoft.CrmSdk.CoreAssemblies'];
/** Packages that depend on CoreAssemblies or on XrmTooling and have no ServiceClient counterpart: no mechanical move. */
const BLOCKING = /^Microsoft\.CrmSdk\.(Deployment|Workflow|XrmTooling\.(?!CoreAssembly$).+)$/i;

/** The project-file edits of the move to ServiceClient, or why the move is not mechanical here. */
export type ServiceClientMove = { edits: OffsetEdit[]; already: boolean } | { reason: string };

/** True when every target of the project has a Dataverse.Client lib folder (.NET Framework 4.6.2+ or .NET 6+). */
export function targetsSupportServiceClient(model: ProjectModel): { ok: true } | { ok: false; why: string } {
  if (model.targets.length === 0 || model.targets.some((t) => t.target === undefined)) {
    return { ok: false, why: 'the project\'s target framework is not known' };
  }
  const low = model.targets.find((t) => {
    const target = t.target;
    return !target || (target.family === 'netfx' ? target.version < NETFX_462 : target.family === 'netstandard' || target.version < NET_6);
  });
  return low?.target ? { ok: false, why: `the project targets ${low.target.display}, and Dataverse.Client needs .NET Framework 4.6.2 or later, or .NET 6 or later: retarget first` } : { ok: true };
}

/**
 * The edits that move a project from XrmTooling to Dataverse.Client (docs/rules/DYN103.md, "The fix"): its
 * `<PackageReference Include="Microsoft.CrmSdk.XrmTooling.CoreAssembly" Version="…">` becomes Dataverse.Client 1.1.32
 * and a CoreAssemblies PackageReference is removed with its line. Only in the project file itself, never a
 * packages.config (its dependency closure and HintPaths are Install-Package's work), and only on supported targets.
 */
export function serviceClientMove(model: ProjectModel, projectText: string, pins: readonly PackagePin[]): ServiceClientMove {
  if (pins.some((p) => pinIs(p, DATAVERSE_CLIENT_PACKAGE) && p.source === 'PackageReference' && !p.conditional)) {
    return pins.some((p) => pinIs(p, XRM_TOOLING_PACKAGE)) ? { reason: 'the project references both XrmTooling and Dataverse.Client: remove XrmTooling by hand' } : { edits: [], already: true };
  }
  const supported = targetsSupportServiceClient(model);
  if (!supported.ok) {
    return { reason: supported.why };
  }
  const tooling = pins.find((p) => pinIs(p, XRM_TOOLING_PACKAGE));
  if (!tooling || tooling.source !== 'PackageReference' || tooling.path !== model.path) {
    return { reason: tooling?.source === 'packagesConfig' ? 'the project uses packages.config: run Uninstall-Package Microsoft.CrmSdk.XrmTooling.CoreAssembly and Install-Package Microsoft.PowerPlatform.Dataverse.Client, which add the dependencies and references a text edit cannot' : 'the project does not reference XrmTooling with a PackageReference of its own' };
  }
  if (pins.some((p) => p.conditional && (pinIs(p, XRM_TOOLING_PACKAGE) || pinIs(p, DATAVERSE_CLIENT_PACKAGE)))) {
    return { reason: 'the project references its Dynamics packages per target framework: move each target by hand' };
  }
  const blocking = pins.find((p) => BLOCKING.test(p.id));
  if (blocking) {
    return { reason: `the project also references ${blocking.id}, which depends on CoreAssemblies or XrmTooling and has no Dataverse.Client counterpart` };
  }
  const include = tooling.element.attributes.find((a) => a.name === 'Include');
  const version = tooling.element.attributes.find((a) => a.name === 'Version') ?? undefined;
  const versionChild = tooling.element.children.find((c) => c.localName === 'Version');
  if (!include || (!version && versionChild?.textStart === undefined)) {
    return { reason: 'the XrmTooling PackageReference has no version of its own (central package management): change the package where its version is managed' };
  }
  const edits: OffsetEdit[] = [{ start: include.valueStart, end: include.valueEnd, newText: DATAVERSE_CLIENT_PACKAGE }];
  if (version) {
    edits.push({ start: version.valueStart, end: version.valueEnd, newText: DATAVERSE_CLIENT_VERSION });
  } else if (versionChild?.textStart !== undefined && versionChild.textEnd !== undefined) {
    edits.push({ start: versionChild.textStart, end: versionChild.textEnd, newText: DATAVERSE_CLIENT_VERSION });
  }
  for (const pin of pins) {
    if (pin.source === 'PackageReference' && pin.path === model.path && REMOVED_WITH_MOVE.some((id) => pinIs(pin, id))) {
      edits.push(lineRemoval(projectText, pin.element));
    }
  }
  return { edits: edits.sort((a, b) => a.start - b.start), already: false };
}

/** Removes an element with its whole line when it stands alone on it (indentation and line ending included). */
function lineRemoval(text: string, el: XmlElement): OffsetEdit {
  const lineStart = text.lastIndexOf('\n', el.start - 1) + 1;
  const newline = text.indexOf('\n', el.end);
  const lineEnd = newline < 0 ? text.length : newline + 1;
  const alone = /^[ \t]*$/.test(text.slice(lineStart, el.start)) && /^[ \t]*\r?\n?$/.test(text.slice(el.end, lineEnd));
  return alone ? { start: lineStart, end: lineEnd, newText: '' } : { start: el.start, end: el.end, newText: '' };
}
