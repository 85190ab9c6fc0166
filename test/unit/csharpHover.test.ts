import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { describeProtocolAt } from '../../server/src/engine/csharp/protocolHover';
import { normalizePath } from '../../server/src/engine/project/paths';
import { RULE_FIXTURES, backend, scanFolder } from '../support/engineHarness';

async function hoverIn(ruleId: string, caseName: string, file: string, needle: string, delta = 0): Promise<string | undefined> {
  const dir = join(RULE_FIXTURES, ruleId, caseName, 'workspace');
  const { analyzer } = await scanFolder(dir);
  const path = normalizePath(join(dir, file));
  const text = readFileSync(path, 'utf8').replace(/^\uFEFF/, '');
  const at = text.indexOf(needle);
  assert.ok(at >= 0, `${needle} in ${file}`);
  const tree = (await backend()).parse('c_sharp', text);
  try {
    return describeProtocolAt(tree, text, at + delta, analyzer.index.ownerOf(path))?.markdown;
  } finally {
    tree.delete();
  }
}

describe('C# protocol hover', () => {
  it('decodes a cast, names the target default and says Dynamics refuses it', async () => {
    const md = await hoverIn('TLS020', 'positive-spellings-452', 'Sync/Program.cs', '(SecurityProtocolType)768', 23);
    assert.ok(md);
    assert.match(md, /`Tls11` \(768\)/);
    assert.match(md, /\.NET Framework 4\.5\.2: Ssl3 \| Tls — no TLS 1\.2/);
    assert.match(md, /refused: no TLS 1\.2/);
  });

  it('shows the set after a compound write on the project default', async () => {
    const md = await hoverIn('TLS020', 'negative-kb-and-read-only-452', 'Sync/Program.cs', 'ServicePointManager.SecurityProtocol |= SecurityProtocolType.Tls12');
    assert.ok(md);
    assert.match(md, /After this statement\*\* `Ssl3 \| Tls \| Tls12`/);
    assert.match(md, /accepted \(TLS 1\.2 is offered\)/);
  });

  it('says what it cannot resolve', async () => {
    const md = await hoverIn('TLS020', 'negative-kb-and-read-only-452', 'Sync/Program.cs', 'ServicePointManager.SecurityProtocol = GetFromConfig()');
    assert.ok(md);
    assert.match(md, /cannot be resolved/);
  });

  it('is silent away from protocol expressions', async () => {
    assert.equal(await hoverIn('TLS020', 'negative-kb-and-read-only-452', 'Sync/Program.cs', 'Console.WriteLine(help)'), undefined);
  });
});
