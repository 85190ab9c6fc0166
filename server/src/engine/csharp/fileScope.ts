import { SyntaxNode } from '../parsing/parserPort';
import { Ancestry, inRanges } from './ancestry';
import { EvalScope } from './constEval';
import { ProtocolEnum, protocolEnumOf } from './protocols';

/** The `using` directives of a file: namespaces, aliases, `using static` types, and where a new one goes. */
export interface FileUsings {
  namespaces: Set<string>;
  aliases: Map<string, string>;
  staticTypes: string[];
  /** Top-level plain `using X;` directives in file order (for inserting `using System.Net;` in sorted position). */
  plain: { name: string; start: number; end: number }[];
}


/** Reads the using directives of the compilation unit and its namespaces (never descends into types). */
export function readUsings(root: SyntaxNode): FileUsings {
  const out: FileUsings = { namespaces: new Set(), aliases: new Map(), staticTypes: [], plain: [] };
  const stack: SyntaxNode[] = [root];
  while (stack.length) {
    const n = stack.pop() as SyntaxNode;
    const kids = n.namedChildren;
    for (let i = kids.length - 1; i >= 0; i--) {
      const c = kids[i];
      if (!c) {
        continue;
      }
      if (c.type === 'using_directive') {
        readUsing(c, out, n === root);
      } else if (c.type === 'namespace_declaration' || c.type === 'file_scoped_namespace_declaration' || (c.type === 'declaration_list' && n.type === 'namespace_declaration')) {
        stack.push(c);
      }
    }
  }
  out.plain.sort((a, b) => a.start - b.start);
  return out;
}

function readUsing(node: SyntaxNode, out: FileUsings, topLevel: boolean): void {
  const alias = node.childForFieldName('name');
  const target = node.namedChildren.filter((c): c is SyntaxNode => c !== null && c.startIndex !== alias?.startIndex && c.type !== 'comment').pop();
  if (!target) {
    return;
  }
  const text = target.text.replace(/\s+/g, '').replace(/^global::/, '');
  const isStatic = node.children.some((c) => c?.type === 'static');
  if (alias) {
    out.aliases.set(alias.text, text);
  } else if (isStatic) {
    out.staticTypes.push(text);
  } else {
    out.namespaces.add(text);
    if (topLevel) {
      out.plain.push({ name: text, start: node.startIndex, end: node.endIndex });
    }
  }
}

/** Finds a node's parent (an `Ancestry` lookup, or `node.parent`). */
export type ParentOf = (node: SyntaxNode) => SyntaxNode | null;

/** Node types whose body is a unit of execution order (TLS026 compares positions inside one of them). */
const BODY_OWNERS = new Set([
  'method_declaration',
  'constructor_declaration',
  'destructor_declaration',
  'operator_declaration',
  'conversion_operator_declaration',
  'local_function_statement',
  'accessor_declaration',
  'lambda_expression',
  'anonymous_method_expression',
  'compilation_unit',
]);

/** The node whose body holds a node: the method, accessor, lambda, local function, or the file (top-level statements). */
export function enclosingBodyOwner(node: SyntaxNode, up: ParentOf = (x) => x.parent): SyntaxNode | undefined {
  let n: SyntaxNode | null = up(node);
  while (n) {
    if (BODY_OWNERS.has(n.type)) {
      return n;
    }
    if (n.type === 'field_declaration' || n.type === 'property_declaration' || n.type === 'class_declaration') {
      return undefined;
    }
    n = up(n);
  }
  return undefined;
}

/** The statement that holds a node and sits directly in a block (where a statement can be inserted before it). */
export function enclosingStatement(node: SyntaxNode, up: ParentOf = (x) => x.parent): SyntaxNode | undefined {
  let n: SyntaxNode | null = node;
  for (let p = up(node); n && p; p = up(p)) {
    if (p.type === 'block' || p.type === 'switch_section') {
      return /statement$/.test(n.type) ? n : undefined;
    }
    if (n.type === 'global_statement') {
      return n;
    }
    if (p.type === 'declaration_list' || p.type === 'class_declaration') {
      return undefined;
    }
    n = p;
  }
  return undefined;
}

/** Declarations of types whose members a simple name can reach (the owner of a const). */
const TYPE_DECLARATION = /^(class|struct|record|record_struct|interface)_declaration$/;

/** Bodies nested in another body, whose code can read the enclosing body's locals. */
const NESTED_BODIES = new Set(['lambda_expression', 'anonymous_method_expression', 'local_function_statement']);

/**
 * A name looked up beyond its body (as a constant) and what it resolved to: the records of a member that made such
 * lookups follow from its text and these answers (memberMemo.ts replays them to reuse the records).
 */
export interface FileWideLookup {
  name: string;
  typeName: string | undefined;
  /** The names of the types around the use (JSON), when the answer depended on them (several constants of the name). */
  types: string | undefined;
  /** The constant found (its owner, node type and text) or why none was. */
  answer: string;
}

interface LocalInfo {
  declarations: { start: number; value: SyntaxNode | undefined }[];
  /** Plain `name = value` assignments. */
  assignments: { start: number; value: SyntaxNode | undefined }[];
  /** Compound assignments, ++/--, ref/out arguments: any of these makes the local non-constant. */
  otherWrites: number;
}

/** Name resolution for the evaluator: aliases, `using static`, `const` fields of the file, locals assigned once. */
export class FileScope implements EvalScope {
  readonly staticEnums: readonly ProtocolEnum[];
  private readonly locals = new Map<string, LocalInfo | undefined>();
  private readonly consts = new Map<string, { owner: string; value: SyntaxNode }[]>();
  private constRanges: Map<string, [number, number][]> | undefined;
  /** The names looked up beyond their body (as constants), in order: a value that did depends on the rest of the file. */
  readonly lookups: FileWideLookup[] = [];

  constructor(
    private readonly text: string,
    readonly usings: FileUsings,
    private readonly ancestry: Ancestry,
    private readonly dead: readonly [number, number][],
  ) {
    this.staticEnums = usings.staticTypes.map((t) => protocolEnumOf(t)).filter((e): e is ProtocolEnum => e !== undefined);
  }

  /** Expands an alias at the start of a dotted name. */
  expandAlias(text: string): string {
    const t = text.replace(/^global::/, '');
    const dot = t.indexOf('.');
    const head = dot < 0 ? t : t.slice(0, dot);
    const alias = this.usings.aliases.get(head);
    return alias ? alias + (dot < 0 ? '' : t.slice(dot)) : t;
  }

  /** The value expression of a const field or of a local assigned exactly once before `use`. */
  definitionOf(use: SyntaxNode, name: string, typeName: string | undefined): SyntaxNode | { reason: string } {
    if (!typeName) {
      // A lambda, anonymous method or local function also sees the locals of the bodies around it (captures).
      const up = (n: SyntaxNode): SyntaxNode | null => this.ancestry.up(n);
      for (let owner = enclosingBodyOwner(use, up); owner; owner = NESTED_BODIES.has(owner.type) ? enclosingBodyOwner(owner, up) : undefined) {
        const local = this.localOf(owner, name);
        if (local) {
          return resolveLocal(local, name, use.startIndex);
        }
      }
    }
    const around: { types?: string[] } = {};
    const { def, answer } = this.constantNamed(name, typeName, () => (around.types ??= this.enclosingTypes(use)));
    this.lookups.push({ name, typeName, types: around.types ? JSON.stringify(around.types) : undefined, answer });
    return def;
  }

  /** True when a lookup made in an earlier version of the file gives the same answer in this one. */
  answersAlike(lookup: FileWideLookup): boolean {
    let unknownTypes = false;
    const types = (): string[] => {
      unknownTypes ||= lookup.types === undefined;
      return lookup.types === undefined ? [] : (JSON.parse(lookup.types) as string[]);
    };
    return this.constantNamed(lookup.name, lookup.typeName, types).answer === lookup.answer && !unknownTypes;
  }

  /** The const field a name (qualified by `typeName`, or seen from inside `types`) stands for, and its answer's spelling. */
  private constantNamed(name: string, typeName: string | undefined, types: () => string[]): { def: SyntaxNode | { reason: string }; answer: string } {
    let candidates = this.constsNamed(name).filter((c) => !typeName || c.owner === typeName || c.owner.endsWith(`.${typeName}`));
    if (!typeName && candidates.length > 1) {
      // C# looks a simple name up in the enclosing type first, then in the types around it.
      const around = types();
      for (let n = around.length; n > 0; n--) {
        const owner = around.slice(0, n).join('.');
        const own = candidates.filter((c) => c.owner === owner);
        if (own.length > 0) {
          candidates = own;
          break;
        }
      }
    }
    const found = candidates.length === 1 ? candidates[0] : undefined;
    if (found) {
      return { def: found.value, answer: `${found.owner}\u0000${found.value.type}\u0000${found.value.text}` };
    }
    const reason = candidates.length > 1 ? `several constants are named ${name}` : `${typeName ? `${typeName}.` : ''}${name} is not a constant or a local assigned once in this file`;
    return { def: { reason }, answer: `\u0001${reason}` };
  }

  /** The names of the types around a node, outermost first, as one string (a member's records may depend on them). */
  typesAround(node: SyntaxNode): string {
    return JSON.stringify(this.enclosingTypes(node));
  }

  /** The names of the types around a node, outermost first (the owner chain `constsNamed` records). */
  private enclosingTypes(node: SyntaxNode): string[] {
    const out: string[] = [];
    for (let n = this.ancestry.up(node); n; n = this.ancestry.up(n)) {
      if (TYPE_DECLARATION.test(n.type)) {
        out.unshift(n.childForFieldName('name')?.text ?? '');
      }
    }
    return out;
  }

  /** The identifier leaves spelling `name` in a text range (live code only), found by text search, not a walk. */
  private mentions(name: string, start: number, end: number): { leaf: SyntaxNode; parent: SyntaxNode | undefined; chain: SyntaxNode[] }[] {
    const out: { leaf: SyntaxNode; parent: SyntaxNode | undefined; chain: SyntaxNode[] }[] = [];
    for (const at of wordsAt(this.text, name, start, end)) {
      if (inRanges(this.dead, at)) {
        continue;
      }
      const chain = this.ancestry.descend(at);
      const leaf = chain[chain.length - 1];
      if (leaf && leaf.type === 'identifier' && leaf.startIndex === at) {
        out.push({ leaf, parent: chain[chain.length - 2], chain });
      }
    }
    return out;
  }

  /**
   * The text ranges of `const` declarations (from the keyword to its `;`: the only places a constant is declared),
   * by every identifier they spell, read once per file version.
   */
  private constDeclarationsNaming(name: string): [number, number][] {
    if (!this.constRanges) {
      this.constRanges = new Map();
      for (const at of wordsAt(this.text, 'const', 0, this.text.length)) {
        const range: [number, number] = [at, statementEnd(this.text, at)];
        for (const word of new Set(this.text.slice(range[0], range[1]).match(/[A-Za-z_]\w*/g))) {
          const list = this.constRanges.get(word);
          if (list) {
            list.push(range);
          } else {
            this.constRanges.set(word, [range]);
          }
        }
      }
    }
    return this.constRanges.get(name) ?? [];
  }

  private localOf(owner: SyntaxNode, name: string): LocalInfo | undefined {
    const key = `${owner.startIndex}:${name}`;
    if (this.locals.has(key)) {
      return this.locals.get(key);
    }
    const info: LocalInfo = { declarations: [], assignments: [], otherWrites: 0 };
    for (const { leaf, parent } of this.mentions(name, owner.startIndex, owner.endIndex)) {
      if (!parent) {
        continue;
      }
      if (parent.type === 'variable_declarator' && parent.childForFieldName('name')?.startIndex === leaf.startIndex) {
        const value = parent.namedChildren.filter((c): c is SyntaxNode => c !== null && c.startIndex !== leaf.startIndex && c.type !== 'bracketed_argument_list').pop();
        info.declarations.push({ start: parent.startIndex, value });
      } else if (parent.type === 'assignment_expression' && parent.childForFieldName('left')?.startIndex === leaf.startIndex) {
        if (parent.childForFieldName('operator')?.type === '=') {
          info.assignments.push({ start: parent.startIndex, value: parent.childForFieldName('right') ?? undefined });
        } else {
          info.otherWrites++;
        }
      } else if ((parent.type === 'postfix_unary_expression' || parent.type === 'prefix_unary_expression') && /\+\+|--/.test(parent.text)) {
        info.otherWrites++;
      } else if (parent.type === 'argument' && parent.children.some((c) => c?.type === 'ref' || c?.type === 'out')) {
        info.otherWrites++;
      } else if (parent.type === 'declaration_expression' || parent.type === 'parameter' || parent.type === 'tuple_pattern' || parent.type === 'foreach_statement') {
        info.otherWrites++;
        info.declarations.push({ start: parent.startIndex, value: undefined });
      }
    }
    const found = info.declarations.length > 0 ? info : undefined;
    this.locals.set(key, found);
    return found;
  }

  private constsNamed(name: string): { owner: string; value: SyntaxNode }[] {
    const cached = this.consts.get(name);
    if (cached) {
      return cached;
    }
    const out: { owner: string; value: SyntaxNode }[] = [];
    // Ranges may overlap (a `const` in a comment reaches to the next `;`): each leaf counts once.
    const leaves = new Set<number>();
    const declared = this.constDeclarationsNaming(name)
      .flatMap(([start, end]) => this.mentions(name, start, end))
      .filter((d) => !leaves.has(d.leaf.startIndex) && leaves.add(d.leaf.startIndex));
    for (const { leaf, parent, chain } of declared) {
      const field = chain[chain.length - 4];
      if (parent?.type !== 'variable_declarator' || parent.childForFieldName('name')?.startIndex !== leaf.startIndex || field?.type !== 'field_declaration') {
        continue;
      }
      if (!field.namedChildren.some((m) => m?.type === 'modifier' && m.text === 'const')) {
        continue;
      }
      const value = parent.namedChildren.filter((x): x is SyntaxNode => x !== null && x.startIndex !== leaf.startIndex).pop();
      const owner = chain
        .filter((n) => TYPE_DECLARATION.test(n.type))
        .map((n) => n.childForFieldName('name')?.text ?? '')
        .join('.');
      if (value) {
        out.push({ owner, value });
      }
    }
    this.consts.set(name, out);
    return out;
  }
}

/** Offsets of `word` as a whole identifier in `[start, end)` (not part of a longer name, not after `@`). */
function wordsAt(text: string, word: string, start: number, end: number): number[] {
  const out: number[] = [];
  if (word === '') {
    // A name tree-sitter inserted as missing (`SecurityProtocol |= ;`): no text spells it (and the search below would never end).
    return out;
  }
  const isWordChar = (c: number): boolean => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c > 127;
  // Searching a slice bounds the native search by the range (a miss in a method must not scan the rest of the file).
  const region = start === 0 && end >= text.length ? text : text.slice(start, end);
  for (let i = region.indexOf(word); i >= 0; i = region.indexOf(word, i + 1)) {
    const at = start + i;
    const before = at > 0 ? text.charCodeAt(at - 1) : 32;
    if (!isWordChar(before) && before !== 64 && !isWordChar(text.charCodeAt(at + word.length))) {
      out.push(at);
    }
  }
  return out;
}

/** The offset of the `;` that ends the declaration starting at `from`, skipping string and character literals. */
function statementEnd(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (c === ';') {
      return i;
    }
    if (c === '"' || c === "'") {
      const verbatim = c === '"' && text[i - 1] === '@';
      for (i++; i < text.length && text[i] !== c; i++) {
        if (text[i] === '\\' && !verbatim) {
          i++;
        }
      }
    }
  }
  return text.length;
}

function resolveLocal(local: LocalInfo, name: string, useAt: number): SyntaxNode | { reason: string } {
  if (local.otherWrites > 0 || local.declarations.length !== 1) {
    return { reason: `the local ${name} is changed more than once` };
  }
  const decl = local.declarations[0];
  const writes = [...(decl?.value ? [decl] : []), ...local.assignments];
  if (writes.length !== 1 || !writes[0]?.value) {
    return { reason: `the local ${name} is not assigned exactly once` };
  }
  if (writes[0].start > useAt) {
    return { reason: `the local ${name} is assigned after this use` };
  }
  return writes[0].value;
}
