import { XmlAttribute, XmlDocument, XmlElement, allElements } from '../parsing/xmlModel';

/** The TLS switch that, set to true, turns strong crypto off (TLS010). */
export const SCH_USE_STRONG_CRYPTO = 'Switch.System.Net.DontEnableSchUseStrongCrypto';

/** The TLS switches that, set to true, cap or pin the protocol choice (TLS011). */
export const TLS011_SWITCHES: readonly string[] = [
  'Switch.System.Net.DontEnableSystemDefaultTlsVersions',
  'Switch.System.ServiceModel.DisableUsingServicePointManagerSecurityProtocols',
  'Switch.System.ServiceModel.DontEnableSystemDefaultTlsVersions',
];

/** Every TLS-related switch name .NET Framework knows (docs/facts.md#appcontext-switches): exact names, as AppContext compares them. */
export const KNOWN_TLS_SWITCHES: readonly string[] = [
  SCH_USE_STRONG_CRYPTO,
  ...TLS011_SWITCHES,
  'Switch.System.Net.DontEnableSchSendAuxRecord',
  'Switch.System.Net.DontEnableTlsAlerts',
  'Switch.System.Net.DontCheckCertificateEKUs',
];

/** The appSettings key prefix ASP.NET turns into `AppContext.SetSwitch` calls. */
export const APPSETTING_PREFIX = 'AppContext.SetSwitch:';

/** One `name=value` pair of a switch string, with offsets in the file (raw text, before entity decoding). */
export interface SwitchPair {
  /** The name as written (trimmed). */
  name: string;
  /** The value as written (trimmed); undefined when the pair has no `=`. */
  value: string | undefined;
  /** The whole segment (between `;`), untrimmed. */
  raw: string;
  segmentStart: number;
  segmentEnd: number;
  nameStart: number;
  nameEnd: number;
  /** Offsets of the trimmed value text (an empty range at the end when the value is missing). */
  valueStart: number;
  valueEnd: number;
  /** A parseable `name=true|false` pair whose name has no surrounding whitespace (the runtime keeps it in the name). */
  wellFormed: boolean;
  /** True when whitespace surrounds the name (`; Switch.X=false`): the runtime looks up a name with the spaces. */
  spacedName: boolean;
}

/** Where switches are set in a config file: an `AppContextSwitchOverrides` element or an appSettings `add`. */
export interface SwitchSite {
  kind: 'overrides' | 'appSetting';
  element: XmlElement;
  /** The attribute findings sit on: `value` of AppContextSwitchOverrides; undefined for an appSettings `add`. */
  attribute: XmlAttribute | undefined;
  pairs: SwitchPair[];
  /** True when the .NET runtime reads this site (`configuration/runtime`, or `configuration/appSettings`). */
  placed: boolean;
  /** For overrides: true for the second and later element under `configuration/runtime`. */
  duplicate: boolean;
}

/** The value of a well-formed pair as a boolean ("True" parses like bool.TryParse does). */
export function pairValue(pair: SwitchPair): boolean | undefined {
  const v = pair.value?.toLowerCase();
  return v === 'true' ? true : v === 'false' ? false : undefined;
}

/** Splits a switch string taken from `text[start, end)` into pairs with offsets. */
export function parseSwitchString(text: string, start: number, end: number): SwitchPair[] {
  const out: SwitchPair[] = [];
  let cursor = start;
  while (cursor <= end) {
    let stop = text.indexOf(';', cursor);
    if (stop < 0 || stop > end) {
      stop = end;
    }
    const raw = text.slice(cursor, stop);
    if (raw.trim()) {
      out.push(pairOf(text, cursor, stop));
    }
    cursor = stop + 1;
  }
  return out;
}

function trimmedRange(text: string, start: number, end: number): [number, number] {
  let s = start;
  let e = end;
  while (s < e && /\s/.test(text[s] ?? '')) {
    s++;
  }
  while (e > s && /\s/.test(text[e - 1] ?? '')) {
    e--;
  }
  return [s, e];
}

function pairOf(text: string, start: number, end: number): SwitchPair {
  const raw = text.slice(start, end);
  const eq = raw.indexOf('=');
  const [nameStart, nameEnd] = trimmedRange(text, start, eq < 0 ? end : start + eq);
  const [valueStart, valueEnd] = eq < 0 ? [end, end] : trimmedRange(text, start + eq + 1, end);
  const name = text.slice(nameStart, nameEnd);
  const value = eq < 0 ? undefined : text.slice(valueStart, valueEnd);
  const spacedName = nameStart > start || nameEnd < (eq < 0 ? end : start + eq);
  const pair: SwitchPair = { name, value, raw, segmentStart: start, segmentEnd: end, nameStart, nameEnd, valueStart, valueEnd, wellFormed: false, spacedName };
  pair.wellFormed = name.length > 0 && !spacedName && !/[\s=,:]/.test(name) && pairValue(pair) !== undefined;
  return pair;
}

function isConfigurationRoot(el: XmlElement | undefined): boolean {
  return el !== undefined && el.localName === 'configuration' && el.parent === undefined;
}

/**
 * Every switch site of a config document, in document order. `AppContext.SetSwitch:` appSettings keys are read only by
 * ASP.NET, so they count as placed only in a web.config (`isWebConfig`).
 */
export function switchSites(doc: XmlDocument, text: string, isWebConfig: boolean): SwitchSite[] {
  const out: SwitchSite[] = [];
  let placedOverrides = 0;
  for (const el of allElements(doc)) {
    if (removedByTransform(el)) {
      continue;
    }
    if (el.localName === 'AppContextSwitchOverrides') {
      const attribute = el.attributes.find((a) => a.name === 'value');
      const placed = el.parent?.localName === 'runtime' && isConfigurationRoot(el.parent.parent);
      out.push({
        kind: 'overrides',
        element: el,
        attribute,
        pairs: attribute ? parseSwitchString(text, attribute.valueStart, attribute.valueEnd) : [],
        placed,
        duplicate: placed && placedOverrides > 0,
      });
      if (placed) {
        placedOverrides++;
      }
    } else if (el.localName === 'add' && el.parent?.localName === 'appSettings') {
      const key = el.attributes.find((a) => a.name === 'key');
      if (!key || !key.value.toLowerCase().startsWith(APPSETTING_PREFIX.toLowerCase())) {
        continue;
      }
      const value = el.attributes.find((a) => a.name === 'value');
      const nameStart = key.valueStart + APPSETTING_PREFIX.length;
      const [ns, ne] = trimmedRange(text, nameStart, key.valueEnd);
      const [vs, ve] = value ? trimmedRange(text, value.valueStart, value.valueEnd) : [el.startTagEnd, el.startTagEnd];
      const pair: SwitchPair = {
        name: text.slice(ns, ne),
        value: value ? text.slice(vs, ve) : undefined,
        raw: key.value,
        segmentStart: key.valueStart,
        segmentEnd: key.valueEnd,
        nameStart: ns,
        nameEnd: ne,
        valueStart: vs,
        valueEnd: ve,
        wellFormed: false,
        spacedName: false,
      };
      pair.wellFormed = pair.name.length > 0 && pairValue(pair) !== undefined;
      out.push({ kind: 'appSetting', element: el, attribute: undefined, pairs: [pair], placed: isWebConfig && isConfigurationRoot(el.parent.parent), duplicate: false });
    }
  }
  return out;
}

/** True for a file named web.config (any case): the only config ASP.NET reads appSettings switches from. */
export function isWebConfigPath(path: string): boolean {
  return /(^|\/)web\.config$/i.test(path);
}

/** True for an element a config transform (Web.Release.config) removes: `xdt:Transform="Remove…"` on it or above it. */
function removedByTransform(el: XmlElement): boolean {
  for (let e: XmlElement | undefined = el; e; e = e.parent) {
    if (e.attributes.some((a) => a.name.endsWith(':Transform') && /^\s*Remove/i.test(a.value))) {
      return true;
    }
  }
  return false;
}

/** The offsets a switch finding sits on: the `value` attribute of AppContextSwitchOverrides, or the appSettings `add`. */
export function siteRange(site: SwitchSite): { start: number; end: number } {
  if (site.kind === 'overrides' && site.attribute) {
    return { start: site.attribute.start, end: site.attribute.end };
  }
  return { start: site.element.start, end: site.element.startTagEnd };
}

/**
 * True when the site's pair is applied by the runtime: placed and well formed, and not overridden by a later pair of
 * the same name in the same string (the runtime lets the last one win).
 */
export function isEffective(site: SwitchSite, pair: SwitchPair): boolean {
  if (!site.placed || !pair.wellFormed) {
    return false;
  }
  const later = site.pairs.slice(site.pairs.indexOf(pair) + 1);
  return !later.some((p) => p.wellFormed && p.name === pair.name);
}

/** True when a segment concerns TLS (a Switch.System.Net / ServiceModel name), so its malformation is our business. */
export function isTlsRelated(segment: string): boolean {
  return /switch\.system\.(net|servicemodel)\./i.test(segment) || KNOWN_TLS_SWITCHES.some((k) => switchNameDistance(segment.trim().split(/[=:]/)[0] ?? '', k) <= 2);
}

/** Levenshtein distance (small strings only). */
export function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) {
    return 3;
  }
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length] ?? 0;
}

/** Distance between switch names: case-insensitive edits, a case-only difference counting as one (AppContext is case-sensitive). */
export function switchNameDistance(a: string, b: string): number {
  const d = editDistance(a.toLowerCase(), b.toLowerCase());
  return d === 0 && a !== b ? 1 : d;
}

/** The known TLS switch names nearest a misspelt one (distance 1–2), nearest first; empty when it is known or far. */
export function spellingSuggestions(name: string): string[] {
  if (KNOWN_TLS_SWITCHES.includes(name)) {
    return [];
  }
  const scored = KNOWN_TLS_SWITCHES.map((k) => ({ k, d: switchNameDistance(name, k) })).filter((x) => x.d <= 2);
  const best = Math.min(...scored.map((x) => x.d));
  return scored.filter((x) => x.d === best).map((x) => x.k);
}
