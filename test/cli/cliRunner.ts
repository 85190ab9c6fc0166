import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from '../support/engineHarness';

/** The result of one CLI run. */
export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
  /** How long the process ran. */
  ms: number;
  /** The signal that ended it (SIGKILL when `timeoutMs` ran out). */
  signal: NodeJS.Signals | null;
}

/** How a CLI run is started: its folder, a time after which it is killed, and options for node itself. */
export interface CliRunOptions {
  timeoutMs?: number;
  nodeOptions?: readonly string[];
}

/** Runs `node dist/cli.js …` (the package's `bin`) as a process, the way CI and users do. */
export function runCli(args: readonly string[], cwd: string = REPO_ROOT, options: CliRunOptions = {}): CliRun {
  const started = Date.now();
  const r = spawnSync(process.execPath, [...(options.nodeOptions ?? []), join(REPO_ROOT, 'dist', 'cli.js'), ...args], {
    cwd,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    ...(options.timeoutMs ? { timeout: options.timeoutMs, killSignal: 'SIGKILL' as const } : {}),
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, ms: Date.now() - started, signal: r.signal };
}
