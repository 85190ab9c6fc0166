import { csharpFactsProvider } from '../csharp/csharpFacts';
import { FactsProvider, Rule } from './rule';
import { tls001 } from './tls001';
import { tls090 } from './tls090';

/** Every rule of the product, in id order: the only list of rules (docs, SARIF, settings and tests read it). */
export const RULES: readonly Rule[] = [tls001, tls090];

/** The source analyses that feed code facts into the project index. */
export const FACTS_PROVIDERS: readonly FactsProvider[] = [csharpFactsProvider];

/** A rule by id. */
export function ruleById(id: string): Rule | undefined {
  return RULES.find((r) => r.meta.id === id);
}
