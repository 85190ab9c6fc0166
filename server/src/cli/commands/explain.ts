import { findErrors } from '../../engine/explain/match';
import { explanationText, toExplainJson } from '../../engine/explain/render';
import { CliArgs, UsageError } from '../args';
import { readInputText } from './inputText';

/**
 * `explain [file|-] [--format text|json]`: recognises connection errors in a log, trace or pasted text (standard input
 * when no file or `-` is given). Exit 0 when nothing is recognised, 1 when at least one line is, 2 on a usage error.
 */
export function runExplain(args: CliArgs): number {
  if (args.paths.length > 1) {
    throw new UsageError('explain reads one file (or - for standard input)');
  }
  if (args.format !== 'text' && args.format !== 'json') {
    throw new UsageError(`explain --format must be text or json (got "${args.format}")`);
  }
  const input = readInputText(args.paths[0] ?? '-');
  const matches = findErrors(input.text);
  const output = args.format === 'json' ? `${JSON.stringify(toExplainJson(matches), null, 2)}\n` : explanationText(matches, input.text, input.name);
  process.stdout.write(output);
  return matches.length > 0 ? 1 : 0;
}
