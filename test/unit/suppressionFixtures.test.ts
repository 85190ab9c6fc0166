import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Finding } from '../../server/src/engine/model/finding';
import { relativePath } from '../../server/src/engine/project/paths';
import { REPO_ROOT, copyToTemp, listFiles, scanFolder } from '../support/engineHarness';

/**
 * Suppression with the real rules, one fixture per comment syntax (test/fixtures/suppression/<language>/workspace):
 * the `suppressed` findings are silenced by next-line, line and file comments, the `kept` ones are not.
 */
const CASES: { language: string; ruleId: string; suppressed: string[]; kept: string[] }[] = [
  {
    language: 'csharp',
    ruleId: 'TLS020',
    suppressed: ['Contoso/Tls.cs:10', 'Contoso/Tls.cs:15', 'Contoso/Tls.cs:21', 'Contoso/Generated.cs:8'],
    kept: ['Contoso/Tls.cs:26'],
  },
  {
    language: 'powershell',
    ruleId: 'TLS031',
    suppressed: ['scripts/OldModule.psm1:4', 'scripts/Set-Protocol.ps1:2', 'scripts/Set-Protocol.ps1:3', 'scripts/Set-Protocol.ps1:5'],
    kept: ['scripts/Set-Protocol.ps1:6'],
  },
  {
    language: 'xml',
    ruleId: 'TLS010',
    suppressed: ['Service/App.config:5', 'Service/Legacy.exe.config:5', 'Service/Worker.exe.config:4'],
    kept: ['Service/Other.exe.config:4'],
  },
  {
    language: 'registry',
    ruleId: 'TLS040',
    suppressed: ['registry/crypto.reg:5', 'registry/crypto.reg:9', 'registry/lab.reg:5', 'registry/lab.reg:6'],
    kept: ['registry/crypto.reg:12', 'registry/crypto.reg:15'],
  },
];

function where(findings: readonly Finding[], ruleId: string, baseDir: string): string[] {
  return findings
    .filter((f) => f.ruleId === ruleId)
    .map((f) => `${relativePath(baseDir, f.path)}:${f.range.start.line + 1}`)
    .sort();
}

describe('suppression with the real rules (fixtures per comment syntax)', () => {
  for (const c of CASES) {
    const workspace = join(REPO_ROOT, 'test', 'fixtures', 'suppression', c.language, 'workspace');

    it(`${c.language}: the suppressed ${c.ruleId} findings are gone, the other stays, no TLS090`, async () => {
      const { result } = await scanFolder(workspace);
      assert.deepEqual(where(result.findings, c.ruleId, result.baseDir), [...c.kept].sort());
      assert.deepEqual(where(result.findings, 'TLS090', result.baseDir), [], 'every suppression is used');
    });

    it(`${c.language}: with the comments made inert, every ${c.ruleId} finding is back on its line`, async () => {
      const copy = copyToTemp(workspace);
      for (const rel of listFiles(copy)) {
        const path = join(copy, rel);
        writeFileSync(path, readFileSync(path, 'latin1').replace(/tls-readiness-disable/g, 'tls-readiness-example'), 'latin1');
      }
      const { result } = await scanFolder(copy);
      assert.deepEqual(where(result.findings, c.ruleId, result.baseDir), [...c.suppressed, ...c.kept].sort());
    });

    it(`${c.language}: the native parser honours the same comments (CLI --parser native)`, async () => {
      const wasm = await scanFolder(workspace, 'wasm');
      const native = await scanFolder(workspace, 'native');
      const brief = (fs: readonly Finding[], base: string): string[] => fs.map((f) => `${f.ruleId}@${relativePath(base, f.path)}:${f.range.start.line + 1}`);
      assert.deepEqual(brief(native.result.findings, native.result.baseDir), brief(wasm.result.findings, wasm.result.baseDir));
    });
  }
});
