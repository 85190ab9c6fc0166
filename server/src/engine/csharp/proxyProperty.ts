import { SyntaxNode } from '../parsing/parserPort';
import { CsharpModel } from './csharpRecords';
import { regexLiteral } from '../util/regexText';

/** CrmServiceClient's namespace: a file that imports it reads `x.OrganizationServiceProxy` from a CrmServiceClient. */
const TOOLING_NS = 'Microsoft.Xrm.Tooling.Connector';
/** Where a guard stops applying: the body of a member, lambda or local function. */
const BODY_OWNER = /_declaration$|^(lambda_expression|anonymous_method_expression|local_function_statement)$/;
/** A consequence that leaves the statement list: what makes `if (x == null) return;` guard the statements after it. */
const EXIT = /^\{?\s*(return|throw|continue|break)\b/;

/**
 * A `client.OrganizationServiceProxy` mention (the property, not the type): recorded in a file that imports
 * Microsoft.Xrm.Tooling.Connector, with whether the code copes with the property being null (docs/rules/DYN101.md).
 */
export function proxyPropertyMention(id: SyntaxNode, model: CsharpModel, seen: Set<string>): void {
  const access = model.ancestry.up(id);
  // The property's name is the access's last child (compared by position, as the other finders do).
  if (access?.type !== 'member_access_expression' || access.endIndex !== id.endIndex || access.startIndex >= id.startIndex) {
    return;
  }
  const receiver = access.childForFieldName('expression')?.text.replace(/\s+/g, '') ?? '';
  if (receiver === '' || receiver === 'this' || receiver === 'base' || !model.usings.namespaces.has(TOOLING_NS)) {
    return;
  }
  const key = `p${access.startIndex}`;
  if (seen.has(key)) {
    return;
  }
  seen.add(key);
  model.proxyProperties.push({ span: { start: access.startIndex, end: access.endIndex }, guarded: guarded(access, receiver, model) });
}

/**
 * True when the read copes with a null property: it is the null test itself (`== null`, `!= null`, `is null`), it is read
 * with `?.` or `??`, or it runs only where a test said it is not null — the branch of an `if`/`?:` a test of it
 * leads to, the right of `&&` after a test, or a statement after `if (… == null) return;` (or throw, continue, break) in its block.
 */
function guarded(access: SyntaxNode, receiver: string, model: CsharpModel): boolean {
  const up = (n: SyntaxNode): SyntaxNode | null => model.ancestry.up(n);
  const parent = up(access);
  if (parent && copesDirectly(parent, access)) {
    return true;
  }
  const property = `${regexLiteral(receiver)}\\.OrganizationServiceProxy`;
  const notNull = new RegExp(`${property}(!=null|isnotnull|is\\{)|null!=${property}`);
  const isNull = new RegExp(`${property}(==null|isnull)|null==${property}`);
  const tests = (n: SyntaxNode | null, re: RegExp): boolean => n !== null && re.test(n.text.replace(/\s+/g, ''));
  let child = access;
  for (let n = parent; n && !BODY_OWNER.test(n.type); child = n, n = up(n)) {
    if (n.type === 'if_statement' || n.type === 'conditional_expression') {
      // The branch a test said is not null: the consequence of `!= null`, the alternative of `== null`.
      const branch = n.childForFieldName('consequence')?.startIndex === child.startIndex ? notNull : n.childForFieldName('alternative')?.startIndex === child.startIndex ? isNull : undefined;
      if (branch && tests(n.childForFieldName('condition'), branch)) {
        return true;
      }
    } else if (n.type === 'binary_expression' && n.childForFieldName('operator')?.type === '&&' && n.childForFieldName('right')?.startIndex === child.startIndex) {
      if (tests(n.childForFieldName('left'), notNull)) {
        return true;
      }
    } else if (n.type === 'block') {
      const before = n.namedChildren.filter((s): s is SyntaxNode => s !== null && s.endIndex <= child.startIndex);
      if (before.some((s) => s.type === 'if_statement' && tests(s.childForFieldName('condition'), isNull) && EXIT.test(s.childForFieldName('consequence')?.text ?? ''))) {
        return true;
      }
    }
  }
  return false;
}

/** The read is the null test, a `?.` read or the left of `??`. */
function copesDirectly(parent: SyntaxNode, access: SyntaxNode): boolean {
  if (parent.type === 'is_pattern_expression') {
    return true;
  }
  if (parent.type === 'conditional_access_expression') {
    return parent.namedChildren[0]?.startIndex === access.startIndex;
  }
  if (parent.type !== 'binary_expression') {
    return false;
  }
  const op = parent.childForFieldName('operator')?.type;
  const isLeft = parent.childForFieldName('left')?.startIndex === access.startIndex;
  const other = parent.childForFieldName(isLeft ? 'right' : 'left');
  return ((op === '==' || op === '!=') && other?.type === 'null_literal') || (op === '??' && isLeft);
}
