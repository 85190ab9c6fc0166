import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { describe, it } from 'node:test';
import { REPO_ROOT } from '../support/engineHarness';
import { importCycles, importSpecifiers, resolveImport, typeScriptSources as sources } from '../support/importGraph';

const ENGINE = join(REPO_ROOT, 'server', 'src', 'engine');

/** The engine's language analyses and shared layers: they produce facts and verdicts, and the rules word them. */
const ANALYSES = ['csharp', 'powershell', 'regfile', 'config', 'project', 'parsing', 'text', 'model'];

/** `<file> imports <target>` for each relative import of the files under `from` that lands under one of `targets`. */
function importsInto(from: string, targets: readonly string[]): string[] {
  const offenders: string[] = [];
  for (const file of sources(from)) {
    for (const spec of importSpecifiers(file)) {
      const target = resolveImport(file, spec);
      if (target && targets.some((t) => target.startsWith(t + sep))) {
        offenders.push(`${relative(REPO_ROOT, file)} imports ${relative(REPO_ROOT, target)}`);
      }
    }
  }
  return offenders;
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

  it('the language analyses never import the rules layer (facts → context → rules)', () => {
    const offenders = ANALYSES.flatMap((dir) => importsInto(join(ENGINE, dir), [join(ENGINE, 'rules')]));
    assert.deepEqual(offenders, []);
  });

  it('the engine imports no adapter (language server, CLI, Node adapters, extension)', () => {
    const adapters = [join(REPO_ROOT, 'server', 'src', 'lsp'), join(REPO_ROOT, 'server', 'src', 'cli'), join(REPO_ROOT, 'server', 'src', 'node'), join(REPO_ROOT, 'client')];
    assert.deepEqual(importsInto(ENGINE, adapters), []);
  });

  it('the engine has no import cycle', () => {
    assert.deepEqual(importCycles(sources(ENGINE), REPO_ROOT), []);
  });

  it('there is no import cycle anywhere in server/src or client/src', () => {
    const all = [...sources(join(REPO_ROOT, 'server', 'src')), ...sources(join(REPO_ROOT, 'client', 'src'))];
    assert.deepEqual(importCycles(all, REPO_ROOT), []);
  });

  it('source comments cite the project\'s own docs, and every cited docs page and facts section exists', () => {
    const facts = readFileSync(join(REPO_ROOT, 'docs', 'facts.md'), 'utf8');
    const anchors = new Set([...facts.matchAll(/^## (.+)$/gm)].map((m) => (m[1] ?? '').toLowerCase().replace(/[^a-z0-9 -]/g, '').replace(/ /g, '-')));
    const offenders: string[] = [];
    for (const file of [...sources(join(REPO_ROOT, 'server', 'src')), ...sources(join(REPO_ROOT, 'client', 'src'))]) {
      const text = readFileSync(file, 'utf8');
      const where = relative(REPO_ROOT, file);
      if (/\b(RULES|FACTS|DESIGN)\.md\b/.test(text)) {
        offenders.push(`${where} cites a file outside the repository`);
      }
      for (const m of text.matchAll(/docs\/rules\/((?:TLS|DYN)\d{3})\.md/g)) {
        if (!existsSync(join(REPO_ROOT, 'docs', 'rules', `${m[1] ?? ''}.md`))) {
          offenders.push(`${where} cites docs/rules/${m[1] ?? ''}.md, which does not exist`);
        }
      }
      for (const m of text.matchAll(/docs\/facts\.md#([a-z0-9-]+)/g)) {
        if (!anchors.has(m[1] ?? '')) {
          offenders.push(`${where} cites docs/facts.md#${m[1] ?? ''}, which is not a section`);
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
