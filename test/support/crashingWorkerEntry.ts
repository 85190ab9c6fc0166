// A test entry point for scan pool workers: the product's worker with one extra rule, TLS998, that stops the worker
// thread (as an out-of-memory or a wasm abort would) on a file mentioning CRASH_WORKER_TLS998. Only tests start it.
import { isMainThread } from 'node:worker_threads';
import { addRuleForTests } from '../../server/src/engine/engine';
import { runIfScanWorker } from '../../server/src/node/scanPool/poolWorker';
import { CRASH_EXIT_CODE, CRASH_MARKER } from './workerCrash';

addRuleForTests({
  meta: {
    id: 'TLS998',
    title: 'Test-only rule that stops its worker thread',
    defaultSeverity: 'warning',
    kinds: ['csharp'],
    hasSafeFix: false,
    summary: 'Ends the worker thread on files that mention the marker; proves that a crashed worker never hangs a scan.',
  },
  check(ctx) {
    if (!isMainThread && ctx.text.includes(CRASH_MARKER)) {
      process.exit(CRASH_EXIT_CODE);
    }
  },
});

runIfScanWorker();
