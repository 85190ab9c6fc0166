import { SyntaxNode } from '../parsing/parserPort';
import { EvalScope, lastNamedChild } from './constEval';
import { ProtocolEnum, protocolEnumOf } from './protocols';

/** The `using` directives of a file: namespaces, aliases, `using static` types, and where a new one goes. */
export interface FileUsings {
  namespaces: Set<string>;
  aliases: Map<string, string>;
  staticTypes: string[];
  /** Top-level plain `using X;` directives in file order (for inserting `using System.Net;` in sorted position). */
  plain: { name: string; start: number; end: number }[];
}

const CONTAINER_TYPES = new Set(['namespace_declaration', 'file_scoped_namespace_declaration', 'declaration_list']);

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
export function enclosingBodyOwner(node: SyntaxNode): SyntaxNode | undefined {
  let n: SyntaxNode | null = node.parent;
  while (n) {
    if (BODY_OWNERS.has(n.type)) {
      return n;
    }
    if (n.type === 'field_declaration' || n.type === 'property_declaration' || n.type === 'class_declaration') {
      return undefined;
    }
    n = n.parent;
  }
  return undefined;
}

/** The statement that holds a node and sits directly in a block (where a statement can be inserted before it). */
export function enclosingStatement(node: SyntaxNode): SyntaxNode | undefined {
  let n: SyntaxNode | null = node;
  while (n && n.parent) {
    const p: SyntaxNode = n.parent;
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

/** True when a preprocessor condition is a constant `false` (`#if false`, `#if !true`, `#if false && X`). */
function preprocFalse(cond: SyntaxNode | null): boolean {
  if (!cond) {
    return false;
  }
  switch (cond.type) {
    case 'boolean_literal':
      return cond.text === 'false';
    case 'parenthesized_expression': {
      const inner = lastNamedChild(cond);
      return inner ? preprocFalse(inner) : false;
    }
    case 'unary_expression':
    case 'prefix_unary_expression': {
      const arg = cond.childForFieldName('argument') ?? lastNamedChild(cond) ?? null;
      return arg !== null && preprocTrue(arg);
    }
    case 'binary_expression': {
      const op = cond.childForFieldName('operator')?.type;
      const l = cond.childForFieldName('left');
      const r = cond.childForFieldName('right');
      return op === '&&' ? preprocFalse(l) || preprocFalse(r) : op === '||' ? preprocFalse(l) && preprocFalse(r) : false;
    }
    default:
      return false;
  }
}

function preprocTrue(cond: SyntaxNode): boolean {
  if (cond.type === 'boolean_literal') {
    return cond.text === 'true';
  }
  if (cond.type === 'parenthesized_expression') {
    const inner = lastNamedChild(cond);
    return inner ? preprocTrue(inner) : false;
  }
  return false;
}

/** The analysable context of a node: false inside comments, strings and `#if false` branches. */
export function isLiveCode(node: SyntaxNode): boolean {
  let child: SyntaxNode = node;
  let n: SyntaxNode | null = node;
  while (n) {
    const t = n.type;
    if (t === 'comment' || t.includes('string') || t === 'character_literal') {
      return false;
    }
    if ((t === 'preproc_if' || t === 'preproc_elif') && child !== n) {
      const alternative = n.childForFieldName('alternative');
      const condition = n.childForFieldName('condition');
      if (child.startIndex !== condition?.startIndex && (!alternative || alternative.startIndex !== child.startIndex) && preprocFalse(condition)) {
        return false;
      }
    }
    child = n;
    n = n.parent;
  }
  return true;
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
  private readonly locals = new Map<number, Map<string, LocalInfo>>();
  private consts: Map<string, { owner: string; value: SyntaxNode }[]> | undefined;

  constructor(
    private readonly root: SyntaxNode,
    readonly usings: FileUsings,
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
      const owner = enclosingBodyOwner(use);
      const local = owner ? this.localsOf(owner).get(name) : undefined;
      if (local) {
        return resolveLocal(local, name, use.startIndex);
      }
    }
    const candidates = (this.constIndex().get(name) ?? []).filter((c) => !typeName || c.owner === typeName || c.owner.endsWith(`.${typeName}`));
    if (candidates.length === 1 && candidates[0]) {
      return candidates[0].value;
    }
    if (candidates.length > 1) {
      return { reason: `several constants are named ${name}` };
    }
    return { reason: `${typeName ? `${typeName}.` : ''}${name} is not a constant or a local assigned once in this file` };
  }

  private localsOf(owner: SyntaxNode): Map<string, LocalInfo> {
    const cached = this.locals.get(owner.startIndex);
    if (cached) {
      return cached;
    }
    const map = new Map<string, LocalInfo>();
    const info = (name: string): LocalInfo => {
      let i = map.get(name);
      if (!i) {
        i = { declarations: [], assignments: [], otherWrites: 0 };
        map.set(name, i);
      }
      return i;
    };
    const stack: SyntaxNode[] = [owner];
    while (stack.length) {
      const n = stack.pop() as SyntaxNode;
      if (n.type === 'variable_declarator') {
        const id = n.childForFieldName('name');
        if (id && id.type === 'identifier') {
          const value = n.namedChildren.filter((c): c is SyntaxNode => c !== null && c.startIndex !== id.startIndex && c.type !== 'bracketed_argument_list').pop();
          info(id.text).declarations.push({ start: n.startIndex, value });
        }
      } else if (n.type === 'assignment_expression') {
        const left = n.childForFieldName('left');
        if (left?.type === 'identifier') {
          const op = n.childForFieldName('operator')?.type;
          if (op === '=') {
            info(left.text).assignments.push({ start: n.startIndex, value: n.childForFieldName('right') ?? undefined });
          } else {
            info(left.text).otherWrites++;
          }
        }
      } else if (n.type === 'postfix_unary_expression' || n.type === 'prefix_unary_expression') {
        const operand = lastNamedChild(n);
        if (operand?.type === 'identifier' && /\+\+|--/.test(n.text)) {
          info(operand.text).otherWrites++;
        }
      } else if (n.type === 'argument' && n.children.some((c) => c?.type === 'ref' || c?.type === 'out')) {
        const e = lastNamedChild(n);
        if (e?.type === 'identifier') {
          info(e.text).otherWrites++;
        }
      }
      const kids = n.namedChildren;
      for (let i = kids.length - 1; i >= 0; i--) {
        const c = kids[i];
        if (c && (n !== owner || owner.type !== 'compilation_unit' || c.type === 'global_statement')) {
          stack.push(c);
        }
      }
    }
    this.locals.set(owner.startIndex, map);
    return map;
  }

  private constIndex(): Map<string, { owner: string; value: SyntaxNode }[]> {
    if (this.consts) {
      return this.consts;
    }
    const out = new Map<string, { owner: string; value: SyntaxNode }[]>();
    const stack: { node: SyntaxNode; owner: string }[] = [{ node: this.root, owner: '' }];
    while (stack.length) {
      const { node, owner } = stack.pop() as { node: SyntaxNode; owner: string };
      for (const c of node.namedChildren) {
        if (!c) {
          continue;
        }
        if (c.type === 'field_declaration' && c.namedChildren.some((m) => m?.type === 'modifier' && m.text === 'const')) {
          const decl = c.namedChildren.find((m) => m?.type === 'variable_declaration');
          for (const d of decl?.namedChildren ?? []) {
            const id = d?.type === 'variable_declarator' ? d.childForFieldName('name') : null;
            const value = d?.namedChildren.filter((x): x is SyntaxNode => x !== null && x.startIndex !== id?.startIndex).pop();
            if (id && value) {
              out.set(id.text, [...(out.get(id.text) ?? []), { owner, value }]);
            }
          }
        } else if (/^(class|struct|record|interface)_declaration$/.test(c.type) || c.type === 'record_struct_declaration') {
          const name = c.childForFieldName('name')?.text ?? '';
          const body = c.childForFieldName('body');
          if (body) {
            stack.push({ node: body, owner: owner ? `${owner}.${name}` : name });
          }
        } else if (CONTAINER_TYPES.has(c.type) || c.type.startsWith('preproc_')) {
          stack.push({ node: c, owner });
        }
      }
    }
    this.consts = out;
    return out;
  }
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
