import { XmlDocument, XmlElement } from '../engine/parsing/xmlModel';

/** JSON of a parsed XML document without its parent links (the cache file's form; `relinkXml` restores them). */
export function withoutParents(key: string, value: unknown): unknown {
  return key === 'parent' ? undefined : value;
}

/**
 * A parsed XML document read back from a cache file, checked for shape (every element with its names, attributes,
 * offsets and children) and given back its parent links; undefined when anything is not as `buildXmlDocument` makes it.
 */
export function relinkXml(v: unknown): XmlDocument | undefined {
  if (!isObject(v) || typeof v.hasError !== 'boolean' || !Array.isArray(v.roots)) {
    return undefined;
  }
  const roots: unknown[] = v.roots;
  return roots.every((r) => relinkElement(r, undefined)) ? (v as unknown as XmlDocument) : undefined;
}

/** Checks one element and its children, setting each one's parent; false at the first element of the wrong shape. */
function relinkElement(v: unknown, parent: XmlElement | undefined): boolean {
  if (!isObject(v) || typeof v.name !== 'string' || typeof v.localName !== 'string' || typeof v.text !== 'string' || !Array.isArray(v.attributes) || !Array.isArray(v.children)) {
    return false;
  }
  if (![v.start, v.end, v.startTagEnd].every((n) => typeof n === 'number') || ![v.endTagStart, v.textStart, v.textEnd].every((n) => n === undefined || typeof n === 'number')) {
    return false;
  }
  const attributes: unknown[] = v.attributes;
  const attributeShape = (a: unknown): boolean => isObject(a) && typeof a.name === 'string' && typeof a.value === 'string' && [a.start, a.end, a.valueStart, a.valueEnd].every((n) => typeof n === 'number');
  if (!attributes.every(attributeShape)) {
    return false;
  }
  const element = v as unknown as XmlElement;
  element.parent = parent;
  const children: unknown[] = v.children;
  return children.every((c) => relinkElement(c, element));
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
