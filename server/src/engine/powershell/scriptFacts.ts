import { SyntaxTree } from '../parsing/parserPort';
import { CodeFacts, ScriptTopLevelFacts, emptyCodeFacts } from '../project/codeFacts';
import { FactsProvider } from '../model/ruleContext';
import { NO_LINKS } from './flowTypes';
import { analyzeScriptFlow } from './scriptFlow';

/**
 * Extracts a script's top-level facts for the scripts that call or dot-source it, and its place in the workspace's
 * script call graph (the scripts it runs, the files it loads, the functions it defines). Nothing goes to the project
 * facts: a script runs in its own PowerShell host, so its TLS lines say nothing about the .NET project whose folder holds it.
 */
export function extractScriptFacts(path: string, text: string, tree: SyntaxTree): CodeFacts {
  const facts = emptyCodeFacts();
  try {
    facts.script = scriptTopLevelFacts(path, text, tree);
  } catch {
    // A pathological script (nesting deeper than the stack) contributes no facts rather than failing the scan.
    facts.script = { tls12AtTopLevel: false, calls: [], loads: [], invokes: [], functions: [] };
  }
  return facts;
}

function scriptTopLevelFacts(path: string, text: string, tree: SyntaxTree): ScriptTopLevelFacts {
  const flow = analyzeScriptFlow(tree, text, path, { links: NO_LINKS, topLevelOnly: true });
  const topLevel = flow.externalCalls.filter((c) => c.scope.kind === 'script');
  return {
    tls12AtTopLevel: flow.topLevelEnd.enabled,
    calls: topLevel.filter((c) => c.kind !== 'function').map((c) => ({ target: c.target, enabledBefore: c.state.enabled, start: c.node.startIndex, end: c.node.endIndex })),
    loads: flow.loads,
    invokes: flow.loadedInvokes,
    functions: flow.definedFunctions ?? [],
  };
}

/** The PowerShell facts provider: scripts mentioning any of these (case-insensitive) are parsed during a scan. */
export const powershellFactsProvider: FactsProvider = {
  kinds: ['powershell'],
  triggerTokens: ['SecurityProtocol', 'Crm', 'ServiceClient', 'OrganizationServiceProxy', 'OrganizationWebProxyClient', 'Dataverse', 'dynamics.com', 'dynamics.us', 'appsplatform.us', '/api/data/', 'XRMServices', '.ps1', '.psm1', 'Import-Module'],
  ignoreCase: true,
  extract: extractScriptFacts,
};
