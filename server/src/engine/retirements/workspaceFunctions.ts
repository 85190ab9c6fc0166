import { Severity } from '../model/finding';
import { RuleContext } from '../model/ruleContext';
import { SyntaxNode } from '../parsing/parserPort';
import { definedFunctions } from './discoveryScript';

/**
 * The lower-case names of the PowerShell functions the workspace defines: this script's own and every other script's
 * or module's (from the index's script facts). A module cmdlet the workspace defines itself is a vendored copy, judged
 * by its body, not by what the published module does.
 */
export function workspaceFunctions(ctx: RuleContext, root: SyntaxNode): Set<string> {
  const out = definedFunctions(root);
  for (const path of ctx.index.codeFactPaths()) {
    for (const f of ctx.index.factsOf(path)?.script?.functions ?? []) {
      out.add(f.name);
    }
  }
  return out;
}

/**
 * The name of the module function that holds `node` when nothing in the workspace calls it: a `.psm1` function runs only
 * when a caller calls it, so, as for TLS030, the caller decides and a finding inside it is information. Undefined for
 * script code, a function of a `.ps1`, and a module function some workspace script calls.
 */
export function uncalledModuleFunction(ctx: RuleContext, node: SyntaxNode): string | undefined {
  if (!/\.psm1$/i.test(ctx.path)) {
    return undefined;
  }
  let fn: SyntaxNode | null = node;
  while (fn && fn.type !== 'function_statement') {
    fn = fn.parent;
  }
  const name = fn?.namedChildren.find((c) => c?.type === 'function_name')?.text;
  if (!name) {
    return undefined;
  }
  const lower = name.toLowerCase();
  const called = ctx.index.codeFactPaths().some((p) => (ctx.index.factsOf(p)?.script?.invokes ?? []).some((i) => i.name === lower));
  return called ? undefined : name;
}

/** The level of a script finding at `node`: error, or information inside a module function nothing calls, with why. */
export function scriptFindingLevel(ctx: RuleContext, node: SyntaxNode): { severity: Severity; note: string } {
  const uncalled = uncalledModuleFunction(ctx, node);
  return uncalled
    ? { severity: 'information', note: ` (information: inside the module function ${uncalled}, which nothing in the workspace calls — its callers decide)` }
    : { severity: 'error', note: '' };
}
