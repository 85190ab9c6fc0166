import { Analyzer } from './analyzer';
import { ParserBackend } from './parsing/parserPort';
import { WorkspaceIndex } from './project/workspaceIndex';
import { FACTS_PROVIDERS, activeRules } from './rules/registry';

export { addRuleForTests } from './rules/registry';

/** Creates an analyzer over a fresh workspace index with every registered rule: what both adapters start from. */
export function createAnalyzer(parser: ParserBackend): Analyzer {
  return new Analyzer(parser, new WorkspaceIndex(parser), activeRules(), FACTS_PROVIDERS);
}
