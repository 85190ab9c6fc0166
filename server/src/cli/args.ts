import { LISTEN_USAGE } from './commands/listenUsage';
import { PROBE_USAGE } from './commands/probeUsage';
import { RETARGET_VALUES } from '../engine/settings';
import { isRuleId } from '../engine/model/ruleIds';
import { RetargetChoice } from '../engine/project/targetFramework';

/** A parsed command line: the subcommand, its paths, and its options. */
export interface CliArgs {
  command: string;
  paths: string[];
  format: 'text' | 'json' | 'sarif' | 'markdown';
  failOn: 'error' | 'warning' | 'note' | 'none';
  parser: 'wasm' | 'native';
  rules: string[];
  dryRun: boolean;
  stdio: boolean;
  config: string | undefined;
  /** Follow symbolic links that lead out of the scanned folders. */
  followLinks: boolean;
  /** `scan --baseline <previous.sarif>`: compare with an earlier SARIF log; `--fail-on` then counts new findings. */
  baseline?: string;
  /** `scan --cache`: reuse and keep the work of earlier scans. */
  cache: boolean;
  /** `scan --cache-location <path>`: the cache file (or a folder for it); implies `--cache`. */
  cacheLocation?: string;
  /** `scan --stats`: print counts and timings on stderr. */
  stats: boolean;
  /** `scan`/`fix --retarget-to <v>`: the preferred, bulk-safe retarget (wins over `dynamicsTls.retargetTo`). */
  retargetTo?: RetargetChoice;
}

/** A usage error: printed with the usage text, exit code 2. */
export class UsageError extends Error {}

/** The usage text printed by `--help` and on usage errors. */
export const USAGE = `Usage:
  tls-readiness scan <path...> [--format text|json|sarif|markdown] [--fail-on error|warning|note|none] [--parser wasm|native] [--config <settings.json>] [--follow-links] [--baseline <previous.sarif>] [--retarget-to 4.6.2|4.7.2|4.8|4.8.1]
                     [--cache] [--cache-location <path>] [--stats]
  tls-readiness fix <path...> [--rule TLS0xx|DYN1xx ...] [--dry-run] [--parser wasm|native] [--config <settings.json>] [--follow-links] [--retarget-to 4.6.2|4.7.2|4.8|4.8.1]
  tls-readiness check [path...]          the readiness report (default: the bundled samples), always exit 0
  tls-readiness lsp --stdio              start the language server on stdio
  tls-readiness explain [file|-] [--format text|json]   explain the TLS connection errors in a log or pasted text
  tls-readiness machine <export.reg...> [--format text|json]  judge machines from registry exports
${PROBE_USAGE}
${LISTEN_USAGE}
Exit codes: 0 nothing at or above --fail-on (default error; with --baseline, nothing new), 1 findings, 2 usage or internal error.
  fix: 0 every planned file fixed (or nothing to fix), 1 some files refused (each with its reason), 2 all refused or usage error.
  --retarget-to: the .NET Framework version that retarget fixes offer first and fix applies (default: dynamicsTls.retargetTo, else 4.8; 4.6.2's support ends on 12 January 2027).
  --follow-links: read files reached through symbolic links that lead out of the given folders (listed as skipped otherwise).
  --cache: reuse the work of earlier scans of unchanged files (same findings); --cache-location: the cache file or its folder
    (default: the OS cache folder, ~/.cache/dynamics-tls-readiness/). --stats: files read, parsed, left out and why, time per phase (stderr).
  explain: 0 nothing recognised, 1 at least one error recognised, 2 usage error.
  machine: 0 every machine Ready, 1 one At risk or Will fail, 2 usage error.`;

function oneOf<T extends string>(flag: string, value: string | undefined, allowed: readonly T[]): T {
  if (value === undefined || !(allowed as readonly string[]).includes(value)) {
    throw new UsageError(`${flag} must be one of ${allowed.join(', ')}${value === undefined ? '' : ` (got "${value}")`}`);
  }
  return value as T;
}

/** Parses argv (without node and the script); throws UsageError on anything unknown. */
export function parseArgs(argv: readonly string[]): CliArgs {
  const args: CliArgs = { command: '', paths: [], format: 'text', failOn: 'error', parser: 'wasm', rules: [], dryRun: false, stdio: false, config: undefined, followLinks: false, cache: false, stats: false };
  const rest = [...argv];
  args.command = rest.shift() ?? '';
  while (rest.length) {
    const a = rest.shift() ?? '';
    const [flag, inline] = a.startsWith('--') && a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const value = (): string | undefined => inline ?? rest.shift();
    switch (flag) {
      case '--format':
        args.format = oneOf('--format', value(), ['text', 'json', 'sarif', 'markdown'] as const);
        break;
      case '--fail-on':
        args.failOn = oneOf('--fail-on', value(), ['error', 'warning', 'note', 'none'] as const);
        break;
      case '--parser':
        args.parser = oneOf('--parser', value(), ['wasm', 'native'] as const);
        break;
      case '--rule': {
        const v = value();
        if (!v || !isRuleId(v)) {
          throw new UsageError(`--rule takes a rule id such as TLS001 or DYN101${v ? ` (got "${v}")` : ''}`);
        }
        args.rules.push(v.toUpperCase());
        while (rest[0] && isRuleId(rest[0])) {
          args.rules.push((rest.shift() ?? '').toUpperCase());
        }
        break;
      }
      case '--config':
        args.config = value();
        if (!args.config) {
          throw new UsageError('--config takes a path to a settings JSON file');
        }
        break;
      case '--follow-links':
        args.followLinks = true;
        break;
      case '--baseline':
        args.baseline = value();
        if (!args.baseline) {
          throw new UsageError('--baseline takes the path of a SARIF log from an earlier scan');
        }
        break;
      case '--cache':
        args.cache = true;
        break;
      case '--cache-location':
        args.cacheLocation = value();
        args.cache = true;
        if (!args.cacheLocation) {
          throw new UsageError('--cache-location takes the path of the cache file or of its folder');
        }
        break;
      case '--stats':
        args.stats = true;
        break;
      case '--retarget-to':
        args.retargetTo = oneOf('--retarget-to', value(), RETARGET_VALUES);
        break;
      case '--dry-run':
        args.dryRun = true;
        break;
      case '--stdio':
        args.stdio = true;
        break;
      default:
        if (a.startsWith('-') && a !== '-') {
          if (args.command === 'lsp' && (a.startsWith('--node-ipc') || a.startsWith('--clientProcessId') || a.startsWith('--socket') || a.startsWith('--pipe'))) {
            break;
          }
          throw new UsageError(`unknown option ${a}`);
        }
        args.paths.push(a);
    }
  }
  return args;
}
