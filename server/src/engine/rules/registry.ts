import { csharpFactsProvider } from '../csharp/csharpFacts';
import { powershellFactsProvider } from '../powershell/scriptFacts';
import { FactsProvider, Rule } from './rule';
import { tls001 } from './tls001';
import { tls030 } from './tls030';
import { tls031 } from './tls031';
import { tls032 } from './tls032';
import { tls033 } from './tls033';
import { tls090 } from './tls090';

/** Every rule of the product, in id order: the only list of rules (docs, SARIF, settings and tests read it). */
export const RULES: readonly Rule[] = [tls001, tls030, tls031, tls032, tls033, tls090];

/** The source analyses that feed code facts into the project index. */
export const FACTS_PROVIDERS: readonly FactsProvider[] = [csharpFactsProvider, powershellFactsProvider];

/** A rule by id. */
export function ruleById(id: string): Rule | undefined {
  return RULES.find((r) => r.meta.id === id);
}
