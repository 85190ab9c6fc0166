import { XmlElement, allElements, attributeValue } from '../parsing/xmlModel';
import { IndexedFile } from './indexedFile';
import { ProjectModel } from './projectModel';
import { compareVersions } from './sdkPackages';
import { appendAll } from '../util/arrays';

/**
 * A package (or assembly) a project pins, where it is pinned: a packages.config `<package>`, a `<PackageReference>`, or
 * a `<Reference>` whose HintPath names a packages folder (`packages\<id>.<version>\`) or whose Include names the
 * assembly. The connection-library rules (docs/rules/DYN103.md, docs/rules/DYN105.md) read these.
 */
export interface PackagePin {
  /** Package id (or the assembly name of a `<Reference>` without a packages folder). */
  id: string;
  /** The pinned version, when the pin says one. */
  version: string | undefined;
  source: 'packagesConfig' | 'PackageReference' | 'Reference';
  /** The file holding the pin and the element. */
  path: string;
  element: XmlElement;
  /** True when a target-framework condition on the item or its ItemGroup could not be decided (it may not apply to every target). */
  conditional?: boolean;
}

const HINT_FOLDER = /(?:^|[\\/])packages[\\/]([A-Za-z][A-Za-z0-9_.-]*?)\.(\d+(?:\.\d+){1,3})(?:-[A-Za-z0-9.-]+)?[\\/]/i;

/** A version written in a PackageReference (`1.2.3`, `[1.2.3]`, `[1.2.3,)`): its lower bound, or undefined (`*`, `$(Prop)`). */
function referenceVersion(raw: string | undefined): string | undefined {
  const lower = (raw ?? '').trim().replace(/^[[(]/, '').split(/[,)\]]/)[0]?.trim() ?? '';
  return /^\d+(\.\d+)*/.test(lower) ? /^\d+(\.\d+)*/.exec(lower)?.[0] : undefined;
}

/**
 * Whether an item applies to the project's targets, from the `Condition` of the item and of its ItemGroup: false when a
 * `'$(TargetFramework)' == 'X'` (or `!=`, or the `TrimEnd` idiom for .NET Framework TFMs) excludes every target;
 * `conditional` when a condition names the target framework in a form not decided here.
 */
function appliesToTargets(el: XmlElement, model: ProjectModel): { applies: boolean; conditional: boolean } {
  let conditional = false;
  for (const node of [el, el.parent]) {
    const condition = node ? attributeValue(node, 'Condition') : undefined;
    if (!condition || !/TargetFramework/i.test(condition)) {
      continue;
    }
    const verdicts = model.targets.map((t) => targetMatches(condition, t.raw.trim().toLowerCase()));
    if (verdicts.length > 0 && verdicts.every((v) => v === false)) {
      return { applies: false, conditional: true };
    }
    conditional = true;
  }
  return { applies: true, conditional };
}

const TFM_TEST = /^\s*'\$\(TargetFramework(\.TrimEnd\(`0123456789`\))?\)'\s*(==|!=)\s*'([^']*)'\s*$/i;

/** Evaluates one simple target-framework condition for one target; undefined when the condition has another form. */
function targetMatches(condition: string, tfm: string): boolean | undefined {
  const m = TFM_TEST.exec(condition);
  if (!m) {
    return undefined;
  }
  const value = m[1] ? tfm.replace(/[0-9]+$/, '') : tfm;
  const equal = value === (m[3] ?? '').trim().toLowerCase();
  return m[2] === '==' ? equal : !equal;
}

/** The pins of one project file (PackageReference, Reference), leaving out References to packages its packages.config lists. */
export function projectFilePins(model: ProjectModel, packagesConfigIds: ReadonlySet<string>): PackagePin[] {
  const pins: PackagePin[] = [];
  for (const item of model.file.items) {
    const name = (item.include.split(',')[0] ?? '').trim();
    const scope = item.type === 'PackageReference' || item.type === 'Reference' ? appliesToTargets(item.element, model) : undefined;
    if (!scope?.applies || !name) {
      continue;
    }
    const conditional = scope.conditional || undefined;
    if (item.type === 'PackageReference') {
      pins.push({ id: name, version: referenceVersion(item.metadata['Version'] ?? item.metadata['VersionOverride']), source: 'PackageReference', path: model.path, element: item.element, conditional });
    } else {
      const hint = HINT_FOLDER.exec(item.metadata['HintPath'] ?? '');
      const id = hint?.[1] ?? name;
      if (!packagesConfigIds.has(id.toLowerCase())) {
        pins.push({ id, version: hint?.[2], source: 'Reference', path: model.path, element: item.element, conditional });
      }
    }
  }
  return pins;
}

/** The `<package>` pins of a packages.config. */
export function packagesConfigPins(file: IndexedFile): PackagePin[] {
  return allElements(file.xml)
    .filter((el) => el.localName === 'package')
    .map((el) => ({ id: attributeValue(el, 'id') ?? '', version: referenceVersion(attributeValue(el, 'version')), source: 'packagesConfig' as const, path: file.path, element: el }))
    .filter((p) => p.id !== '');
}

/** The lower-cased package ids of the project's packages.config files. */
export function packagesConfigIdsOf(model: ProjectModel, file: (path: string) => IndexedFile | undefined): Set<string> {
  const ids = new Set<string>();
  for (const path of model.configFiles) {
    const config = file(path);
    if (config?.kind === 'packagesConfig') {
      for (const pin of packagesConfigPins(config)) {
        ids.add(pin.id.toLowerCase());
      }
    }
  }
  return ids;
}

/** Every pin of a project: its project file's and its packages.config's. */
export function allPinsOf(model: ProjectModel, file: (path: string) => IndexedFile | undefined): PackagePin[] {
  const pins = projectFilePins(model, packagesConfigIdsOf(model, file));
  for (const path of model.configFiles) {
    const config = file(path);
    if (config?.kind === 'packagesConfig') {
      appendAll(pins, packagesConfigPins(config));
    }
  }
  return pins;
}

/** True when a pin names this package id (case-insensitively, as NuGet compares ids). */
export function pinIs(pin: PackagePin, id: string): boolean {
  return pin.id.toLowerCase() === id.toLowerCase();
}

/** True when a pin's version is known and below a threshold. */
export function pinBelow(pin: PackagePin, threshold: string): boolean {
  return pin.version !== undefined && compareVersions(pin.version, threshold) < 0;
}
