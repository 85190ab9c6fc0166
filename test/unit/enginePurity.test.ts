import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { REPO_ROOT } from '../support/engineHarness';

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? sources(full) : full.endsWith('.ts') ? [full] : [];
  });
}

const IMPORT = /(?:import|export)[^'"]*from\s+['"]([^'"]+)['"]|require\(\s*['"]([^'"]+)['"]\s*\)|import\(\s*['"]([^'"]+)['"]\s*\)/g;

describe('architecture', () => {
  it('the engine imports neither vscode, the LSP libraries, nor process I/O modules', () => {
    const forbidden = /^(vscode|vscode-languageserver.*|vscode-languageclient.*|vscode-jsonrpc.*|(node:)?(fs|fs\/promises|child_process|net|http|https))$/;
    const offenders: string[] = [];
    for (const file of sources(join(REPO_ROOT, 'server', 'src', 'engine'))) {
      for (const m of readFileSync(file, 'utf8').matchAll(IMPORT)) {
        const spec = m[1] ?? m[2] ?? m[3] ?? '';
        if (forbidden.test(spec)) {
          offenders.push(`${relative(REPO_ROOT, file)} imports ${spec}`);
        }
      }
    }
    assert.deepEqual(offenders, []);
  });

  it('the server never writes to the console (stdout is the LSP transport)', () => {
    const offenders = sources(join(REPO_ROOT, 'server', 'src'))
      .filter((file) => /(^|[^.\w])console\.(log|info|warn|error|debug)\(/m.test(readFileSync(file, 'utf8')))
      .map((file) => relative(REPO_ROOT, file));
    assert.deepEqual(offenders, []);
  });
});
