import { appendChildEdit } from '../config/xmlEdits';
import { OffsetEdit } from '../fixes/textFix';
import { XmlElement } from '../parsing/xmlModel';
import { LineIndex } from '../text/lineIndex';
import { ProjectModel, TargetDefinition } from './projectModel';
import { retargetText } from './targetFramework';

/**
 * The edits that retarget one legacy TFM of a project: the TFM's own text (old-style `v4.5.2`, SDK-style the one
 * `net452` inside `TargetFrameworks`) and, old-style, a stale `TargetFrameworkProfile` (the Client profile ended
 * with 4.0) emptied. Undefined when the TFM is not a literal we can edit in place.
 */
export function retargetEdits(model: ProjectModel, def: TargetDefinition, version: number): { path: string; edits: OffsetEdit[] } | undefined {
  if (def.tokenStart === undefined || def.tokenEnd === undefined) {
    return undefined;
  }
  const edits: OffsetEdit[] = [{ start: def.tokenStart, end: def.tokenEnd, newText: retargetText(def.raw, version) }];
  if (def.property === 'TargetFrameworkVersion') {
    for (const p of def.path === model.path ? model.file.properties : []) {
      const el = p.element;
      if (p.name === 'TargetFrameworkProfile' && el.text && el.textStart !== undefined && el.textEnd !== undefined) {
        edits.push({ start: el.textStart, end: el.textEnd, newText: '' });
      }
    }
  }
  return { path: def.path, edits };
}

/** Where a project without a target element gets its finding and its new target: the first unconditional PropertyGroup. */
export function noTargetAnchor(model: ProjectModel): XmlElement | undefined {
  return model.file.propertyGroups.find((g) => !g.attributes.some((a) => a.name === 'Condition')) ?? model.file.root;
}

/** Adds `<TargetFrameworkVersion>` to the first unconditional PropertyGroup of a project that names no target. */
export function insertTargetEdit(lines: LineIndex, model: ProjectModel, version: number): OffsetEdit | undefined {
  const group = model.file.propertyGroups.find((g) => !g.attributes.some((a) => a.name === 'Condition'));
  if (!group) {
    return undefined;
  }
  return appendChildEdit(lines, group, `<TargetFrameworkVersion>${retargetText('v4.0', version)}</TargetFrameworkVersion>`);
}
