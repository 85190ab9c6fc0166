import { SyntaxNode, SyntaxTree } from '../parsing/parserPort';
import { walk } from '../parsing/walk';
import { CodeFacts, emptyCodeFacts } from '../project/codeFacts';
import { normalizePath } from '../project/paths';
import { WorkspaceIndex } from '../project/workspaceIndex';
import { FactsProvider } from '../model/ruleContext';
import { dotSourceTarget } from './dotSource';
import { invocationOperator } from './psSyntax';
import { DotSourceLookup, analyzeScriptFlow } from './scriptFlow';

/** The files a script's top level dot-sources (function bodies excluded: they run only when called). */
export function topLevelDotSources(root: SyntaxNode, path: string): string[] {
  const out: string[] = [];
  walk(root, (n) => {
    if (n.type === 'function_statement' || n.type === 'script_block_expression') {
      return false;
    }
    if (n.type === 'command' && invocationOperator(n) === '.') {
      const target = dotSourceTarget(n, path);
      if (target) {
        out.push(target);
      }
    }
    return true;
  });
  return out;
}

/**
 * Extracts a script's top-level facts for the scripts that dot-source it. Nothing goes to the project facts: a script
 * runs in its own PowerShell host, so its TLS lines say nothing about the .NET project whose folder holds it.
 */
export function extractScriptFacts(path: string, text: string, tree: SyntaxTree): CodeFacts {
  const facts = emptyCodeFacts();
  try {
    const flow = analyzeScriptFlow(tree.rootNode, text, path, () => false);
    facts.script = { tls12AtTopLevel: flow.topLevelEnd.enabled, dotSources: topLevelDotSources(tree.rootNode, path) };
  } catch {
    // A pathological script (nesting deeper than the stack) contributes no facts rather than failing the scan.
    facts.script = { tls12AtTopLevel: false, dotSources: [] };
  }
  return facts;
}

/** Answers, from the index, whether dot-sourcing a workspace file enables TLS 1.2 (following its own dot-sources). */
export function dotSourceLookup(index: WorkspaceIndex): DotSourceLookup {
  const enables = (target: string, seen: Set<string>): boolean => {
    const key = target.toLowerCase();
    if (seen.has(key) || seen.size > 16) {
      return false;
    }
    seen.add(key);
    const facts = index.factsOf(target) ?? factsIgnoringCase(index, target);
    const script = facts?.script;
    return script !== undefined && (script.tls12AtTopLevel || script.dotSources.some((d) => enables(d, seen)));
  };
  return (target: string) => enables(normalizePath(target), new Set());
}

function factsIgnoringCase(index: WorkspaceIndex, target: string): CodeFacts | undefined {
  const lower = target.toLowerCase();
  const path = index.codeFactPaths().find((p) => p.toLowerCase() === lower);
  return path ? index.factsOf(path) : undefined;
}

/** The PowerShell facts provider: scripts mentioning any of these (case-insensitive) are parsed during a scan. */
export const powershellFactsProvider: FactsProvider = {
  kinds: ['powershell'],
  triggerTokens: ['SecurityProtocol', 'Crm', 'ServiceClient', 'OrganizationServiceProxy', 'OrganizationWebProxyClient', 'Dataverse', 'dynamics.com', 'dynamics.us', 'appsplatform.us', '/api/data/', 'XRMServices'],
  ignoreCase: true,
  extract: extractScriptFacts,
};
