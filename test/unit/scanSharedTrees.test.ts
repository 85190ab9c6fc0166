import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createAnalyzer } from '../../server/src/engine/engine';
import { GrammarId } from '../../server/src/engine/model/fileKind';
import { ParserBackend, SyntaxTree } from '../../server/src/engine/parsing/parserPort';
import { normalizePath } from '../../server/src/engine/project/paths';
import { scanWorkspace } from '../../server/src/engine/scan/workspaceScan';
import { TreeBudget } from '../../server/src/engine/scan/treeBudget';
import { nodeFileSystem } from '../../server/src/node/nodeFileSystem';
import { REPO_ROOT, backend, listFiles } from '../support/engineHarness';

/** The same script in two folders: it dot-sources its folder's helper, so what it is judged depends on where it is. */
const CONNECT = '. "$PSScriptRoot\\Tls.ps1"\n$conn = Get-CrmConnection -ConnectionString "AuthType=OAuth;Url=https://contoso.crm.dynamics.com;AppId=x;RedirectUri=app://y"\n';
const ENABLES = '[Net.ServicePointManager]::SecurityProtocol = [Net.ServicePointManager]::SecurityProtocol -bor [Net.SecurityProtocolType]::Tls12\n';
const LEAVES = '# SecurityProtocol is left as the machine has it\nWrite-Host "no TLS line here"\n';

/** A backend that counts how often each text is parsed, and the trees it handed out that were deleted. */
function counting(inner: ParserBackend, counts: Map<string, number>, deleted: Set<SyntaxTree>): ParserBackend {
  return {
    name: inner.name,
    parse(grammar: GrammarId, text: string, previous?: SyntaxTree): SyntaxTree {
      counts.set(text, (counts.get(text) ?? 0) + 1);
      const tree = inner.parse(grammar, text, previous);
      const free = tree.delete.bind(tree);
      tree.delete = () => {
        assert.ok(!deleted.has(tree), 'a tree is deleted once');
        deleted.add(tree);
        free();
      };
      return tree;
    },
    prepare: (grammar) => inner.prepare(grammar),
  };
}

/** A scan's findings as sorted JSON lines (the CLI's order does not matter here), then every file's code facts. */
async function scanFindings(parser: ParserBackend, roots: string[], keptTreeBudget?: number): Promise<string[]> {
  const analyzer = createAnalyzer(parser);
  const result = await scanWorkspace(nodeFileSystem, analyzer, { roots: roots.map(normalizePath), excludes: [], maxFileSizeKB: 1024, keptTreeBudget });
  const facts = analyzer.index
    .codeFactPaths()
    .sort()
    .map((path) => `facts ${path} ${JSON.stringify(analyzer.index.factsOf(path))}`);
  return [...result.findings.map((f) => JSON.stringify(f)).sort(), ...facts];
}

describe('workspace scan: PowerShell files of the same text share one tree', () => {
  let root = '';
  before(() => {
    root = mkdtempSync(join(tmpdir(), 'dtls-shared-trees-'));
    for (const [folder, helper] of [
      ['a', ENABLES],
      ['b', LEAVES],
      ['c', LEAVES],
    ] as const) {
      mkdirSync(join(root, folder));
      writeFileSync(join(root, folder, 'Connect.ps1'), CONNECT);
      writeFileSync(join(root, folder, 'Tls.ps1'), helper);
    }
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('parses the text once, judges each copy where it is, and finds (and records) what a scan that keeps no tree does', async () => {
    const counts = new Map<string, number>();
    const deleted = new Set<SyntaxTree>();
    const shared = await scanFindings(counting(await backend(), counts, deleted), [root]);
    assert.equal(counts.get(CONNECT), 1, 'three copies, one parse');
    assert.equal(counts.get(LEAVES), 1, 'two copies, one parse');
    // Without kept trees every file is parsed on its own in both passes: nothing can be shared.
    const apart = await scanFindings(await backend(), [root], 0);
    assert.deepEqual(shared, apart);
    const connects = shared.filter((f) => f.includes('Connect.ps1') && f.includes('"TLS030"'));
    assert.ok(!connects.some((f) => f.includes(`${normalizePath(join(root, 'a'))}/`)), 'the copy whose helper enables TLS 1.2 has no TLS030');
    for (const folder of ['b', 'c']) {
      assert.ok(connects.some((f) => f.includes(`${normalizePath(join(root, folder))}/Connect.ps1`)), `the copy in ${folder} is judged by its own helper`);
    }
  });

  it('frees a shared tree once, after the last file that shares it', async () => {
    const counts = new Map<string, number>();
    const deleted = new Set<SyntaxTree>();
    const analyzer = createAnalyzer(counting(await backend(), counts, deleted));
    await analyzer.parser.prepare('powershell');
    const budget = new TreeBudget();
    const first = budget.parse(analyzer, '/w/a/Connect.ps1', CONNECT);
    const second = budget.parse(analyzer, '/w/b/Connect.ps1', CONNECT);
    assert.ok(first && first === second);
    budget.drop('/w/a/Connect.ps1');
    assert.ok(!deleted.has(first), 'still shared by b');
    assert.equal(budget.get('/w/b/Connect.ps1')?.rootNode.type, 'program');
    budget.drop('/w/b/Connect.ps1');
    assert.ok(deleted.has(first));
    const third = budget.parse(analyzer, '/w/c/Connect.ps1', CONNECT);
    assert.ok(third && third !== first, 'a freed tree is never handed out again');
    budget.parse(analyzer, '/w/d/Connect.ps1', CONNECT);
    budget.clear();
    assert.ok(deleted.has(third), 'clear frees a shared tree once');
  });

  it('every fixture workspace with its scripts copied into a second folder: the same findings and facts as scans that keep no tree', async () => {
    const fixtures = join(REPO_ROOT, 'test', 'fixtures');
    const workspaces = [...new Set(listFiles(fixtures).filter((p) => /\.(ps1|psm1)$/i.test(p) && p.includes('/workspace/')).map((p) => p.slice(0, p.indexOf('/workspace/') + '/workspace'.length)))];
    assert.ok(workspaces.length > 30, 'many fixture workspaces hold scripts');
    const parser = await backend();
    const differing: string[] = [];
    for (const workspace of workspaces) {
      const copy = mkdtempSync(join(tmpdir(), 'dtls-shared-fixture-'));
      try {
        // The workspace twice, side by side: every script has a twin of the same text in the other folder.
        for (const twin of ['one', 'two']) {
          for (const file of listFiles(join(fixtures, workspace))) {
            mkdirSync(join(copy, twin, file, '..'), { recursive: true });
            writeFileSync(join(copy, twin, file), readFileSync(join(fixtures, workspace, file)));
          }
        }
        const shared = await scanFindings(parser, [copy]);
        const apart = await scanFindings(parser, [copy], 0);
        if (JSON.stringify(shared) !== JSON.stringify(apart)) {
          differing.push(workspace);
        }
      } finally {
        rmSync(copy, { recursive: true, force: true });
      }
    }
    assert.deepEqual(differing, []);
  });
});

