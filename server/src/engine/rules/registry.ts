import { csharpFactsProvider } from '../csharp/csharpFacts';
import { powershellFactsProvider } from '../powershell/scriptFacts';
import { Rule } from './rule';
import { FactsProvider } from '../model/ruleContext';
import { tls001 } from './tls001';
import { tls002 } from './tls002';
import { tls003 } from './tls003';
import { tls004 } from './tls004';
import { tls005 } from './tls005';
import { tls010 } from './tls010';
import { tls011 } from './tls011';
import { tls012 } from './tls012';
import { tls013 } from './tls013';
import { tls014 } from './tls014';
import { tls020 } from './tls020';
import { tls021 } from './tls021';
import { tls022 } from './tls022';
import { tls023 } from './tls023';
import { tls024 } from './tls024';
import { tls025 } from './tls025';
import { tls026 } from './tls026';
import { tls027 } from './tls027';
import { tls030 } from './tls030';
import { tls031 } from './tls031';
import { tls032 } from './tls032';
import { tls033 } from './tls033';
import { tls040 } from './tls040';
import { tls041 } from './tls041';
import { tls090 } from './tls090';
import { dyn101 } from './dyn101';
import { dyn102 } from './dyn102';
import { dyn103 } from './dyn103';
import { dyn104 } from './dyn104';
import { dyn105 } from './dyn105';

/** Every rule of the product, in id order: the only list of rules (docs, SARIF, settings and tests read it). */
export const RULES: readonly Rule[] = [tls001, tls002, tls003, tls004, tls005, tls010, tls011, tls012, tls013, tls014, tls020, tls021, tls022, tls023, tls024, tls025, tls026, tls027, tls030, tls031, tls032, tls033, tls040, tls041, tls090, dyn101, dyn102, dyn103, dyn104, dyn105];

/** The source analyses that feed code facts into the project index. */
export const FACTS_PROVIDERS: readonly FactsProvider[] = [csharpFactsProvider, powershellFactsProvider];

/** Rules added by a test entry point before an adapter starts; the product ships none (its rules are RULES). */
const addedRules: Rule[] = [];

/**
 * Adds a rule to every analyzer created afterwards, and to SARIF's rule list. Called only by test entry points
 * (test/support/), which register a rule the product does not have (one that throws, one of the DYN family) before they
 * start the CLI or the server; no setting, flag or environment variable of the product reaches it.
 */
export function addRuleForTests(rule: Rule): void {
  addedRules.push(rule);
}

/** Every rule an analyzer runs and SARIF describes: RULES, plus the rules a test entry point added. */
export function activeRules(): readonly Rule[] {
  return addedRules.length === 0 ? RULES : [...RULES, ...addedRules];
}

/** A rule by id. */
export function ruleById(id: string): Rule | undefined {
  return activeRules().find((r) => r.meta.id === id);
}
