import { SyntaxNode } from './parserPort';

/** An attribute with the offsets of its name and of its value's text (inside the quotes). */
export interface XmlAttribute {
  name: string;
  /** The value with the five predefined entities and character references decoded. */
  value: string;
  start: number;
  end: number;
  valueStart: number;
  valueEnd: number;
}

/** An element of the document: name, attributes, child elements, its own text, and offsets for edits. */
export interface XmlElement {
  name: string;
  /** Local name (prefix dropped) compared case-sensitively, as MSBuild and .NET config do. */
  localName: string;
  attributes: XmlAttribute[];
  children: XmlElement[];
  parent: XmlElement | undefined;
  start: number;
  end: number;
  /** Offset just after the start tag's `>` (or the `/>` of an empty element). */
  startTagEnd: number;
  /** Offset of the end tag's `<`, or undefined for an empty or unclosed element. */
  endTagStart: number | undefined;
  /** Character data directly inside the element, decoded and trimmed. */
  text: string;
  /** Offsets of the trimmed text (undefined when the element has no text). */
  textStart: number | undefined;
  textEnd: number | undefined;
}

/** A parsed XML file: its elements (comments are dropped: commented-out XML is never analysed). */
export interface XmlDocument {
  roots: XmlElement[];
  /** True when the parser hit malformed or truncated XML; the elements are what could be recovered. */
  hasError: boolean;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** The highest code point XML allows (and `String.fromCodePoint` accepts). */
const MAX_CODE_POINT = 0x10ffff;

/** Decodes XML entity and character references in attribute values and text; a reference XML forbids stays as written. */
export function decodeXmlText(raw: string): string {
  return raw.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[A-Za-z]+);/g, (whole, ref: string) => {
    if (ref.startsWith('#')) {
      const code = ref.startsWith('#x') ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return isAllowedXmlChar(code) ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[ref] ?? whole;
  });
}

/** XML 1.0's Char production: tab, newline, return, and the code points above U+001F outside surrogates, U+FFFE/F. */
function isAllowedXmlChar(code: number): boolean {
  if (!Number.isSafeInteger(code) || code > MAX_CODE_POINT) {
    return false;
  }
  return code === 0x9 || code === 0xa || code === 0xd || (code >= 0x20 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) || code >= 0x10000;
}

function childOfType(node: SyntaxNode, type: string): SyntaxNode | undefined {
  for (const c of node.children) {
    if (c && c.type === type) {
      return c;
    }
  }
  return undefined;
}

function readAttributes(tag: SyntaxNode): XmlAttribute[] {
  const out: XmlAttribute[] = [];
  for (const a of tag.children) {
    if (!a || a.type !== 'Attribute') {
      continue;
    }
    const nameNode = childOfType(a, 'Name');
    const valueNode = childOfType(a, 'AttValue');
    if (!nameNode || !valueNode) {
      continue;
    }
    const quoted = valueNode.text;
    const hasQuotes = quoted.length >= 2 && (quoted[0] === '"' || quoted[0] === "'");
    const valueStart = valueNode.startIndex + (hasQuotes ? 1 : 0);
    const valueEnd = Math.max(valueStart, valueNode.endIndex - (hasQuotes && quoted.endsWith(quoted[0] ?? '') ? 1 : 0));
    out.push({
      name: nameNode.text,
      value: decodeXmlText(quoted.slice(valueStart - valueNode.startIndex, valueEnd - valueNode.startIndex)),
      start: a.startIndex,
      end: a.endIndex,
      valueStart,
      valueEnd,
    });
  }
  return out;
}

function newElement(tag: SyntaxNode, parent: XmlElement | undefined): XmlElement {
  const name = childOfType(tag, 'Name')?.text ?? '';
  return {
    name,
    localName: name.includes(':') ? name.slice(name.indexOf(':') + 1) : name,
    attributes: readAttributes(tag),
    children: [],
    parent,
    start: tag.startIndex,
    end: tag.endIndex,
    startTagEnd: tag.endIndex,
    endTagStart: undefined,
    text: '',
    textStart: undefined,
    textEnd: undefined,
  };
}

/** A stretch of an element's own character data or references: offsets and the raw text. */
export interface TextRun {
  start: number;
  end: number;
  raw: string;
}

/** Builds the element model from an XML tree, also from ERROR trees (matching start and end tags by name). */
export function buildXmlDocument(root: SyntaxNode, source: string): XmlDocument {
  const roots: XmlElement[] = [];
  const stack: XmlElement[] = [];
  const texts = new Map<XmlElement, TextRun[]>();
  const attach = (el: XmlElement): void => {
    const parent = stack[stack.length - 1];
    if (parent) {
      parent.children.push(el);
    } else {
      roots.push(el);
    }
  };
  // Iterative, so that deeply nested documents cannot overflow the call stack.
  const pending: SyntaxNode[] = [root];
  while (pending.length) {
    const node = pending.pop() as SyntaxNode;
    switch (node.type) {
      case 'Comment':
      case 'prolog':
      case 'XMLDecl':
      case 'PI':
        continue;
      case 'STag': {
        const el = newElement(node, stack[stack.length - 1]);
        attach(el);
        stack.push(el);
        continue;
      }
      case 'EmptyElemTag':
        attach(newElement(node, stack[stack.length - 1]));
        continue;
      case 'ETag': {
        const name = childOfType(node, 'Name')?.text ?? '';
        let i = stack.length - 1;
        while (i >= 0 && stack[i]?.name !== name) {
          i--;
        }
        if (i >= 0) {
          while (stack.length > i) {
            const el = stack.pop();
            if (el) {
              el.end = node.endIndex;
              if (stack.length === i) {
                el.endTagStart = node.startIndex;
              }
            }
          }
        }
        continue;
      }
      case 'CharData':
      case 'EntityRef':
      case 'CharRef':
      case 'CDSect': {
        const current = stack[stack.length - 1];
        if (current) {
          const runs = texts.get(current) ?? [];
          const raw = node.type === 'CDSect' ? (childOfType(node, 'CData')?.text ?? '') : node.text;
          runs.push({ start: node.startIndex, end: node.endIndex, raw: node.type === 'CDSect' ? raw.replace(/&/g, '&amp;') : raw });
          texts.set(current, runs);
        }
        continue;
      }
      default:
        for (let i = node.children.length - 1; i >= 0; i--) {
          const c = node.children[i];
          if (c) {
            pending.push(c);
          }
        }
    }
  }
  for (const open of stack) {
    // An element left open by truncated XML extends to the end of what was parsed.
    open.end = Math.max(open.end, root.endIndex);
  }
  for (const [el, runs] of texts) {
    fillText(el, runs, source);
  }
  return { roots, hasError: root.hasError };
}

/** Sets an element's text from its runs: decoded and trimmed, with the offsets of the trimmed text (none when blank). */
export function fillText(el: XmlElement, runs: TextRun[], source: string): void {
  const first = runs[0];
  const last = runs[runs.length - 1];
  if (!first || !last) {
    return;
  }
  const raw = runs.map((r) => r.raw).join('');
  const decoded = decodeXmlText(raw).trim();
  if (!decoded) {
    return;
  }
  let s = first.start;
  let e = last.end;
  while (s < e && /\s/.test(source[s] ?? '')) {
    s++;
  }
  while (e > s && /\s/.test(source[e - 1] ?? '')) {
    e--;
  }
  el.text = decoded;
  el.textStart = s;
  el.textEnd = e;
}

/** All elements of a document in document order. */
export function allElements(doc: XmlDocument): XmlElement[] {
  const out: XmlElement[] = [];
  const pending = [...doc.roots].reverse();
  while (pending.length) {
    const el = pending.pop() as XmlElement;
    out.push(el);
    for (let i = el.children.length - 1; i >= 0; i--) {
      pending.push(el.children[i] as XmlElement);
    }
  }
  return out;
}

/** The child elements of an element with a given local name. */
export function childElements(el: XmlElement, localName: string): XmlElement[] {
  return el.children.filter((c) => c.localName === localName);
}

/** An attribute's value by name (case-sensitive), or undefined. */
export function attributeValue(el: XmlElement, name: string): string | undefined {
  return el.attributes.find((a) => a.name === name)?.value;
}
