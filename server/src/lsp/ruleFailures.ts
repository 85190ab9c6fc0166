import { RuleFailure, describeRuleFailure } from '../engine/ruleFailure';

/** The server's answer to a rule that throws: the rule id, file and stack go to the output channel; serving goes on. */
export function ruleFailureLog(log: (message: string) => void): (failure: RuleFailure) => void {
  return (failure) => log(describeRuleFailure(failure));
}
