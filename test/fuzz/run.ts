import { fork } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { mutationInput, treeInput } from './analysisFuzz';
import { fixInput, killInput } from './fixFuzz';
import { FuzzKind, InputResult } from './fuzzInput';
import { lastPeakMB, lspInput } from './lspStorm';

/**
 * `npm run fuzz [-- --seed N --count N --replay kind:index --out file]`: the fuzz suite of issue 18. Each kind runs in
 * its own worker process under a watchdog (an input that does not finish in WATCHDOG_MS is a hang, recorded with its
 * seed and index); every failure is written to the out file so that `--replay kind:index --seed N` reruns it alone.
 */
const KINDS: Record<string, FuzzKind> = { mutation: mutationInput, fix: fixInput, tree: treeInput, kill: killInput, lsp: lspInput };

/** The share of the count each kind gets (kill and LSP inputs start processes, so they are fewer). */
const SHARES: Record<string, number> = { mutation: 0.72, fix: 0.15, tree: 0.08, kill: 0.01, lsp: 0.04 };

const WATCHDOG_MS = 120_000;

interface Options {
  seed: number;
  count: number;
  replay: string | undefined;
  out: string;
}

function options(argv: readonly string[]): Options {
  const get = (flag: string): string | undefined => {
    const i = argv.lastIndexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  return { seed: Number(get('--seed') ?? 1), count: Number(get('--count') ?? 2000), replay: get('--replay'), out: get('--out') ?? 'fuzz-failures.json' };
}

/** A worker: runs inputs [from, to) of one kind, reporting each before it starts (for the watchdog) and when done. */
async function worker(kind: string, seed: number, from: number, to: number): Promise<void> {
  const run = KINDS[kind];
  let peakMB = 0;
  for (let i = from; i < to && run; i++) {
    process.send?.({ starting: i });
    const result = await run(seed, i);
    peakMB = Math.max(peakMB, process.memoryUsage().rss / 1024 / 1024, lastPeakMB);
    process.send?.({ result, peakMB });
  }
  process.send?.({ done: true, peakMB }, () => process.exit(0));
}

interface KindSummary {
  kind: string;
  inputs: number;
  failures: InputResult[];
  peakMB: number;
  slowest: InputResult | undefined;
}

/** Runs one kind in workers under the watchdog: after a hang or a crash, a new worker goes on with the next input. */
async function runKind(kind: string, seed: number, from: number, to: number): Promise<KindSummary> {
  const summary: KindSummary = { kind, inputs: 0, failures: [], peakMB: 0, slowest: undefined };
  for (let next = from; next < to; ) {
    next = (await runWorker(kind, seed, next, to, summary)) + 1;
  }
  return summary;
}

/** One worker over inputs [from, to); resolves with the last input it started. */
function runWorker(kind: string, seed: number, from: number, to: number, summary: KindSummary): Promise<number> {
  return new Promise((resolve) => {
    const child = fork(__filename, ['--worker', kind, String(seed), String(from), String(to)], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    let current = from;
    let timer: NodeJS.Timeout | undefined;
    const arm = (): void => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        summary.failures.push({ kind, index: current, what: 'watchdog', ms: WATCHDOG_MS, failure: `hang: input ${current} did not finish in ${WATCHDOG_MS} ms` });
        child.kill('SIGKILL');
      }, WATCHDOG_MS);
    };
    arm();
    child.on('message', (m: { starting?: number; result?: InputResult; peakMB?: number }) => {
      arm();
      if (m.starting !== undefined) {
        current = m.starting;
      }
      summary.peakMB = Math.max(summary.peakMB, m.peakMB ?? 0);
      if (m.result) {
        summary.inputs++;
        if (m.result.failure) {
          summary.failures.push(m.result);
        }
        if (!summary.slowest || m.result.ms > summary.slowest.ms) {
          summary.slowest = m.result;
        }
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      if (code !== 0 && !summary.failures.some((f) => f.index === current)) {
        summary.failures.push({ kind, index: current, what: 'worker', ms: 0, failure: `the worker ended with ${code} at input ${current}` });
      }
      resolve(code === 0 ? to - 1 : current);
    });
  });
}

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  if (argv[0] === '--worker') {
    await worker(argv[1] ?? '', Number(argv[2]), Number(argv[3]), Number(argv[4]));
    return -1;
  }
  const o = options(argv);
  const plan: [string, number, number][] = o.replay
    ? [[o.replay.split(':')[0] ?? '', Number(o.replay.split(':')[1]), Number(o.replay.split(':')[1]) + 1]]
    : Object.entries(SHARES).map(([kind, share]) => [kind, 0, Math.max(5, Math.round(o.count * share))]);
  const t0 = Date.now();
  const summaries: KindSummary[] = [];
  for (const [kind, from, to] of plan) {
    const s = await runKind(kind, o.seed, from, to);
    summaries.push(s);
    const slow = s.slowest ? `${s.slowest.ms} ms (#${s.slowest.index} ${s.slowest.what})` : '-';
    process.stdout.write(`${kind.padEnd(9)} ${String(s.inputs).padStart(5)} inputs  ${String(s.failures.length).padStart(3)} failures  peak ${Math.round(s.peakMB)} MB  slowest ${slow}\n`);
  }
  const failures = summaries.flatMap((s) => s.failures.map((f) => ({ seed: o.seed, replay: `--seed ${o.seed} --replay ${f.kind}:${f.index}`, ...f })));
  writeFileSync(o.out, JSON.stringify({ seed: o.seed, count: o.count, seconds: Math.round((Date.now() - t0) / 1000), summaries: summaries.map((s) => ({ ...s, failures: s.failures.length })), failures }, null, 2) + '\n');
  for (const f of failures) {
    process.stdout.write(`FAIL ${f.kind}#${f.index} (${f.what}): ${f.failure ?? ''}\n  replay: npm run fuzz -- ${f.replay}\n`);
  }
  process.stdout.write(`${summaries.reduce((n, s) => n + s.inputs, 0)} inputs in ${Math.round((Date.now() - t0) / 1000)} s, ${failures.length} failure(s); record: ${o.out}\n`);
  return failures.length ? 1 : 0;
}

main().then(
  (code) => {
    if (code >= 0) {
      process.exitCode = code;
    }
  },
  (e: unknown) => {
    process.stderr.write(`fuzz: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = 2;
  },
);
