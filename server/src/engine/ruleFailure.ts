/** A rule that threw while checking a file: its findings for that file are lost, every other rule's are kept. */
export interface RuleFailure {
  ruleId: string;
  path: string;
  error: unknown;
}

/** One line (then the stack) naming the rule, the file and the error: what the server logs and the CLI prints. */
export function describeRuleFailure(f: RuleFailure): string {
  const detail = f.error instanceof Error ? (f.error.stack ?? f.error.message) : String(f.error);
  return `rule ${f.ruleId} failed on ${f.path}; its findings for this file are missing: ${detail}`;
}
