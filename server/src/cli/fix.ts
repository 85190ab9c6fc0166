import { planSafeFixes } from '../engine/rules/safeFixes';
import { writeFileEdits } from '../engine/fixes/writeFixes';
import { relativePath } from '../engine/project/paths';
import { escapeForDisplay } from '../engine/text/displayEscape';
import { TlsSettings } from '../engine/settings';
import { nodeFileSystem } from '../node/nodeFileSystem';
import { CliArgs } from './args';
import { printRuleFailures, scanPaths } from './scan';

/**
 * `fix`: applies the safe fixes (the same edits as the quick fixes) and reports what changed. Each file is refused on
 * its own, with the reason, and the run goes on: exit 0 when every planned file was fixed (or nothing needed fixing),
 * 1 when some were refused, 2 when every one was refused (nothing could be done).
 */
export async function runFix(args: CliArgs, roots: string[], settings: TlsSettings): Promise<number> {
  const { result } = await scanPaths(args, roots, settings);
  const plan = planSafeFixes(result.findings, args.rules.length ? new Set(args.rules) : undefined);
  let refused = 0;
  const lines: string[] = [];
  const appliedByPath = new Map<string, typeof plan.applied>();
  for (const a of plan.applied) {
    for (const path of new Set(a.fix.changes.map((c) => c.path))) {
      const list = appliedByPath.get(path);
      if (list) {
        list.push(a);
      } else {
        appliedByPath.set(path, [a]);
      }
    }
  }
  for (const [path, edits] of plan.edits) {
    const expected = result.texts.get(path);
    const outcome = await writeFileEdits(nodeFileSystem, path, edits, expected, args.dryRun, roots);
    const rel = escapeForDisplay(relativePath(result.baseDir, path));
    const fixes = appliedByPath.get(path) ?? [];
    if (outcome.status === 'changed') {
      lines.push(`${args.dryRun ? 'would fix' : 'fixed'} ${rel}: ${fixes.map((a) => `${a.finding.ruleId} (${escapeForDisplay(a.fix.title)})`).join(', ')}`);
    } else if (outcome.status === 'refused') {
      refused++;
      lines.push(`refused ${rel}: ${escapeForDisplay(outcome.reason ?? '')}`);
    }
  }
  if (plan.deferred.length) {
    lines.push(`${plan.deferred.length} fix(es) overlapped others and were left for a second run`);
  }
  const changed = lines.filter((l) => l.startsWith('fixed') || l.startsWith('would fix')).length;
  lines.push(`${changed} file(s) ${args.dryRun ? 'would change' : 'changed'}, ${refused} refused`);
  process.stdout.write(lines.join('\n') + '\n');
  if (printRuleFailures(result.ruleFailures)) {
    return 2;
  }
  return refused === 0 ? 0 : changed === 0 ? 2 : 1;
}
