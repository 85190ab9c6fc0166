import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Every fixture workspace of a checkout at `root`: samples/, each `workspace` and `fixed` folder of the rule,
 * conformance, suppression and scan fixtures, and each e2e fixture folder. Only node:fs here, so that
 * scripts/findingsSnapshot.mjs loads the compiled file and walks exactly what the tests walk.
 */
export function fixtureWorkspaces(root: string): string[] {
  const found = [join(root, 'samples')];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const full = join(dir, name);
      if (!statSync(full).isDirectory()) {
        continue;
      }
      if (name === 'workspace' || name === 'fixed') {
        found.push(full);
      } else {
        walk(full);
      }
    }
  };
  for (const sub of ['rules', 'conformance', 'suppression', 'scan']) {
    const dir = join(root, 'test', 'fixtures', sub);
    if (existsSync(dir)) {
      walk(dir);
    }
  }
  const e2e = join(root, 'test', 'fixtures', 'e2e');
  if (existsSync(e2e)) {
    found.push(...readdirSync(e2e).sort().map((n) => join(e2e, n)).filter((p) => statSync(p).isDirectory()));
  }
  return found;
}
