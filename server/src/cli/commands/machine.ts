import { MachineJudgement, judgeMachine, machineReasons } from '../../engine/machine/machineVerdict';
import { escapeForDisplay } from '../../engine/text/displayEscape';
import { CliArgs, UsageError } from '../args';
import { readInputText } from './inputText';

/** One judged export as the `machine --format json` contract names it. */
interface MachineJson {
  file: string;
  windows: string;
  netFramework: string;
  verdict: MachineJudgement['verdict'];
  reasons: string[];
}

function toText(file: string, j: MachineJudgement): string {
  const width = Math.max(...j.clients.map((c) => c.client.length));
  return [
    `${escapeForDisplay(file)}: ${j.verdict}`,
    `  Windows:        ${escapeForDisplay(j.windows)}`,
    `  .NET Framework: ${j.netFramework}`,
    ...j.unknown.map((u) => `  Could not judge ${u}.`),
    ...j.clients.map((c) => `  ${c.client.padEnd(width)}  ${c.verdict.padEnd(9)}  ${escapeForDisplay(c.reasons.join('; '))}`),
    '',
  ].join('\n');
}

/**
 * `machine <export.reg>... [--format text|json]`: judges each registry export as one machine (Windows version,
 * .NET Framework, SchUseStrongCrypto/SystemDefaultTlsVersions in both hives, SCHANNEL keys). Exit 0 when every machine
 * is Ready, 1 when one is At risk or Will fail, 2 on a usage error (no file, unreadable file, bad format).
 */
export function runMachine(args: CliArgs): number {
  if (args.paths.length === 0) {
    throw new UsageError('machine needs at least one registry export (.reg)');
  }
  if (args.format !== 'text' && args.format !== 'json') {
    throw new UsageError(`machine --format must be text or json (got "${args.format}")`);
  }
  const judged = args.paths.map((path) => {
    const input = readInputText(path);
    return { file: input.name, judgement: judgeMachine(input.text) };
  });
  if (args.format === 'json') {
    const machines: MachineJson[] = judged.map(({ file, judgement: j }) => ({ file, windows: j.windows, netFramework: j.netFramework, verdict: j.verdict, reasons: machineReasons(j) }));
    process.stdout.write(`${JSON.stringify({ machines }, null, 2)}\n`);
  } else {
    process.stdout.write(judged.map(({ file, judgement }) => toText(file, judgement)).join('\n'));
  }
  return judged.every(({ judgement }) => judgement.verdict === 'Ready') ? 0 : 1;
}
