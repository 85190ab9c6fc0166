import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { REPO_ROOT } from '../support/engineHarness';

const SRC = join(REPO_ROOT, 'server', 'src');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? sources(full) : name.endsWith('.ts') ? [full] : [];
  });
}

/** Relative imports of a file (static, `import type`, `export … from`, `require` and `import()`), as source paths. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specs = [...text.matchAll(/(?:from\s+|require\(\s*|import\(\s*)'(\.{1,2}\/[^']+)'/g)].map((m) => m[1] ?? '');
  return specs.map((s) => resolve(dirname(file), s.replace(/\.js$/, '')) + '.ts');
}

/** The module graph of server/src, keyed by path relative to it. */
function graph(): Map<string, string[]> {
  const g = new Map<string, string[]>();
  for (const file of sources(SRC)) {
    g.set(relative(SRC, file), importsOf(file).map((f) => relative(SRC, f)));
  }
  return g;
}

/** Every cycle reachable from the given files, each as the path of modules around it. */
function cyclesFrom(g: Map<string, string[]>, starts: readonly string[]): string[][] {
  const cycles: string[][] = [];
  const done = new Set<string>();
  const stack: string[] = [];
  const visit = (node: string): void => {
    const at = stack.indexOf(node);
    if (at >= 0) {
      cycles.push([...stack.slice(at), node]);
      return;
    }
    if (done.has(node)) {
      return;
    }
    stack.push(node);
    (g.get(node) ?? []).forEach(visit);
    stack.pop();
    done.add(node);
  };
  starts.forEach(visit);
  return cycles;
}

describe('the adapters (server/src/lsp, server/src/cli) have no import cycles', () => {
  const g = graph();
  const adapters = [...g.keys()].filter((f) => f.startsWith('lsp/') || f.startsWith('cli/'));

  it('no cycle through any module of lsp/ or cli/', () => {
    const cycles = cyclesFrom(g, adapters).filter((c) => c.some((f) => f.startsWith('lsp/') || f.startsWith('cli/')));
    assert.deepEqual(cycles.map((c) => c.join(' → ')), []);
  });

  it('no lsp ⇄ cli folder cycle: the language server imports nothing from the CLI', () => {
    const intoCli = adapters.filter((f) => f.startsWith('lsp/')).flatMap((f) => (g.get(f) ?? []).filter((to) => to.startsWith('cli/')).map((to) => `${f} → ${to}`));
    assert.deepEqual(intoCli, []);
  });

  it('sees the edges it checks (the graph is not empty by mistake)', () => {
    assert.ok(g.get('lsp/languageServer.ts')?.includes('lsp/workspaceCheck.ts'));
    assert.ok(g.get('cli/main.ts')?.includes('lsp/server.ts'), 'the CLI starts the server (one direction only)');
  });
});
