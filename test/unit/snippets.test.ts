import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createAnalyzer } from '../../server/src/engine/engine';
import { SAMPLE_APP_ID, SAMPLE_REDIRECT_URI } from '../../server/src/engine/retirements/office365Auth';
import { REPO_ROOT, backend, readJson } from '../support/engineHarness';

interface Snippet {
  prefix?: unknown;
  body?: unknown;
  description?: unknown;
}

const SNIPPETS_DIR = join(REPO_ROOT, 'snippets');
const manifest = readJson<{ contributes: { snippets?: { language: string; path: string }[]; languages?: { id: string; extensions?: string[] }[] } }>(join(REPO_ROOT, 'package.json'));

/** The text a snippet inserts with every placeholder at its default (`${1:x}` → x, `${7|a,b|}` → a). */
function expanded(s: Snippet): string {
  return bodyText(s)
    .replace(/\$\{\d+:([^}]*)\}/g, '$1')
    .replace(/\$\{\d+\|([^,|]*)[^}]*\}/g, '$1');
}

/** The text a snippet inserts, with VS Code's snippet escapes (`\\`, `\$`, `\}`) resolved. */
function bodyText(s: Snippet): string {
  const body = Array.isArray(s.body) ? (s.body as string[]).join('\n') : String(s.body);
  return body.replace(/\\([\\$}])/g, '$1');
}

function snippetsOf(file: string): Record<string, Snippet> {
  return JSON.parse(readFileSync(join(SNIPPETS_DIR, file), 'utf8')) as Record<string, Snippet>;
}

describe('snippets', () => {
  const files = existsSync(SNIPPETS_DIR) ? readdirSync(SNIPPETS_DIR).filter((f) => f.endsWith('.json')) : [];

  it('there are snippet files for PowerShell, C#, XML and .reg', () => {
    for (const f of ['powershell.json', 'csharp.json', 'xml.json', 'reg.json']) {
      assert.ok(files.includes(f), `snippets/${f} exists`);
    }
  });

  for (const file of files) {
    it(`${file} is valid JSON and every snippet has prefix, body and description`, () => {
      const all = snippetsOf(file);
      assert.ok(Object.keys(all).length > 0);
      for (const [name, s] of Object.entries(all)) {
        const prefixes = Array.isArray(s.prefix) ? s.prefix : [s.prefix];
        assert.ok(prefixes.length > 0 && prefixes.every((p) => typeof p === 'string' && p.length > 0), `${name}: prefix`);
        assert.ok((typeof s.body === 'string' && s.body.length > 0) || (Array.isArray(s.body) && s.body.length > 0 && s.body.every((l) => typeof l === 'string')), `${name}: body`);
        assert.ok(typeof s.description === 'string' && s.description.length > 0, `${name}: description`);
      }
    });
  }

  it('package.json contributes every snippet file for its language, and each contributed path exists', () => {
    const contributed = manifest.contributes.snippets ?? [];
    for (const c of contributed) {
      assert.ok(existsSync(join(REPO_ROOT, c.path)), `${c.path} exists`);
    }
    const byLanguage = Object.fromEntries(contributed.map((c) => [c.language, c.path.replace(/^\.\//, '')]));
    assert.deepEqual(byLanguage, { powershell: 'snippets/powershell.json', csharp: 'snippets/csharp.json', xml: 'snippets/xml.json', reg: 'snippets/reg.json' });
    assert.ok(manifest.contributes.languages?.some((l) => l.id === 'reg' && l.extensions?.includes('.reg')), 'the reg language id exists for .reg files');
  });

  // Clean of TLS findings: DYN103 judges Get-CrmConnection itself (CrmServiceClient, ADAL), which no TLS line changes.
  it('the PowerShell snippets, placed before Get-CrmConnection, leave the script clean of TLS findings', async () => {
    for (const s of Object.values(snippetsOf('powershell.json'))) {
      const text = `${bodyText(s)}\n$conn = Get-CrmConnection -ServerUrl https://contoso.crm.dynamics.com -Credential $c -OrganizationName x\n`;
      const analyzer = createAnalyzer(await backend());
      analyzer.updateFacts('/ws/a.ps1', text);
      assert.deepEqual(analyzer.analyze('/ws/a.ps1', text).map((f) => f.ruleId).filter((id) => id.startsWith('TLS')), []);
    }
  });

  it('the DYN101 connection-string snippets (OAuth with the sample app, client secret) give no DYN101 finding in config and C#', async () => {
    const analyzer = createAnalyzer(await backend());
    for (const file of ['xml.json', 'csharp.json']) {
      const dyn = Object.entries(snippetsOf(file)).filter(([, s]) => (s.prefix as string[]).some((p) => p.startsWith('dyn-')));
      assert.deepEqual(dyn.map(([, s]) => (s.prefix as string[])[0]).sort(), ['dyn-clientsecret-connection', 'dyn-oauth-connection']);
      for (const [name, s] of dyn) {
        const line = expanded(s);
        const oauth = line.includes('AuthType=OAuth');
        assert.ok(!oauth || (line.includes(`AppId=${SAMPLE_APP_ID}`) && line.includes(`RedirectUri=${SAMPLE_REDIRECT_URI}`)), `${name}: the quick fix's values`);
        const [path, text] =
          file === 'xml.json'
            ? ['/ws/App.config', `<configuration><connectionStrings>${line}</connectionStrings></configuration>\n`]
            : ['/ws/P.cs', `using Microsoft.Xrm.Tooling.Connector;\nclass P { void M() { ${line} var c = new CrmServiceClient(connectionString); } }\n`];
        analyzer.updateFacts(path, text);
        assert.deepEqual(analyzer.analyze(path, text).filter((f) => f.ruleId === 'DYN101'), [], name);
        const legacy = text.replace(/AuthType=\w+/, 'AuthType=Office365');
        analyzer.updateFacts(path, legacy);
        assert.equal(analyzer.analyze(path, legacy).filter((f) => f.ruleId === 'DYN101').length, 1, `${name} with Office365 is a DYN101`);
      }
    }
  });

  it('the Advisory 2960358 .reg snippet is a complete body with no TLS040/TLS041 finding', async () => {
    const [s] = Object.values(snippetsOf('reg.json'));
    assert.ok(s);
    const text = bodyText(s).split('\n').join('\r\n') + '\r\n';
    assert.match(text, /^Windows Registry Editor Version 5\.00\r\n/);
    assert.equal((text.match(/=dword:00000001/g) ?? []).length, 8, 'both values under all four keys');
    const analyzer = createAnalyzer(await backend());
    assert.deepEqual(analyzer.analyze('/ws/advisory.reg', text).map((f) => f.ruleId), []);
  });
});
