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
  const newText = retargetText(def.raw, version);
  if (def.property === 'TargetFrameworks' && duplicatesSibling(model, def, version, newText)) {
    const removal = removeTfmEdit(def);
    return removal ? { path: def.path, edits: [removal] } : undefined;
  }
  const edits: OffsetEdit[] = [{ start: def.tokenStart, end: def.tokenEnd, newText }];
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

/**
 * True when retargeting a TFM of `TargetFrameworks` would list a framework twice: another TFM already is the new one,
 * or an earlier legacy TFM of the same list is retargeted to it. The fix then drops this TFM instead.
 */
function duplicatesSibling(model: ProjectModel, def: TargetDefinition, version: number, newText: string): boolean {
  const siblings = model.targets.filter((t) => t !== def && t.element === def.element);
  return siblings.some(
    (t) =>
      t.raw.toLowerCase() === newText.toLowerCase() ||
      (t.target?.family === 'netfx' && t.target.version < version && (t.tokenStart ?? 0) < (def.tokenStart ?? 0)),
  );
}

/** Removes one TFM and one adjacent `;` from a `TargetFrameworks` list. */
function removeTfmEdit(def: TargetDefinition): OffsetEdit | undefined {
  const el = def.element;
  if (def.tokenStart === undefined || def.tokenEnd === undefined || el.textStart === undefined) {
    return undefined;
  }
  const text = el.text;
  const at = def.tokenStart - el.textStart;
  let after = def.tokenEnd - el.textStart;
  while (after < text.length && /\s/.test(text[after] ?? '')) {
    after++;
  }
  if (text[after] === ';') {
    return { start: def.tokenStart, end: el.textStart + after + 1, newText: '' };
  }
  let before = at;
  while (before > 0 && /\s/.test(text[before - 1] ?? '')) {
    before--;
  }
  return text[before - 1] === ';' ? { start: el.textStart + before - 1, end: def.tokenEnd, newText: '' } : undefined;
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
