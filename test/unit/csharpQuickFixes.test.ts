import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { writeFileEdits } from '../../server/src/engine/fixes/writeFixes';
import { normalizePath, relativePath } from '../../server/src/engine/project/paths';
import { nodeFileSystem } from '../../server/src/node/nodeFileSystem';
import { RULE_FIXTURES, copyToTemp, scanFolder } from '../support/engineHarness';

const update = process.env.UPDATE_GOLDENS === '1';

/**
 * Quick fixes that are not safe (never applied in bulk) still must produce exact bytes: each case applies the
 * named fix of the first finding of a rule and compares every changed file with `quickfix/<fix index>/…`.
 */
async function checkQuickFix(ruleId: string, caseName: string, fixIndex: number): Promise<void> {
  const caseDir = join(RULE_FIXTURES, ruleId, caseName);
  const temp = copyToTemp(join(caseDir, 'workspace'));
  const { result } = await scanFolder(temp);
  const finding = result.findings.find((f) => f.ruleId === ruleId);
  assert.ok(finding, `${ruleId} finding in ${caseName}`);
  const fix = finding.fixes[fixIndex];
  assert.ok(fix, `fix #${fixIndex} of ${ruleId}`);
  assert.equal(fix.safe, false, 'quick fix only');
  for (const change of fix.changes) {
    const outcome = await writeFileEdits(nodeFileSystem, change.path, change.edits, result.texts.get(change.path), false);
    assert.equal(outcome.status, 'changed');
    const rel = relativePath(normalizePath(temp), change.path);
    const expectedPath = join(caseDir, 'quickfix', String(fixIndex), rel);
    if (update) {
      mkdirSync(dirname(expectedPath), { recursive: true });
      writeFileSync(expectedPath, readFileSync(change.path));
    }
    assert.ok(existsSync(expectedPath), `${expectedPath} exists`);
    assert.ok(readFileSync(change.path).equals(readFileSync(expectedPath)), `${rel} differs from quickfix/${fixIndex}/${rel}`);
  }
}

describe('C# quick fixes (exact bytes)', () => {
  it('TLS027 inserts the KB line before the creation, keeps CRLF and BOM, adds using System.Net', () => checkQuickFix('TLS027', 'positive-console-452-crlf-bom', 0));
  it('TLS027 retargets the project to the preferred 4.8', () => checkQuickFix('TLS027', 'positive-console-452-crlf-bom', 1));
  it('TLS026 moves the late line before the creation', () => checkQuickFix('TLS026', 'positive-late-line-452', 0));
  it('TLS022 turns a pin into |= on 4.5.2', () => checkQuickFix('TLS022', 'positive-pin-452', 0));
  it('TLS023 adds DontEnableSystemDefaultTlsVersions=false to App.config (CRLF kept)', () => checkQuickFix('TLS023', 'positive-system-default-462', 0));
  it('TLS025 sets the switch to false', () => checkQuickFix('TLS025', 'positive-set-switch-true', 0));
});

describe('C# code facts feed the project model', () => {
  it('TLS001 drops to information when the code enables TLS 1.2 before any client creation', async () => {
    const { result } = await scanFolder(join(RULE_FIXTURES, 'TLS027', 'negative-enabled-and-modern', 'workspace'));
    const sync = result.findings.filter((f) => f.ruleId === 'TLS001' && f.path.endsWith('/Sync/Sync.csproj'));
    assert.equal(sync.length, 1);
    assert.equal(sync[0]?.severity, 'information');
    const late = result.findings.filter((f) => f.ruleId === 'TLS001' && f.path.endsWith('/Late/Late.csproj'));
    assert.equal(late[0]?.severity, 'error', 'a write after the client creation is not enablement');
  });

  it('a late write gives TLS026 and no TLS027 (one cause, one finding)', async () => {
    const { result } = await scanFolder(join(RULE_FIXTURES, 'TLS026', 'positive-late-line-452', 'workspace'));
    assert.equal(result.findings.filter((f) => f.ruleId === 'TLS026').length, 1);
    assert.equal(result.findings.filter((f) => f.ruleId === 'TLS027').length, 0);
  });
});
