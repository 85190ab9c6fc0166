import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

let unshareWorks: boolean | undefined;

/** Whether `unshare -n` can run a command in a network namespace of its own (no interface but a down loopback). */
function canUnshare(): boolean {
  unshareWorks ??= process.platform === 'linux' && spawnSync('unshare', ['-n', 'true']).status === 0;
  return unshareWorks;
}

/**
 * A command line and environment that run `command` with the network off: in a network namespace of its own when
 * `unshare -n` works (root on Linux, as CI runs), and in any case with npm told to stay offline, an empty cache of its
 * own, and a registry and proxies on a closed loopback port, so a download attempt fails instead of reaching out.
 */
export function offline(command: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): { file: string; args: string[]; env: NodeJS.ProcessEnv } {
  const blocked = 'http://127.0.0.1:9';
  const npmEnv = {
    npm_config_offline: 'true',
    npm_config_cache: mkdtempSync(join(tmpdir(), 'dtls-npm-cache-')),
    npm_config_registry: `${blocked}/`,
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
    HTTP_PROXY: blocked,
    HTTPS_PROXY: blocked,
    http_proxy: blocked,
    https_proxy: blocked,
  };
  const merged = { ...process.env, ...npmEnv, ...env };
  return canUnshare() ? { file: 'unshare', args: ['-n', command, ...args], env: merged } : { file: command, args: [...args], env: merged };
}
