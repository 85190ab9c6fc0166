import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createAnalyzer } from '../../server/src/engine/engine';
import { GrammarId } from '../../server/src/engine/model/fileKind';
import { GrammarNotLoaded, ParserBackend } from '../../server/src/engine/parsing/parserPort';
import { normalizePath } from '../../server/src/engine/project/paths';
import { DEFAULT_EXCLUDES } from '../../server/src/engine/scan/excludes';
import { scanWorkspace } from '../../server/src/engine/scan/workspaceScan';
import { createScanBackend } from '../../server/src/node/backends';
import { nodeFileSystem } from '../../server/src/node/nodeFileSystem';
import { ScanCacheFile } from '../../server/src/node/scanCacheFile';
import { REPO_ROOT } from '../support/engineHarness';
import { allFixtureWorkspaces, scanAsText } from '../support/scanWorkspaces';

/** The CLI scan's parser with a record of the grammars the scan asked it to prepare. */
async function recordingBackend(): Promise<{ parser: ParserBackend; prepared: GrammarId[] }> {
  const inner = await createScanBackend('wasm');
  const prepared: GrammarId[] = [];
  return {
    prepared,
    parser: {
      name: inner.name,
      parse: (grammar, text, previous) => inner.parse(grammar, text, previous),
      prepare: (grammar) => {
        prepared.push(grammar);
        return inner.prepare(grammar);
      },
    },
  };
}

/** A scan as `scanAsText` renders it, with the CLI scan's parser (nothing loaded until a file needs a grammar). */
async function scanWithScanBackend(dir: string, cache?: ScanCacheFile): Promise<{ text: string; prepared: GrammarId[] }> {
  const { parser, prepared } = await recordingBackend();
  const suppressed: unknown[] = [];
  const result = await scanWorkspace(nodeFileSystem, createAnalyzer(parser), {
    roots: [normalizePath(dir)],
    excludes: DEFAULT_EXCLUDES,
    maxFileSizeKB: 2048,
    onSuppressed: (finding, reason) => suppressed.push({ finding, reason }),
    cache,
  });
  const sorted = <T>(xs: T[]): string[] => xs.map((x) => JSON.stringify(x)).sort();
  const text = JSON.stringify(
    { findings: sorted(result.findings), skipped: sorted(result.skipped), suppressed: sorted(suppressed), ruleFailures: result.ruleFailures.map((f) => `${f.ruleId} ${f.path}`).sort() },
    null,
    1,
  );
  return { text, prepared };
}

describe('the CLI scan parser: nothing loaded until a file needs a grammar', () => {
  it('refuses a parse before its grammar is prepared, and parses once it is', async () => {
    const parser = await createScanBackend('wasm');
    assert.throws(() => parser.parse('xml', '<Project />'), GrammarNotLoaded);
    await parser.prepare('xml');
    const tree = parser.parse('xml', '<Project />');
    assert.equal(tree.rootNode.hasError, false);
    tree.delete();
    assert.throws(() => parser.parse('c_sharp', 'class A {}'), GrammarNotLoaded);
  });

  it('gives every fixture workspace the findings of a parser with XML loaded up front', async () => {
    const differ: string[] = [];
    for (const ws of allFixtureWorkspaces()) {
      if ((await scanWithScanBackend(ws)).text !== (await scanAsText(ws))) {
        differ.push(ws);
      }
    }
    assert.deepEqual(differ, []);
  });

  it('prepares nothing on a warm scan, and the XML grammar before the index reads a context file the plain reader declines', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'dtls-scan-backend-')), 'samples');
    cpSync(join(REPO_ROOT, 'samples'), dir, { recursive: true });
    // A DOCTYPE is outside the plain subset: the index parses this config with the grammar when it is first read.
    writeFileSync(join(dir, 'ContosoCrmSync', 'App.config'), '<?xml version="1.0"?>\r\n<!DOCTYPE configuration>\r\n<configuration>\r\n  <appSettings>\r\n    <add key="Url" value="https://contoso.crm.dynamics.com" />\r\n  </appSettings>\r\n</configuration>\r\n');
    const plain = await scanAsText(dir);
    const cacheFile = join(dir, '..', 'cache.json');
    const cold = new ScanCacheFile(cacheFile, 'test-build', 'default', () => undefined);
    const first = await scanWithScanBackend(dir, cold);
    cold.save(() => undefined);
    assert.equal(first.text, plain);
    assert.ok(first.prepared.includes('xml'));
    const warm = await scanWithScanBackend(dir, new ScanCacheFile(cacheFile, 'test-build', 'default', () => undefined));
    assert.equal(warm.text, plain);
    assert.deepEqual(warm.prepared, [], 'a warm scan loaded a grammar');
  });
});
