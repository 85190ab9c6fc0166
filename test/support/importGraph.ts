import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/** Every `.ts` file under a folder, recursively. */
export function typeScriptSources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? typeScriptSources(full) : full.endsWith('.ts') ? [full] : [];
  });
}

/** `import … from '…'`, `export … from '…'`, `import '…'`, `require('…')` and `import('…')` specifiers. */
const IMPORT = /(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|import\s+['"]([^'"]+)['"]|require\(\s*['"]([^'"]+)['"]\s*\)|import\(\s*['"]([^'"]+)['"]\s*\)/g;

/** The module specifiers a source file imports (type-only imports included: they are dependencies of the design too). */
export function importSpecifiers(file: string): string[] {
  return [...readFileSync(file, 'utf8').matchAll(IMPORT)].map((m) => m[1] ?? m[2] ?? m[3] ?? m[4] ?? '');
}

/** The `.ts` file a relative specifier names, or undefined for a package or a file that is not TypeScript source. */
export function resolveImport(from: string, specifier: string): string | undefined {
  if (!specifier.startsWith('.')) {
    return undefined;
  }
  const base = resolve(dirname(from), specifier);
  return [`${base}.ts`, join(base, 'index.ts')].find((candidate) => existsSync(candidate));
}

/**
 * The import cycles among the given files (each strongly connected component of more than one file, or a file that
 * imports itself), each as paths relative to `root`, sorted; Tarjan's algorithm over the relative-import graph.
 */
export function importCycles(files: readonly string[], root: string): string[][] {
  const inScope = new Set(files);
  const edges = new Map(files.map((f) => [f, importSpecifiers(f).map((s) => resolveImport(f, s)).filter((t): t is string => t !== undefined && inScope.has(t))]));
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  let next = 0;
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next);
    next++;
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) ?? 0, low.get(w) ?? 0));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v) ?? 0, index.get(w) ?? 0));
      }
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      for (let w = stack.pop(); w !== undefined; w = w === v ? undefined : stack.pop()) {
        onStack.delete(w);
        component.push(w);
      }
      if (component.length > 1 || (edges.get(v) ?? []).includes(v)) {
        cycles.push(component.map((f) => relative(root, f)).sort());
      }
    }
  };
  for (const f of files) {
    if (!index.has(f)) {
      visit(f);
    }
  }
  return cycles;
}
