import { SyntaxNode } from '../parsing/parserPort';
import { EvalValue, argumentExpressions, lastNamedChild } from './constEval';
import { authTypeOf, deploymentOfTarget, isGovernmentHost, onlyOnPremises } from '../project/dynamicsEvidence';
import { ProjectModel } from '../project/projectModel';
import { splitTypeName } from './clientTypes';

/** Stands for a part of a string the code computes at run time: no host may run into it. */
const HOLE = '\u0001';
const CONNECTION_STRING = /(?:^|;)\s*AuthType\s*=/i;
const URL_KEY = /(?:^|;)\s*(?:Url|ServiceUri|Service Uri|Server)\s*=\s*([^;]*)/i;
/** A URL whose host is entirely constant text (not followed by a computed part). */
const KNOWN_URL = /\bhttps?:\/\/[A-Za-z0-9.-]+(?![A-Za-z0-9.\-\u0001])/gi;
/** The scheme and host at the start of a connection string's URL value. */
const URL_VALUE = /^https?:\/\/[A-Za-z0-9.-]+(?=$|[/:?#])/i;
const MAX_DEPTH = 32;
/** A US Government host named in an evidence description. */
const GOVERNMENT_IN_TEXT = /\.(microsoftdynamics|appsplatform)\.us\b/i;

/**
 * The text an expression spells, with every computed part replaced by a hole: the constant parts of a
 * concatenation (`"Url=http://crm.local;Password=" + pwd`), of an interpolated string, and the argument of `new Uri(…)`.
 */
export function spelledText(node: SyntaxNode, evaluate: (n: SyntaxNode) => EvalValue, depth = 0): string {
  const v = depth > MAX_DEPTH ? undefined : evaluate(node);
  if (v?.kind === 'string') {
    return v.value;
  }
  if (depth > MAX_DEPTH) {
    return HOLE;
  }
  const next = (n: SyntaxNode | null | undefined): string => (n ? spelledText(n, evaluate, depth + 1) : HOLE);
  switch (node.type) {
    case 'parenthesized_expression':
      return next(lastNamedChild(node));
    case 'binary_expression':
      return node.childForFieldName('operator')?.text === '+' ? next(node.childForFieldName('left')) + next(node.childForFieldName('right')) : HOLE;
    case 'interpolated_string_expression':
      return node.namedChildren.map((c) => (c?.type === 'string_content' || c?.type === 'escape_sequence' ? c.text : c?.type === 'interpolation' ? HOLE : '')).join('');
    case 'object_creation_expression': {
      const type = splitTypeName(node.childForFieldName('type')?.text ?? '');
      return type.name === 'Uri' && (type.qualifier === '' || type.qualifier === 'System') ? next(argumentExpressions(node)[0]) : HOLE;
    }
    default:
      return HOLE;
  }
}

/**
 * The URLs (`scheme://host`) a client's constructor connects to, read from its first argument: every SDK client takes
 * its destination first (a connection string, the organization `Uri`), while later ones are authorities, home realms
 * or redirect URIs. A Dynamics connection string (`AuthType=…`) counts only its `Url=`/`ServiceUri=`/`Server=` value; a
 * host with a computed part is unknown, so nothing is returned for it — a guess would wrongly lower or raise the finding.
 */
export function connectionUrls(args: readonly SyntaxNode[], evaluate: (n: SyntaxNode) => EvalValue): string[] {
  return connectionOf(args, evaluate).urls;
}

/**
 * What a client creation's first argument says about its destination: its URLs (as `connectionUrls`) and, for a
 * connection string, its `AuthType` when that is constant text (`AuthType=Claims;Url=" + url` says on-premises even
 * though the URL is computed).
 */
export function connectionOf(args: readonly SyntaxNode[], evaluate: (n: SyntaxNode) => EvalValue): { urls: string[]; authType: string | undefined } {
  const first = args[0];
  if (!first) {
    return { urls: [], authType: undefined };
  }
  const text = spelledText(first, evaluate);
  if (!CONNECTION_STRING.test(text)) {
    return { urls: text.match(KNOWN_URL) ?? [], authType: undefined };
  }
  const authType = authTypeOf(text);
  const value = URL_KEY.exec(text)?.[1]?.trim() ?? '';
  // The host must end at the value's end or a delimiter: a computed part right after it leaves it unknown.
  const m = URL_VALUE.exec(/^[a-z]+:\/\//i.test(value) ? value : `https://${value}`);
  return { urls: m ? [m[0]] : [], authType: authType && !authType.includes(HOLE) ? authType : undefined };
}

/** Where a creation's URLs and AuthType say it connects (`deploymentOfTarget`, under the name the C# analysis uses). */
export const deploymentOf = deploymentOfTarget;

/** Where a client connects, as TLS026/TLS027 judge it; `host` is undefined when only the project's evidence says so. */
export interface Destination {
  deployment: 'online' | 'onPremises';
  host: string | undefined;
  /** A US Government host (messages name Dynamics 365 Government: docs/facts.md#severity-and-context). */
  government: boolean;
  /** The connection string's AuthType, when it (not the host) decided the deployment. */
  authType?: string;
}

/**
 * Where a creation connects: its own arguments first; else the project's connection evidence (an app.config
 * connection string, a URL, other creations) — on-premises when all of it is, online when any of it is.
 */
export function destinationOf(urls: readonly string[], project: ProjectModel | undefined, authType?: string): Destination | undefined {
  const own = deploymentOf(urls, authType);
  if (own) {
    return { ...own, government: own.host !== undefined && isGovernmentHost(own.host) };
  }
  const evidence = project?.dynamicsEvidence ?? [];
  if (onlyOnPremises(evidence)) {
    return { deployment: 'onPremises', host: undefined, government: false };
  }
  const online = evidence.filter((e) => e.deployment === 'online');
  if (online.length === 0) {
    return undefined;
  }
  return { deployment: 'online', host: undefined, government: online.some((e) => GOVERNMENT_IN_TEXT.test(e.description)) };
}

/** Why a connection is judged on-premises, for messages: its AuthType, its host, or the project's connections. */
export function onPremisesReason(where: Destination): string {
  const because = where.authType
    ? `the connection string's AuthType=${where.authType} exists only on-premises`
    : where.host
      ? `the connection goes to ${where.host}, which looks on-premises`
      : "the project's Dynamics connections look on-premises";
  return `${because}: only Dynamics 365 online refuses TLS 1.0/1.1`;
}
