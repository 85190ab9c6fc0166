import { SyntaxNode } from '../parsing/parserPort';
import { EvalValue, argumentExpressions, lastNamedChild } from './constEval';
import { isDynamicsOnlineHost, isGovernmentHost, onlyOnPremises } from '../project/dynamicsEvidence';
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
  const first = args[0];
  if (!first) {
    return [];
  }
  const text = spelledText(first, evaluate);
  if (!CONNECTION_STRING.test(text)) {
    return text.match(KNOWN_URL) ?? [];
  }
  const value = URL_KEY.exec(text)?.[1]?.trim() ?? '';
  // The host must end at the value's end or a delimiter: a computed part right after it leaves it unknown.
  const m = URL_VALUE.exec(/^[a-z]+:\/\//i.test(value) ? value : `https://${value}`);
  return m ? [m[0]] : [];
}

/**
 * Where a creation's URLs say it connects (docs/facts.md#severity-and-context): online when any host is a Dynamics
 * online one, on-premises when there are URLs and none is; undefined when the code does not say.
 */
export function deploymentOf(urls: readonly string[]): { deployment: 'online' | 'onPremises'; host: string } | undefined {
  const hosts = urls.map((u) => u.replace(/^https?:\/\//i, ''));
  const online = hosts.find((h) => isDynamicsOnlineHost(h));
  if (online !== undefined) {
    return { deployment: 'online', host: online };
  }
  const first = hosts[0];
  return first === undefined ? undefined : { deployment: 'onPremises', host: first };
}

/** Where a client connects, as TLS026/TLS027 judge it; `host` is undefined when only the project's evidence says so. */
export interface Destination {
  deployment: 'online' | 'onPremises';
  host: string | undefined;
  /** A US Government host (messages name Dynamics 365 Government: docs/facts.md#severity-and-context). */
  government: boolean;
}

/**
 * Where a creation connects: its own arguments first; else the project's connection evidence (an app.config
 * connection string, a URL, other creations) — on-premises when all of it is, online when any of it is.
 */
export function destinationOf(urls: readonly string[], project: ProjectModel | undefined): Destination | undefined {
  const own = deploymentOf(urls);
  if (own) {
    return { ...own, government: isGovernmentHost(own.host) };
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
