import { Analyzer } from './analyzer';
import { ParserBackend } from './parsing/parserPort';
import { WorkspaceIndex } from './project/workspaceIndex';
import { FACTS_PROVIDERS, RULES } from './rules/registry';
import { Rule } from './rules/rule';

/** Rules added by a test entry point before an adapter starts; the product ships none (its rules are RULES). */
const addedRules: Rule[] = [];

/**
 * Adds a rule to every analyzer created afterwards. Called only by test entry points (test/support/), which register
 * a rule the product does not have (one that throws) before they start the CLI or the server; no setting, flag or
 * environment variable of the product reaches it.
 */
export function addRuleForTests(rule: Rule): void {
  addedRules.push(rule);
}

/** Creates an analyzer over a fresh workspace index with every registered rule: what both adapters start from. */
export function createAnalyzer(parser: ParserBackend): Analyzer {
  return new Analyzer(parser, new WorkspaceIndex(parser), [...RULES, ...addedRules], FACTS_PROVIDERS);
}
