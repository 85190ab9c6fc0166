import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseJsonc } from '../engine/jsonc';
import { TOOL_VERSION } from '../engine/model/docs';
import { SEVERITY_RANK } from '../engine/model/finding';
import { normalizePath } from '../engine/project/paths';
import { escapeForDisplay } from '../engine/text/displayEscape';
import { TlsSettings, fromFlatSettings, parseSettings } from '../engine/settings';
import { locateRoot } from '../node/assets';
import { pathProblem, readSettingsText } from './inputFiles';
import { CliArgs, USAGE, UsageError, parseArgs } from './args';
import { printRuleFailures, runScan } from './scan';
import { runIfScanWorker } from '../node/scanPool/poolWorker';

// The commands other than scan and check are loaded when they run (`require`, which the bundle turns into a lazy
// init): a scan does not initialise the probe's and listener's modules, nor Node's net, tls and dns they load.

/** Commands that read their own options (their flags are theirs alone). */
const OWN_OPTION_COMMANDS: Record<string, (argv: readonly string[]) => Promise<number>> = {
  probe: (argv) => (require('./commands/probe') as typeof import('./commands/probe')).runProbeCommand(argv),
  listen: (argv) => (require('./commands/listen') as typeof import('./commands/listen')).runListenCommand(argv),
};

/** The `.vscode/settings.json` the editor would use for the first root that has one (a file root: its folder or above). */
function workspaceSettingsFile(roots: readonly string[]): string | undefined {
  for (const root of roots) {
    let dir = existsSync(root) && statSync(root).isDirectory() ? root : dirname(root);
    for (;;) {
      const candidate = join(dir, '.vscode', 'settings.json');
      if (existsSync(candidate)) {
        return candidate;
      }
      if (dir === root || dirname(dir) === dir) {
        break;
      }
      dir = dirname(dir);
    }
  }
  return undefined;
}

/** The settings of a run: `dynamicsTls.*` from a settings file, with `--retarget-to` winning over `dynamicsTls.retargetTo`. */
export function loadSettings(args: CliArgs, roots: readonly string[]): TlsSettings {
  const settings = settingsFromFile(args, roots);
  return args.retargetTo ? { ...settings, retargetTo: args.retargetTo } : settings;
}

/** Reads `dynamicsTls.*` settings from `--config` or the first root's `.vscode/settings.json`, so CI agrees with the editor. */
function settingsFromFile(args: CliArgs, roots: readonly string[]): TlsSettings {
  const candidate = args.config ?? workspaceSettingsFile(roots);
  if (!candidate) {
    return parseSettings(undefined);
  }
  let raw: unknown;
  try {
    raw = parseJsonc(readSettingsText(candidate));
  } catch (e) {
    // A parse error quotes the text it stopped at: never shown, the path may name any file (--config /etc/passwd).
    const why = e instanceof SyntaxError ? 'it is not a valid JSON settings file' : (e as Error).message;
    if (args.config) {
      throw new UsageError(`cannot read settings from ${candidate}: ${why}`);
    }
    process.stderr.write(`tls-readiness: ignoring ${candidate} (${why}); using default settings\n`);
    return parseSettings(undefined);
  }
  const problems: string[] = [];
  const settings = parseSettings(fromFlatSettings(raw as Record<string, unknown>), problems);
  for (const p of problems) {
    process.stderr.write(`tls-readiness: ${p}\n`);
  }
  return settings;
}

/** Resolves the given paths; a path that does not exist is a usage error (exit 2), not an empty scan. */
function checkPaths(paths: readonly string[]): string[] {
  const problems = paths.map((p) => ({ p, why: pathProblem(p) })).filter((x) => x.why !== undefined);
  if (problems.length) {
    throw new UsageError(problems.map((x) => `${x.why}: ${escapeForDisplay(x.p)}`).join('; '));
  }
  for (const p of paths) {
    const special = specialFileKind(p);
    if (special) {
      throw new UsageError(`${escapeForDisplay(p)} is ${special}: only files and folders are scanned (it is never read)`);
    }
  }
  return paths.map((p) => normalizePath(resolve(p)));
}

/** What a path named on the command line is when it is neither a regular file nor a folder (a device, a FIFO…). */
function specialFileKind(path: string): string | undefined {
  const st = statSync(path);
  if (st.isFile() || st.isDirectory()) {
    return undefined;
  }
  return st.isFIFO() ? 'a FIFO' : st.isCharacterDevice() ? 'a character device' : st.isBlockDevice() ? 'a block device' : st.isSocket() ? 'a socket' : 'not a regular file';
}

async function main(argv: string[]): Promise<number> {
  const own = OWN_OPTION_COMMANDS[argv[0] ?? ''];
  if (own) {
    return own(argv.slice(1));
  }
  if (argv.length > 1 && (argv.includes('--help') || argv.includes('-h'))) {
    // `scan --help` and the like: the usage, as a request rather than a mistake.
    process.stdout.write(USAGE + '\n');
    return 0;
  }
  const args = parseArgs(argv);
  switch (args.command) {
    case 'scan':
    case 'check': {
      const isCheck = args.command === 'check';
      const paths = args.paths.length ? args.paths : isCheck ? [join(locateRoot(), 'samples')] : [];
      if (paths.length === 0) {
        throw new UsageError('scan needs at least one path');
      }
      const roots = checkPaths(paths);
      const result = await runScan(args, roots, loadSettings(args, roots));
      process.stdout.write(result.output);
      if (printRuleFailures(result.ruleFailures)) {
        return 2;
      }
      if (isCheck || args.failOn === 'none') {
        return 0;
      }
      const threshold = args.failOn === 'note' ? SEVERITY_RANK.information : SEVERITY_RANK[args.failOn];
      // A run that skipped a file it should have read is never a pass (docs/facts.md#verdicts).
      return result.incomplete || result.findings.some((f) => SEVERITY_RANK[f.severity] >= threshold && f.severity !== 'hint') ? 1 : 0;
    }
    case 'fix': {
      if (args.paths.length === 0) {
        throw new UsageError('fix needs at least one path');
      }
      const roots = checkPaths(args.paths);
      return (require('./fix') as typeof import('./fix')).runFix(args, roots, loadSettings(args, roots));
    }
    case 'explain':
      return (require('./commands/explain') as typeof import('./commands/explain')).runExplain(args);
    case 'machine':
      return (require('./commands/machine') as typeof import('./commands/machine')).runMachine(args);
    case 'lsp': {
      if (!args.stdio) {
        throw new UsageError('lsp needs --stdio');
      }
      // Loaded on demand: the scan commands never load the LSP layer, and the CLI's module graph has no edge into it.
      const { startServer } = require('../lsp/server') as typeof import('../lsp/server');
      startServer();
      return -1;
    }
    case '--help':
    case '-h':
    case 'help':
      process.stdout.write(USAGE + '\n');
      return 0;
    case '--version':
      process.stdout.write(`${TOOL_VERSION}\n`);
      return 0;
    default:
      throw new UsageError(args.command ? `unknown command "${args.command}"` : 'no command given');
  }
}

// A scan's worker threads run this same entry (so they have the same rules); in one, it serves the pool instead.
if (!runIfScanWorker()) {
  void main(process.argv.slice(2)).then(
    (code) => {
      if (code >= 0) {
        process.exitCode = code;
      }
    },
    (e: unknown) => {
      if (e instanceof UsageError) {
        process.stderr.write(`tls-readiness: ${e.message}\n\n${USAGE}\n`);
      } else {
        process.stderr.write(`tls-readiness: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      }
      process.exitCode = 2;
    },
  );
}
