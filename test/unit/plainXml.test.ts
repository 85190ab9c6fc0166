import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { fileKindOf, grammarOf } from '../../server/src/engine/model/fileKind';
import { ParserBackend } from '../../server/src/engine/parsing/parserPort';
import { readPlainXml } from '../../server/src/engine/parsing/plainXml';
import { XmlDocument, buildXmlDocument } from '../../server/src/engine/parsing/xmlModel';
import { decodeText } from '../../server/src/engine/text/encoding';
import { REPO_ROOT, backend } from '../support/engineHarness';

/** The element model the way the index built it before: the XML grammar's tree, read by buildXmlDocument. */
function parsedReading(parser: ParserBackend, text: string): XmlDocument {
  const tree = parser.parse('xml', text);
  try {
    return buildXmlDocument(tree.rootNode, text);
  } finally {
    tree.delete();
  }
}

/** Every file of the repository's fixtures and samples that the scan reads as XML. */
function xmlFixtureFiles(): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const full = join(dir, name);
      if (statSync(full).isDirectory()) {
        walk(full);
      } else if (grammarOf(fileKindOf(full)) === 'xml') {
        out.push(full);
      }
    }
  };
  walk(join(REPO_ROOT, 'test', 'fixtures'));
  walk(join(REPO_ROOT, 'samples'));
  return out;
}

/** A small seeded generator (mulberry32), so that every run checks the same documents. */
function seeded(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Names that include the grammar's keywords and tokens (a Name that is a keyword elsewhere must stay a Name here). */
const NAMES = ['Project', 'PropertyGroup', 'a', 'x:y', 'ns:Item', 'ID', 'IDREF', 'CDATA', 'version', 'encoding', 'standalone', 'xml', 'yes', 'no', 'EMPTY', 'ANY', 'SYSTEM', 'PUBLIC', 'NDATA', 'DOCTYPE', 'ENTITY', 'NOTATION', 'NMTOKEN', 'Include', 'Condition', '_u', 'a.b-c', 'xml-model', 'xmlns', 'xml-stylesheet'];
const TEXTS = ['', ' ', 'v4.8', '  padded  ', '\r\n    ', 'a &amp; b', '&lt;tag&gt;', '&#65;&#x42;', 'é ü', '\u00a0nbsp\u00a0', 'x > y', ']]', 'tab\there', '\u2028', "it's \"quoted\"", '&#xD800;', '&bogus;', '&#0;', '-- dashes', ']'];
const VALUES = ['', '1.0', 'a &amp; b', "'single'", '"double"', '>', '&#10;&#x9;', 'é', ' spaced ', '$(Configuration)|$(Platform)', '&unknown;', '\n\tmulti\nline'];
const SPACES = ['', ' ', '  ', '\n', '\r\n', '\t', ' \r\n\t '];
const DECLARATIONS = ['', '<?xml version="1.0"?>', '<?xml version="1.0" encoding="utf-8"?>\r\n', "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>", '<?xml version="1.1" standalone="no" ?>\n', '  <?xml version="1.0"?>', '<?xml version="1.0" encoding="utf-8"?><!-- c -->'];

/** A random well-formed document in the plain subset (comments, references, whitespace, keyword names, nesting). */
function plainDocument(random: () => number): string {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)] as T;
  const element = (depth: number): string => {
    const name = pick(NAMES);
    let tag = `<${name}`;
    const attributes = Math.floor(random() * 3);
    for (let i = 0; i < attributes; i++) {
      const value = pick(VALUES);
      const quote = value.includes('"') ? "'" : value.includes("'") ? '"' : pick(['"', "'"]);
      tag += `${pick(SPACES.slice(1))}${pick(NAMES)}${pick(['=', ' = ', '\n=\t'])}${quote}${value}${quote}`;
    }
    tag += pick(SPACES);
    if (random() < 0.25) {
      return `${tag}/>`;
    }
    let content = '';
    const items = depth > 4 ? 0 : Math.floor(random() * 5);
    for (let i = 0; i < items; i++) {
      const r = random();
      content += r < 0.45 ? element(depth + 1) : r < 0.85 ? pick(TEXTS) : `<!--${pick(['', ' note ', 'x-y', '<b>'])}-->`;
    }
    return `${tag}>${content}</${name}${pick(SPACES)}>`;
  };
  const misc = (): string => (random() < 0.3 ? `${pick(SPACES)}<!-- around -->${pick(SPACES)}` : pick(SPACES));
  return `${pick(DECLARATIONS)}${misc()}${element(0)}${misc()}`;
}

/** The document with a few characters replaced, deleted or inserted (mostly ones that matter to XML). */
function mutated(random: () => number, text: string): string {
  const chars = ['<', '>', '/', '&', ';', '"', "'", '!', '?', '-', ']', '=', ' ', '\n', 'a', ':', '#', 'x', '\0', '\ud800', 'é', '['];
  let out = text;
  const edits = 1 + Math.floor(random() * 3);
  for (let i = 0; i < edits; i++) {
    const at = Math.floor(random() * (out.length + 1));
    const c = chars[Math.floor(random() * chars.length)] ?? '';
    const kind = random();
    out = kind < 0.33 ? out.slice(0, at) + c + out.slice(at + 1) : kind < 0.66 ? out.slice(0, at) + out.slice(at + 1) : out.slice(0, at) + c + out.slice(at);
  }
  return out;
}

describe('the plain XML reader (the index without tree-sitter for plain project and config files)', () => {
  it('gives exactly the parsed element model for every XML file of the fixtures and samples it reads, and reads most of them', async () => {
    const parser = await backend();
    const files = xmlFixtureFiles();
    assert.ok(files.length > 200, `only ${files.length} XML files found`);
    let plain = 0;
    for (const file of files) {
      const text = decodeText(readFileSync(file)).text;
      const read = readPlainXml(text);
      if (read) {
        plain++;
        assert.deepStrictEqual(read, parsedReading(parser, text), relative(REPO_ROOT, file));
      }
    }
    assert.ok(plain > files.length * 0.9, `${plain} of ${files.length} read plainly`);
  });

  it('gives exactly the parsed element model for generated documents, reads every plain one, and declines what it does not know', async () => {
    const parser = await backend();
    const random = seeded(13);
    let declined = 0;
    for (let i = 0; i < 1500; i++) {
      const text = plainDocument(random);
      const read = readPlainXml(text);
      const parsed = parsedReading(parser, text);
      if (text.includes(']]>')) {
        assert.equal(read, undefined);
        continue;
      }
      assert.ok(read, `declined a plain document: ${JSON.stringify(text)}`);
      assert.deepStrictEqual(read, parsed, JSON.stringify(text));
      for (let m = 0; m < 4; m++) {
        const broken = mutated(random, text);
        const brokenRead = readPlainXml(broken);
        if (brokenRead) {
          assert.deepStrictEqual(brokenRead, parsedReading(parser, broken), JSON.stringify(broken));
        } else {
          declined++;
        }
      }
    }
    assert.ok(declined > 1000, `only ${declined} mutated documents declined`);
  });

  it('declines what only the grammar reads: DOCTYPE, CDATA, processing instructions, non-ASCII names, unclosed and mismatched tags', () => {
    const outside = [
      '<!DOCTYPE a><a/>',
      '<a><![CDATA[x]]></a>',
      '<?xml-stylesheet href="s"?><a/>',
      '<a><?pi x?></a>',
      '<é/>',
      '<a é="1"/>',
      '<a>',
      '<a></b>',
      '<a/><b/>',
      'text<a/>',
      '<a>x</a>tail',
      '<a x="1"y="2"/>',
      '<a x=1/>',
      '<a x="<"/>',
      '<a>&;</a>',
      '<a><!-- a -- b --></a>',
      `<${'n'.repeat(300)}/>`,
      `${'<abcdefghij>'.repeat(80)}${'</abcdefghij>'.repeat(80)}`,
      '<a>\0</a>',
      '',
    ];
    for (const text of outside) {
      assert.equal(readPlainXml(text), undefined, JSON.stringify(text));
    }
  });
});
