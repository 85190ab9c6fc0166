import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { TOOL_VERSION } from '../../engine/model/docs';
import { parseEndpoint } from '../../engine/probe/endpoint';
import { toProbeJson, toProbeMarkdown, toProbeText } from '../../engine/probe/probeFormats';
import { ProbeVerdict, verdictAtLeast } from '../../engine/probe/probeResult';
import { toProbeSarif } from '../../engine/probe/probeSarif';
import { normalizePath } from '../../engine/project/paths';
import { DEFAULT_EXCLUDES } from '../../engine/scan/excludes';
import { commonAncestor } from '../../engine/scan/workspaceScan';
import { discoverEndpoints } from '../../node/probe/discoverEndpoints';
import { ProbeTarget, probeAll, systemLookup } from '../../node/probe/probeEndpoints';
import { UsageError } from '../args';
import { CommandOptions } from './commandOptions';
import { appendAll } from '../../engine/util/arrays';

function readCa(paths: readonly string[]): string[] {
  return paths.map((p) => {
    try {
      return readFileSync(p, 'utf8');
    } catch (e) {
      throw new UsageError(`cannot read --ca ${p}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
  });
}

async function fromFolders(folders: readonly string[]): Promise<ProbeTarget[]> {
  const targets: ProbeTarget[] = [];
  for (const folder of folders) {
    let exists: boolean;
    try {
      const st = statSync(folder);
      exists = st.isDirectory() || st.isFile();
    } catch {
      exists = false;
    }
    if (!exists) {
      throw new UsageError(`--from: no such folder: ${folder}`);
    }
    const found = await discoverEndpoints(resolve(folder), { excludes: DEFAULT_EXCLUDES, maxFileBytes: 2048 * 1024, maxFiles: 50_000 });
    appendAll(targets, found.map((f) => ({ target: f.endpoint, sources: f.sources })));
  }
  return targets;
}

/**
 * `tls-readiness probe`: connects to each endpoint once per TLS version and reports what it accepts, its cipher and
 * certificate, and a verdict. With `--from`, the endpoints written in a folder are listed on stderr first (`--list`
 * stops there, connecting to nothing). Exit codes as `scan`: 1 when a verdict reaches `--fail-on`.
 */
export async function runProbeCommand(argv: readonly string[]): Promise<number> {
  const o = new CommandOptions(argv, ['--from', '--format', '--fail-on', '--timeout', '--concurrency', '--ca'], ['--list']);
  const format = o.oneOf('--format', ['text', 'json', 'sarif', 'markdown'] as const, 'text');
  const failOn = o.oneOf('--fail-on', ['error', 'warning', 'note', 'none'] as const, 'error');
  const timeoutMs = o.integer('--timeout', 100, 120_000, 5000);
  const concurrency = o.integer('--concurrency', 1, 256, 16);
  const extraCa = readCa(o.all('--ca'));
  const folders = o.all('--from');
  const discovered = await fromFolders(folders);
  if (folders.length) {
    process.stderr.write(`tls-readiness: ${discovered.length} endpoint(s) found in ${folders.join(', ')}${discovered.length ? ':' : '.'}\n`);
    for (const d of discovered) {
      process.stderr.write(`  ${'name' in d.target ? d.target.name : d.target.input}\n`);
    }
  }
  if (o.has('--list')) {
    return 0;
  }
  const targets: ProbeTarget[] = [...o.positional.map((raw) => ({ target: parseEndpoint(raw), sources: [] })), ...discovered];
  if (targets.length === 0) {
    if (folders.length) {
      return 0;
    }
    throw new UsageError('probe needs at least one endpoint (host, host:port or https:// URL) or --from <folder>');
  }
  const run = await probeAll(targets, { timeoutMs, concurrency, extraCa, env: process.env, lookup: systemLookup });
  const baseDir = folders.length ? commonAncestor(folders.map((f) => normalizePath(resolve(f)))) : normalizePath(process.cwd());
  const output =
    format === 'json'
      ? toProbeJson(run)
      : format === 'sarif'
        ? JSON.stringify(toProbeSarif(run, baseDir, TOOL_VERSION), null, 2) + '\n'
        : format === 'markdown'
          ? toProbeMarkdown(run, baseDir)
          : toProbeText(run, baseDir);
  process.stdout.write(output);
  if (failOn === 'none') {
    return 0;
  }
  const threshold: ProbeVerdict = failOn;
  return run.records.some((r) => r.probe.verdict !== 'ok' && verdictAtLeast(r.probe.verdict, threshold)) ? 1 : 0;
}
