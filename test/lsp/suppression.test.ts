import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { REPO_ROOT, listFiles } from '../support/engineHarness';
import { TestLspClient } from './lspClient';

/** The suppression fixtures (one per comment syntax), analysed by the server and by the CLI. */
const ROOT = join(REPO_ROOT, 'test', 'fixtures', 'suppression');
const LANGUAGES = ['csharp', 'powershell', 'xml', 'registry'];

/** What the CLI reports for a folder, as `RULE@relative/path:line` (1-based). */
function cliFindings(folder: string): string[] {
  const r = spawnSync(process.execPath, [join(REPO_ROOT, 'dist', 'cli.js'), 'scan', folder, '--format', 'json', '--fail-on', 'none'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const json = JSON.parse(r.stdout) as { baseDir: string; findings: { ruleId: string; path: string; range: { start: { line: number } } }[] };
  return json.findings.map((f) => `${f.ruleId}@${f.path.slice(json.baseDir.length + 1)}:${f.range.start.line + 1}`).sort();
}

describe('suppression comments: the language server and the CLI agree (real server over stdio)', () => {
  let client: TestLspClient;
  before(async () => {
    client = TestLspClient.start('stdio');
    await client.initialize(ROOT);
  });
  after(async () => {
    await client.stop();
  });

  for (const language of LANGUAGES) {
    it(`${language}: the diagnostics of the open files equal the CLI's findings`, async () => {
      const workspace = join(ROOT, language, 'workspace');
      const expected = cliFindings(workspace);
      assert.ok(expected.length > 0, 'the fixture keeps one finding unsuppressed');
      const actual: string[] = [];
      for (const rel of listFiles(workspace)) {
        const uri = pathToFileURL(join(workspace, rel)).toString();
        await client.connection.sendNotification('textDocument/didOpen', {
          textDocument: { uri, languageId: 'plaintext', version: 1, text: readFileSync(join(workspace, rel), 'utf8') },
        });
        const diagnostics = await client.waitForDiagnostics(uri, () => true, `diagnostics of ${rel}`);
        actual.push(...diagnostics.map((d) => `${String(d.code)}@${rel}:${d.range.start.line + 1}`));
      }
      assert.deepEqual(actual.sort(), expected);
    });
  }
});
