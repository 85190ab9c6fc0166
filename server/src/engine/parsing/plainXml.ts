import { TextRun, XmlAttribute, XmlDocument, XmlElement, decodeXmlText, fillText } from './xmlModel';

/**
 * The element model of a plain, well-formed XML text read directly, without tree-sitter: exactly what
 * `buildXmlDocument` makes of the XML grammar's tree for the same text, or undefined when the text holds anything
 * outside the plain subset this reader knows the grammar's tree for. The subset: an optional XML declaration, comments
 * and whitespace around one root element, elements with ASCII names and quoted attributes, character data (without
 * `]]>`), and entity and character references of the grammar's forms. Anything else (a DOCTYPE, CDATA, a processing
 * instruction, a name with a non-ASCII letter, a NUL or a surrogate, a mismatched or unclosed tag, very deep nesting)
 * gives undefined and the caller parses the text. Project and config files are nearly always plain: the scan indexes
 * every one of them, and this costs a small fraction of a parse (test/unit/plainXml.test.ts compares the two readings).
 */
export function readPlainXml(source: string): XmlDocument | undefined {
  if (UNSUPPORTED_CHARACTER.test(source) || source.includes(']]>')) {
    return undefined;
  }
  try {
    return new PlainXmlReader(source).document();
  } catch (e) {
    if (e === OUTSIDE_SUBSET) {
      return undefined;
    }
    throw e;
  }
}

/**
 * Characters the grammar's scanner treats specially (NUL) or that decode differently (lone surrogates): not read here,
 * nor is a text with `]]>` (the end of CDATA, which the grammar's character data stops at).
 */
const UNSUPPORTED_CHARACTER = /[\0\uD800-\uDFFF]/;

/** Thrown inside the reader when the text leaves the plain subset (caught in readPlainXml). */
const OUTSIDE_SUBSET = new Error('outside the plain XML subset');

/** The XML declaration as the grammar reads it: version, then optionally encoding and standalone, in that order. */
const XML_DECLARATION =
  /<\?xml[ \t\r\n]+version[ \t\r\n]*=[ \t\r\n]*(?:"1\.[0-9]+"|'1\.[0-9]+')(?:[ \t\r\n]+encoding[ \t\r\n]*=[ \t\r\n]*(?:"[A-Za-z][A-Za-z0-9._-]*"|'[A-Za-z][A-Za-z0-9._-]*'))?(?:[ \t\r\n]+standalone[ \t\r\n]*=[ \t\r\n]*(?:"(?:yes|no)"|'(?:yes|no)'))?[ \t\r\n]*\?>/y;

/** An entity or character reference in the grammar's forms (`&name;`, `&#10;`, `&#x0A;`). */
const REFERENCE = /&(?:#[0-9]+|#x[0-9a-fA-F]+|[A-Za-z_][A-Za-z0-9_:.-]*);/y;

/**
 * An attribute's value after its opening quote, up to and with its closing quote: no `<`, references of the grammar's
 * forms. Unrolled (no nested quantifier), so that a value without its closing quote fails in linear time.
 */
const QUOTED_VALUE = /[^<&"]*(?:&(?:#[0-9]+|#x[0-9a-fA-F]+|[A-Za-z_][A-Za-z0-9_:.-]*);[^<&"]*)*"/y;
const APOSTROPHED_VALUE = /[^<&']*(?:&(?:#[0-9]+|#x[0-9a-fA-F]+|[A-Za-z_][A-Za-z0-9_:.-]*);[^<&']*)*'/y;

/** The next `<` or `&`: where character data ends. */
const MARKUP = /[<&]/g;

/** A name as both the grammar's tag-name scanner and its Name token read it, restricted to ASCII. */
const NAME = /[A-Za-z_][A-Za-z0-9_:.-]*/y;

/**
 * The longest name the grammar's scanner keeps whole (it stores lengths in a byte), and the most the open elements'
 * names may add up to: the scanner serialises its stack of open names into 1,024 bytes between tokens and forgets
 * what does not fit. Past either bound the tree-sitter path decides.
 */
const MAX_NAME = 200;
const MAX_OPEN_NAMES = 800;

const LT = 60;
const GT = 62;
const SLASH = 47;
const BANG = 33;
const QUESTION = 63;
const AMP = 38;
const EQUALS = 61;
const QUOTE = 34;
const APOSTROPHE = 39;

/** One pass over a text, building elements as `buildXmlDocument` does from the tree (same fields, same order). */
class PlainXmlReader {
  private at = 0;
  private readonly roots: XmlElement[] = [];
  private readonly open: XmlElement[] = [];
  private openNames = 0;
  private readonly texts = new Map<XmlElement, TextRun[]>();

  constructor(private readonly source: string) {}

  document(): XmlDocument {
    this.skipSpace();
    if (this.source.startsWith('<?', this.at)) {
      XML_DECLARATION.lastIndex = this.at;
      if (!XML_DECLARATION.test(this.source)) {
        throw OUTSIDE_SUBSET;
      }
      this.at = XML_DECLARATION.lastIndex;
    }
    this.miscellany();
    if (this.source.charCodeAt(this.at) !== LT) {
      throw OUTSIDE_SUBSET;
    }
    this.startTag();
    while (this.open.length > 0) {
      this.content();
    }
    this.miscellany();
    if (this.at !== this.source.length) {
      throw OUTSIDE_SUBSET;
    }
    for (const [el, runs] of this.texts) {
      fillText(el, runs, this.source);
    }
    return { roots: this.roots, hasError: false };
  }

  /** Whitespace and comments (before and after the root element). */
  private miscellany(): void {
    for (;;) {
      this.skipSpace();
      if (!this.source.startsWith('<!--', this.at)) {
        return;
      }
      this.comment();
    }
  }

  /** A comment at `at`: it ends at the first `--`, which must be followed by `>`. */
  private comment(): void {
    const close = this.source.indexOf('--', this.at + 4);
    if (close < 0 || this.source.charCodeAt(close + 2) !== GT) {
      throw OUTSIDE_SUBSET;
    }
    this.at = close + 3;
  }

  /** One item of the innermost open element's content: a tag, a comment, a reference or character data. */
  private content(): void {
    const c = this.source.charCodeAt(this.at);
    if (c === LT) {
      const next = this.source.charCodeAt(this.at + 1);
      if (next === SLASH) {
        this.endTag();
      } else if (next === BANG) {
        if (!this.source.startsWith('<!--', this.at)) {
          throw OUTSIDE_SUBSET;
        }
        this.comment();
      } else if (next === QUESTION) {
        throw OUTSIDE_SUBSET;
      } else {
        this.startTag();
      }
    } else if (c === AMP) {
      const end = this.reference(this.at);
      this.addText(this.at, end);
      this.at = end;
    } else if (this.at < this.source.length) {
      MARKUP.lastIndex = this.at;
      const end = MARKUP.exec(this.source)?.index ?? this.source.length;
      this.addText(this.at, end);
      this.at = end;
    } else {
      throw OUTSIDE_SUBSET;
    }
  }

  /** A start tag or empty-element tag at `at` (`<` then a name). */
  private startTag(): void {
    const start = this.at;
    const name = this.name(start + 1);
    let i = start + 1 + name.length;
    const attributes: XmlAttribute[] = [];
    for (;;) {
      const spaced = this.spaceEnd(i);
      const c = this.source.charCodeAt(spaced);
      if (c === GT) {
        i = spaced + 1;
        break;
      }
      if (c === SLASH && this.source.charCodeAt(spaced + 1) === GT) {
        i = spaced + 2;
        this.attach(this.element(name, attributes, start, i));
        this.at = i;
        return;
      }
      if (spaced === i) {
        throw OUTSIDE_SUBSET;
      }
      i = this.attribute(spaced, attributes);
    }
    const el = this.element(name, attributes, start, i);
    this.attach(el);
    this.open.push(el);
    this.openNames += name.length + 1;
    if (this.openNames > MAX_OPEN_NAMES) {
      throw OUTSIDE_SUBSET;
    }
    this.at = i;
  }

  /** An attribute at `start` (name, `=`, quoted value) into `out`; returns the offset after its closing quote. */
  private attribute(start: number, out: XmlAttribute[]): number {
    const name = this.name(start);
    let i = this.spaceEnd(start + name.length);
    if (this.source.charCodeAt(i) !== EQUALS) {
      throw OUTSIDE_SUBSET;
    }
    i = this.spaceEnd(i + 1);
    const quote = this.source.charCodeAt(i);
    if (quote !== QUOTE && quote !== APOSTROPHE) {
      throw OUTSIDE_SUBSET;
    }
    const valueStart = i + 1;
    const value = quote === QUOTE ? QUOTED_VALUE : APOSTROPHED_VALUE;
    value.lastIndex = valueStart;
    if (!value.test(this.source)) {
      throw OUTSIDE_SUBSET;
    }
    const valueEnd = value.lastIndex - 1;
    out.push({ name, value: decodeXmlText(this.source.slice(valueStart, valueEnd)), start, end: valueEnd + 1, valueStart, valueEnd });
    return valueEnd + 1;
  }

  /** An end tag at `at`: it must close the innermost open element. */
  private endTag(): void {
    const start = this.at;
    const name = this.name(start + 2);
    const close = this.spaceEnd(start + 2 + name.length);
    const el = this.open[this.open.length - 1];
    if (!el || el.name !== name || this.source.charCodeAt(close) !== GT) {
      throw OUTSIDE_SUBSET;
    }
    this.open.pop();
    this.openNames -= name.length + 1;
    el.end = close + 1;
    el.endTagStart = start;
    this.at = close + 1;
  }

  /** The end of the reference at `i`, which must have one of the grammar's forms. */
  private reference(i: number): number {
    REFERENCE.lastIndex = i;
    if (!REFERENCE.test(this.source)) {
      throw OUTSIDE_SUBSET;
    }
    return REFERENCE.lastIndex;
  }

  /** The name at `i` (never empty, never longer than the scanner keeps). */
  private name(i: number): string {
    NAME.lastIndex = i;
    const m = NAME.exec(this.source);
    if (!m || m[0].length > MAX_NAME) {
      throw OUTSIDE_SUBSET;
    }
    return m[0];
  }

  /** A text run of the innermost open element. */
  private addText(start: number, end: number): void {
    const current = this.open[this.open.length - 1];
    if (!current) {
      throw OUTSIDE_SUBSET;
    }
    const runs = this.texts.get(current);
    const run = { start, end, raw: this.source.slice(start, end) };
    if (runs) {
      runs.push(run);
    } else {
      this.texts.set(current, [run]);
    }
  }

  private attach(el: XmlElement): void {
    const parent = this.open[this.open.length - 1];
    if (parent) {
      parent.children.push(el);
    } else {
      this.roots.push(el);
    }
  }

  private element(name: string, attributes: XmlAttribute[], start: number, tagEnd: number): XmlElement {
    return {
      name,
      localName: name.includes(':') ? name.slice(name.indexOf(':') + 1) : name,
      attributes,
      children: [],
      parent: this.open[this.open.length - 1],
      start,
      end: tagEnd,
      startTagEnd: tagEnd,
      endTagStart: undefined,
      text: '',
      textStart: undefined,
      textEnd: undefined,
    };
  }

  private skipSpace(): void {
    this.at = this.spaceEnd(this.at);
  }

  /** The offset after the XML whitespace (space, tab, CR, LF) at `i`. */
  private spaceEnd(i: number): number {
    let j = i;
    let c = this.source.charCodeAt(j);
    while (c === 32 || c === 9 || c === 13 || c === 10) {
      c = this.source.charCodeAt(++j);
    }
    return j;
  }
}
