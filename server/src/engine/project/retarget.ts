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
 * or an earlier legacy TFM of the same list is retargeted to it. The fix then drops this TFM instead. One pass over the
 * list per (list, version) is kept, so retargeting every TFM of a long list stays linear.
 */
function duplicatesSibling(model: ProjectModel, def: TargetDefinition, version: number, newText: string): boolean {
  const summary = siblingSummary(model.targets, def.element, version);
  const same = summary.rawCounts.get(newText.toLowerCase()) ?? 0;
  const selfSame = def.raw.toLowerCase() === newText.toLowerCase() ? 1 : 0;
  return same - selfSame > 0 || summary.firstOlderStart < (def.tokenStart ?? 0);
}

/** Per TFM list: how often each TFM text occurs, and where the first .NET Framework TFM below a version starts. */
interface SiblingSummary {
  rawCounts: Map<string, number>;
  firstOlderStart: number;
}

const summaries = new WeakMap<readonly TargetDefinition[], Map<XmlElement, Map<number, SiblingSummary>>>();

function siblingSummary(targets: readonly TargetDefinition[], element: XmlElement, version: number): SiblingSummary {
  let byElement = summaries.get(targets);
  if (!byElement) {
    byElement = new Map();
    summaries.set(targets, byElement);
  }
  let byKey = byElement.get(element);
  if (!byKey) {
    byKey = new Map();
    byElement.set(element, byKey);
  }
  const key = version;
  let summary = byKey.get(key);
  if (!summary) {
    summary = { rawCounts: new Map(), firstOlderStart: Infinity };
    for (const t of targets) {
      if (t.element !== element) {
        continue;
      }
      const raw = t.raw.toLowerCase();
      summary.rawCounts.set(raw, (summary.rawCounts.get(raw) ?? 0) + 1);
      if (t.target?.family === 'netfx' && t.target.version < version) {
        summary.firstOlderStart = Math.min(summary.firstOlderStart, t.tokenStart ?? 0);
      }
    }
    byKey.set(key, summary);
  }
  return summary;
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
