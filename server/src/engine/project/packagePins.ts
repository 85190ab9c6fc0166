import { XmlElement, allElements, attributeValue } from '../parsing/xmlModel';
import { IndexedFile } from './indexedFile';
import { ProjectModel } from './projectModel';
import { compareVersions } from './sdkPackages';

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
}

const HINT_FOLDER = /(?:^|[\\/])packages[\\/]([A-Za-z][A-Za-z0-9_.-]*?)\.(\d+(?:\.\d+){1,3})(?:-[A-Za-z0-9.-]+)?[\\/]/i;

/** A version written in a PackageReference (`1.2.3`, `[1.2.3]`, `[1.2.3,)`): its lower bound, or undefined (`*`, `$(Prop)`). */
function referenceVersion(raw: string | undefined): string | undefined {
  const lower = (raw ?? '').trim().replace(/^[[(]/, '').split(/[,)\]]/)[0]?.trim() ?? '';
  return /^\d+(\.\d+)*/.test(lower) ? /^\d+(\.\d+)*/.exec(lower)?.[0] : undefined;
}

/** The pins of one project file (PackageReference, Reference), leaving out References to packages its packages.config lists. */
export function projectFilePins(model: ProjectModel, packagesConfigIds: ReadonlySet<string>): PackagePin[] {
  const pins: PackagePin[] = [];
  for (const item of model.file.items) {
    const name = (item.include.split(',')[0] ?? '').trim();
    if (item.type === 'PackageReference' && name) {
      pins.push({ id: name, version: referenceVersion(item.metadata['Version'] ?? item.metadata['VersionOverride']), source: 'PackageReference', path: model.path, element: item.element });
    } else if (item.type === 'Reference' && name) {
      const hint = HINT_FOLDER.exec(item.metadata['HintPath'] ?? '');
      const id = hint?.[1] ?? name;
      if (!packagesConfigIds.has(id.toLowerCase())) {
        pins.push({ id, version: hint?.[2], source: 'Reference', path: model.path, element: item.element });
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
      pins.push(...packagesConfigPins(config));
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
