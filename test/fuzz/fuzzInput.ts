import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RULE_FIXTURES } from '../support/engineHarness';

/** The outcome of one fuzz input: a failure carries what went wrong; every input reports its time. */
export interface InputResult {
  kind: string;
  index: number;
  /** What the input was (fixture, mutation, tree shape…), so a failure says what to look at. */
  what: string;
  ms: number;
  failure?: string;
}

/** A fuzz input generator: runs input `index` of a run with `seed` and says what happened. */
export type FuzzKind = (seed: number, index: number) => Promise<InputResult>;

/** Every fixture folder of the rule fixtures (each a small workspace of one or more file kinds). */
export function fixtureFolders(): string[] {
  const out: string[] = [];
  for (const rule of readdirSync(RULE_FIXTURES).sort()) {
    for (const c of readdirSync(join(RULE_FIXTURES, rule)).sort()) {
      if (statSync(join(RULE_FIXTURES, rule, c)).isDirectory()) {
        out.push(join(RULE_FIXTURES, rule, c));
      }
    }
  }
  return out;
}

/** The files of a folder (recursively), relative paths, goldens (`*.json`) left out. */
export function filesOf(dir: string, prefix = ''): string[] {
  const out: string[] = [];
  for (const name of readdirSync(join(dir, prefix)).sort()) {
    const rel = prefix ? `${prefix}/${name}` : name;
    if (statSync(join(dir, rel)).isDirectory()) {
      out.push(...filesOf(dir, rel));
    } else if (!name.endsWith('.json')) {
      out.push(rel);
    }
  }
  return out;
}

/** Every byte of every file under a folder (links not followed), to prove a run changed nothing it should not. */
export function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const full = join(d, e.name);
      if (e.isDirectory()) {
        walk(full);
      } else if (e.isFile()) {
        try {
          out.set(full, readFileSync(full).toString('base64'));
        } catch {
          out.set(full, 'unreadable');
        }
      }
    }
  };
  walk(dir);
  return out;
}

/** The paths whose bytes differ between two snapshots. */
export function changedPaths(before: Map<string, string>, after: Map<string, string>): string[] {
  const keys = new Set([...before.keys(), ...after.keys()]);
  return [...keys].filter((k) => before.get(k) !== after.get(k));
}

/** A fresh temporary folder for one input. */
export function scratch(tag: string): string {
  return mkdtempSync(join(tmpdir(), `dtls-fuzz-${tag}-`));
}

/** Runs `body` and turns a thrown error into the input's failure. */
export async function timed(kind: string, index: number, what: string, body: () => Promise<string | undefined>): Promise<InputResult> {
  const t0 = Date.now();
  let failure: string | undefined;
  try {
    failure = await body();
  } catch (e) {
    failure = `threw: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`;
  }
  return { kind, index, what, ms: Date.now() - t0, ...(failure ? { failure } : {}) };
}
