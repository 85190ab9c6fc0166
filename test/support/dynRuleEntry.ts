// A test entry point: the CLI (and through `lsp --stdio` the language server) with one extra rule of the DYN family,
// DYN199, that reports every line mentioning DYN199_HERE. It proves that a DYN id goes through settings, suppression
// comments, SARIF, `--rule` and the report's verdicts like a TLS id. Only tests run this file.
import { join } from 'node:path';
import { addRuleForTests } from '../../server/src/engine/engine';
import { REPO_ROOT } from './engineHarness';

/** The id of the test-only DYN rule. */
export const DYN_TEST_RULE_ID = 'DYN199';
/** The text the test-only DYN rule reports, once per line that holds it. */
export const DYN_TEST_MARKER = 'DYN199_HERE';
/** The compiled entry point (this file), run as `node <entry> scan …`. */
export const DYN_TEST_ENTRY = join(REPO_ROOT, 'out', 'test', 'support', 'dynRuleEntry.js');

addRuleForTests({
  meta: {
    id: DYN_TEST_RULE_ID,
    title: 'Test-only rule of the DYN family',
    defaultSeverity: 'warning',
    kinds: ['project', 'config', 'csharp', 'powershell', 'registry'],
    hasSafeFix: false,
    summary: 'Reports every line that mentions the marker; proves that DYN ids are handled like TLS ids.',
  },
  check(ctx) {
    let at = ctx.text.indexOf(DYN_TEST_MARKER);
    while (at >= 0) {
      ctx.report({ severity: 'warning', start: at, end: at + DYN_TEST_MARKER.length, message: 'The test-only DYN rule found its marker.' });
      at = ctx.text.indexOf(DYN_TEST_MARKER, at + 1);
    }
  },
});

if (require.main === module) {
  require('../../server/src/cli/main');
}
