import { FileKind } from '../model/fileKind';
import { Severity } from '../model/finding';
import { RuleContext } from '../model/ruleContext';

/** A rule's identity and documentation data: what the registry, SARIF `rules[]` and the docs test read. */
export interface RuleMeta {
  id: string;
  /** Short name ("Client project targets .NET Framework below 4.6.2"). */
  title: string;
  /** The severity in the most common context; the check may choose another per finding. */
  defaultSeverity: Severity;
  /** The file kinds the check runs on. */
  kinds: readonly FileKind[];
  /** Whether the rule emits safe fixes (applied by fix-all and `tls-readiness fix`, rules/safeFixes.ts); a fixture test holds it to that. */
  hasSafeFix: boolean;
  /** One sentence for SARIF `shortDescription` and the rules table. */
  summary: string;
}

/** A rule: its metadata and a pure check. */
export interface Rule {
  readonly meta: RuleMeta;
  check(ctx: RuleContext): void;
}

