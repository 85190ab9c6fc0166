import { join } from 'node:path';
import { REPO_ROOT } from './engineHarness';

/** The text on which the test-only rule TLS998 stops the worker thread analysing the file (exit code 70). */
export const CRASH_MARKER = 'CRASH_WORKER_TLS998';

/** The exit code the test-only rule stops a worker with. */
export const CRASH_EXIT_CODE = 70;

/** The compiled entry a test pool starts its workers on: a scan worker with TLS998 (crashingWorkerEntry.ts). */
export const CRASHING_WORKER_ENTRY = join(REPO_ROOT, 'out', 'test', 'support', 'crashingWorkerEntry.js');
