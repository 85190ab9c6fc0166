// A test entry point: the CLI (and through `lsp --stdio` the language server) with one extra rule, TLS999, that throws
// on every file mentioning THROW_TLS999. Only tests run this file; the product's entry points never load it.
import { addRuleForTests } from '../../server/src/engine/engine';

/** The id of the test-only rule. */
export const THROWING_RULE_ID = 'TLS999';
/** The text that makes the test-only rule throw. */
export const THROW_MARKER = 'THROW_TLS999';

addRuleForTests({
  meta: {
    id: THROWING_RULE_ID,
    title: 'Test-only rule that throws',
    defaultSeverity: 'warning',
    kinds: ['project', 'buildProps', 'config', 'csharp', 'powershell', 'registry'],
    hasSafeFix: false,
    summary: 'Throws on files that mention the marker; proves that errors are contained.',
  },
  check(ctx) {
    if (ctx.text.includes(THROW_MARKER)) {
      throw new Error(`${THROWING_RULE_ID} was told to throw`);
    }
  },
});

if (require.main === module) {
  require('../../server/src/cli/main');
}
