import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { Analyzer } from '../../server/src/engine/analyzer';
import { createAnalyzer } from '../../server/src/engine/engine';
import { planSafeFixes } from '../../server/src/engine/rules/safeFixes';
import { writeFileEdits } from '../../server/src/engine/fixes/writeFixes';
import { Finding } from '../../server/src/engine/model/finding';
import { ParserBackend, ParserBackendName } from '../../server/src/engine/parsing/parserPort';
import { normalizePath, relativePath } from '../../server/src/engine/project/paths';
import { DEFAULT_EXCLUDES } from '../../server/src/engine/scan/excludes';
import { ScanResult, scanWorkspace } from '../../server/src/engine/scan/workspaceScan';
import { locateRoot } from '../../server/src/node/assets';
import { createBackend } from '../../server/src/node/backends';
import { nodeFileSystem } from '../../server/src/node/nodeFileSystem';

/** The repository root (holds grammars/, test/fixtures/, dist/). */
export const REPO_ROOT = locateRoot(__dirname);
/** The rule fixtures: test/fixtures/rules/<ID>/<positive-…|negative-…>/. */
export const RULE_FIXTURES = join(REPO_ROOT, 'test', 'fixtures', 'rules');

const backends = new Map<ParserBackendName, Promise<ParserBackend>>();

/** A parser backend, created once per test process. */
export function backend(name: ParserBackendName = 'wasm'): Promise<ParserBackend> {
  let b = backends.get(name);
  if (!b) {
    b = createBackend(name);
    backends.set(name, b);
  }
  return b;
}

/** A finding as goldens record it: paths relative to the scanned folder, 1-based lines and columns. */
export interface GoldenFinding {
  ruleId: string;
  severity: string;
  path: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  message: string;
}

/** Converts findings to their golden form. */
export function toGolden(findings: readonly Finding[], baseDir: string): GoldenFinding[] {
  return findings.map((f) => ({
    ruleId: f.ruleId,
    severity: f.severity,
    path: relativePath(baseDir, f.path),
    line: f.range.start.line + 1,
    column: f.range.start.character + 1,
    endLine: f.range.end.line + 1,
    endColumn: f.range.end.character + 1,
    message: f.message,
  }));
}

/** Scans a folder with a fresh analyzer (default settings) and returns the analyzer and the result. */
export async function scanFolder(dir: string, parser: ParserBackendName = 'wasm'): Promise<{ analyzer: Analyzer; result: ScanResult }> {
  const analyzer = createAnalyzer(await backend(parser));
  const result = await scanWorkspace(nodeFileSystem, analyzer, { roots: [normalizePath(dir)], excludes: DEFAULT_EXCLUDES, maxFileSizeKB: 2048 });
  return { analyzer, result };
}

/** Copies a folder to a fresh temporary folder (fix tests never touch the fixtures). */
export function copyToTemp(dir: string): string {
  const target = mkdtempSync(join(tmpdir(), 'dtls-'));
  cpSync(dir, target, { recursive: true });
  return target;
}

/** Applies the safe fixes of the given rules to a folder on disk, as `tls-readiness fix --rule …` does. */
export async function applySafeFixes(dir: string, rules?: readonly string[]): Promise<string[]> {
  const { result } = await scanFolder(dir);
  const plan = planSafeFixes(result.findings, rules ? new Set(rules) : undefined);
  const changed: string[] = [];
  for (const [path, edits] of plan.edits) {
    const outcome = await writeFileEdits(nodeFileSystem, path, edits, result.texts.get(path), false);
    if (outcome.status === 'changed') {
      changed.push(relativePath(normalizePath(dir), path));
    }
  }
  return changed.sort();
}

/** Every file under a folder, as relative paths. */
export function listFiles(dir: string): string[] {
  if (!existsSync(dir)) {
    return [];
  }
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const full = join(d, name);
      if (statSync(full).isDirectory()) {
        walk(full);
      } else {
        out.push(relative(dir, full).split('\\').join('/'));
      }
    }
  };
  walk(dir);
  return out.sort();
}

/** Reads a JSON file. */
export function readJson<T>(path: string): T {
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}
