import { SyntaxNode } from '../parsing/parserPort';
import { Evidence, classifyConnectionString, connectionStringLabel, isDynamicsOnlineHost } from '../project/dynamicsEvidence';
import { baseName } from '../project/paths';
import { inRanges } from './ancestry';
import { CsharpModel } from './csharpRecords';
import { Placed, SplicedReader } from './splicedReader';

/** The words every literal of TRIGGER holds, in any case as TRIGGER matches: what the scan's gate looks for (csharpFacts.ts). */
export const LITERAL_WORDS: readonly string[] = ['AuthType', 'dynamics.com', 'microsoftdynamics.us', 'appsplatform.us'];
/** Where a literal may hold connection evidence: a Dynamics online host suffix, or a connection string's AuthType key. */
const TRIGGER = /crm\d*\.dynamics\.com|crm\d*\.microsoftdynamics\.us|crm\.appsplatform\.us|AuthType\s*=/gi;
const LITERALS = new Set(['string_literal', 'verbatim_string_literal', 'raw_string_literal', 'interpolated_string_expression']);
/** A URL (scheme, host, path) or a bare host in a literal's text; interpolation holes (`{org}`) may stand in the host. */
const URL_IN_LITERAL = /(https?:\/\/)?((?:[A-Za-z0-9-]|\{[^}]*\})+(?:\.(?:[A-Za-z0-9-]|\{[^}]*\})+)+)([^\s"';]*)/gi;
/** A `Key=` of a connection string right before the URL: there a bare host (no scheme) is the destination too. */
const KEY_PREFIX = /^(?:[^=]*;)?\s*(?:Url|Server|ServiceUri|Service Uri|Uri|Address|Endpoint)\s*=\s*$/i;
/** Paths that are not a connection: OAuth scopes, and web pages meant for a person (a link, not an endpoint). */
const NOT_A_CONNECTION_PATH = /\/(?:\.default|user_impersonation)\/?$|\.aspx\b/i;

/**
 * Connection evidence held in the file's string literals (docs/facts.md#severity-and-context): a Dynamics online
 * URL kept whole in a literal or `const` (`"https://contoso.crm.dynamics.com/api/data/v9.2/"`, also with an
 * interpolated organisation), and a Dynamics connection string (`AuthType=…`; online, on-premises or not said). Not
 * evidence: comments and documentation (never literals), attribute arguments (metadata), `#if false` code, a URL
 * inside prose (text before it that is not a `Key=` of a connection string), a bare host name without a scheme outside a
 * connection string (`ConnectedHost => "test.crm.dynamics.com"` names a host, it is no URL), an OAuth scope (`…/.default`,
 * `…/user_impersonation`), a page for a person (`…/main.aspx`), and any other host (a localhost redirect URI).
 */
export function literalEvidence(path: string, text: string, model: CsharpModel): Evidence[] {
  return spliced.results(path, text, model);
}

/** The literals' evidence found from matches in `[from, to)`, placed by the literal's span. */
export function literalEvidenceIn(path: string, text: string, model: CsharpModel, from: number, to: number): Placed<Evidence>[] {
  const out: Placed<Evidence>[] = [];
  const seen = new Set<number>();
  const name = baseName(path);
  TRIGGER.lastIndex = from;
  let m: RegExpExecArray | null;
  while ((m = TRIGGER.exec(text)) && m.index < to) {
    if (inRanges(model.dead, m.index)) {
      continue;
    }
    const literal = enclosingLiteral(model.ancestry.descend(m.index));
    if (!literal || seen.has(literal.startIndex)) {
      continue;
    }
    seen.add(literal.startIndex);
    const evidence = judgeLiteral(literalContent(literal), name);
    if (evidence) {
      out.push({ start: literal.startIndex, end: literal.endIndex, item: { path, start: literal.startIndex, end: literal.endIndex, ...evidence } });
    }
  }
  return out;
}

/** Literal evidence spliced after a local edit (splicedReader.ts): a literal lies wholly inside or outside a member. */
const spliced = new SplicedReader<Evidence>(literalEvidenceIn);

/** The literal node around the innermost node at an offset, or undefined (a comment, an identifier, an attribute's argument). */
function enclosingLiteral(chain: readonly SyntaxNode[]): SyntaxNode | undefined {
  for (let i = chain.length - 1; i >= 0; i--) {
    const n = chain[i] as SyntaxNode;
    if (n.type === 'comment') {
      return undefined;
    }
    if (LITERALS.has(n.type)) {
      return chain.slice(0, i).some((a) => a.type === 'attribute_argument' || a.type === 'attribute') ? undefined : n;
    }
  }
  return undefined;
}

/** A literal's text without its prefix and quotes (interpolations stay as `{…}`). */
function literalContent(literal: SyntaxNode): string {
  return literal.text.replace(/^[@$]*("+)/, '').replace(/"+$/, '');
}

/** The evidence a literal's text gives: a connection string, or a Dynamics online URL held for a connection. */
function judgeLiteral(content: string, file: string): Pick<Evidence, 'description' | 'deployment'> | undefined {
  const connection = classifyConnectionString(content);
  if (connection) {
    return { description: `${connectionStringLabel(connection)} in a string in ${file}`, deployment: connection.deployment };
  }
  URL_IN_LITERAL.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = URL_IN_LITERAL.exec(content))) {
    const host = (m[2] ?? '').replace(/\{[^}]*\}/g, 'org');
    if (!isDynamicsOnlineHost(host)) {
      continue;
    }
    // Held for a connection: the literal is the URL (with its scheme), or a connection string's `Key=` value.
    const prefix = content.slice(0, m.index);
    const held = KEY_PREFIX.test(prefix) || (m[1] !== undefined && /^\s*$/.test(prefix));
    if (!held || NOT_A_CONNECTION_PATH.test(m[3] ?? '')) {
      return undefined;
    }
    return { description: `Dynamics URL on ${m[2] ?? host} in a string in ${file}`, deployment: 'online' };
  }
  return undefined;
}
