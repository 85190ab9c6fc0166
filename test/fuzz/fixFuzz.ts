import { spawn } from 'node:child_process';
import { appendFileSync, cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createAnalyzer } from '../../server/src/engine/engine';
import { planSafeFixes } from '../../server/src/engine/rules/safeFixes';
import { writeFileEdits } from '../../server/src/engine/fixes/writeFixes';
import { normalizePath } from '../../server/src/engine/project/paths';
import { DEFAULT_EXCLUDES } from '../../server/src/engine/scan/excludes';
import { scanWorkspace } from '../../server/src/engine/scan/workspaceScan';
import { applyTextEdits } from '../../server/src/engine/text/edits';
import { decodeText } from '../../server/src/engine/text/encoding';
import { nodeFileSystem } from '../../server/src/node/nodeFileSystem';
import { REPO_ROOT, backend } from '../support/engineHarness';
import { legacyProject } from '../support/fixWorkspace';
import { FuzzKind, changedPaths, filesOf, fixtureFolders, scratch, snapshot, timed } from './fuzzInput';
import { Random, mutate } from './random';

/** Fixture folders where some safe fix applies (the positive cases). */
function positiveFolders(): string[] {
  return fixtureFolders().filter((f) => /\/positive-/.test(f));
}

/** One round of `fix` through the engine; `stale` edits a planned file between the analysis and the write. */
async function fixRound(dir: string, stale: boolean): Promise<{ planned: Set<string>; failure?: string; changed: number }> {
  const analyzer = createAnalyzer(await backend());
  const result = await scanWorkspace(nodeFileSystem, analyzer, { roots: [normalizePath(dir)], excludes: DEFAULT_EXCLUDES, maxFileSizeKB: 2048 });
  const plan = planSafeFixes(result.findings);
  const before = snapshot(dir);
  const planned = new Set(plan.edits.keys());
  let changed = 0;
  for (const [path, edits] of plan.edits) {
    const analysed = result.texts.get(path);
    if (stale) {
      appendFileSync(path, ' ');
    }
    const staleBytes = stale ? readFileSync(path) : undefined;
    const outcome = await writeFileEdits(nodeFileSystem, path, edits, analysed, false, [dir]);
    if (stale) {
      if (outcome.status !== 'refused' || !readFileSync(path).equals(staleBytes ?? Buffer.alloc(0))) {
        return { planned, changed, failure: `${path}: a stale file was ${outcome.status}, not refused` };
      }
      continue;
    }
    if (outcome.status === 'changed') {
      changed++;
      const oldBytes = Buffer.from(before.get(path) ?? '', 'base64');
      const old = decodeText(oldBytes);
      const now = decodeText(readFileSync(path));
      if (now.encoding !== old.encoding || now.bom !== old.bom) {
        return { planned, changed, failure: `${path}: encoding or BOM changed (${old.encoding}/${old.bom} → ${now.encoding}/${now.bom})` };
      }
      if (now.text !== applyTextEdits(old.text, edits)) {
        return { planned, changed, failure: `${path}: bytes other than the fixes' changed` };
      }
    }
  }
  const touched = changedPaths(before, snapshot(dir)).filter((p) => !planned.has(p));
  return touched.length ? { planned, changed, failure: `files outside the plan changed: ${touched.join(', ')}` } : { planned, changed };
}

/** The fix invariants on a (sometimes re-encoded) positive fixture: only the intended bytes, idempotent, refused when stale. */
export const fixInput: FuzzKind = async (seed, index) => {
  const r = Random.forInput(seed, index);
  const folder = r.pick(positiveFolders());
  const recode = r.pick(['none', 'none', 'eol', 'utf16', 'latin1'] as const);
  const stale = r.int(4) === 0;
  return timed('fix', index, `${folder.split('/').slice(-2).join('/')} ${recode}${stale ? ' stale' : ''}`, async () => {
    const dir = scratch('fix');
    try {
      cpSync(folder, dir, { recursive: true });
      if (recode !== 'none') {
        const file = r.pick(filesOf(dir));
        writeFileSync(join(dir, file), mutate(readFileSync(join(dir, file)), Buffer.alloc(0), recode, r));
      }
      if (stale) {
        return (await fixRound(dir, true)).failure;
      }
      for (let round = 0; round < 4; round++) {
        const { failure, changed } = await fixRound(dir, false);
        if (failure) {
          return `round ${round + 1}: ${failure}`;
        }
        if (changed === 0) {
          return undefined;
        }
      }
      return 'fix does not settle: a fourth run still changed files (not idempotent)';
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
};

/** How long a full `fix` of the large project takes here (measured once per worker). */
let fullRunMs: number | undefined;

/** `fix` killed with SIGKILL at a random instant while writing a large project: the file is its old or its new bytes. */
export const killInput: FuzzKind = async (seed, index) => {
  const r = Random.forInput(seed, index);
  const old = legacyProject(5_000 + r.int(20_000));
  return timed('kill', index, `${old.length} chars`, async () => {
    const reference = scratch('kill-ref');
    const dir = scratch('kill');
    try {
      writeFileSync(join(reference, 'App.csproj'), old);
      const t0 = Date.now();
      await runFix(reference, 120_000);
      fullRunMs ??= Date.now() - t0;
      const fixed = readFileSync(join(reference, 'App.csproj'), 'utf8');
      writeFileSync(join(dir, 'App.csproj'), old);
      const at = Math.round(r.next() * fullRunMs * 1.1);
      await runFix(dir, at);
      const now = readFileSync(join(dir, 'App.csproj'), 'utf8');
      return now === old || now === fixed ? undefined : `torn by a kill at ${at} ms of ${fullRunMs} ms (${now.length} chars, expected ${old.length} or ${fixed.length})`;
    } finally {
      rmSync(reference, { recursive: true, force: true });
      rmSync(dir, { recursive: true, force: true });
    }
  });
};

/** Runs `tls-readiness fix <dir>` as a process and SIGKILLs it after `ms` unless it ends first. */
function runFix(dir: string, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(REPO_ROOT, 'dist', 'cli.js'), 'fix', dir], { stdio: 'ignore' });
    const timer = setTimeout(() => child.kill('SIGKILL'), ms);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}
