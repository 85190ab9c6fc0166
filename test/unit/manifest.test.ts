import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { REPO_ROOT, readJson } from '../support/engineHarness';

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

interface Manifest {
  displayName: string;
  description: string;
  engines: { vscode: string };
  main: string;
  scripts: Record<string, string>;
  devDependencies: Record<string, string>;
  capabilities: { untrustedWorkspaces?: { supported: boolean | string; description?: string }; virtualWorkspaces?: { supported: boolean; description?: string } };
  contributes: {
    commands: { command: string; title: string; category?: string }[];
    configuration: { title: string; properties: Record<string, Record<string, Json>> };
    walkthroughs?: { id: string; title: string; description: string; steps: { id: string; title: string; description: string; media: { markdown?: string; image?: string } }[] }[];
  };
}

const manifestText = readFileSync(join(REPO_ROOT, 'package.json'), 'utf8');
const manifest = JSON.parse(manifestText) as Manifest;
const nls = readJson<Record<string, string>>(join(REPO_ROOT, 'package.nls.json'));

/** Every `%key%` placeholder of the manifest. */
function placeholders(): string[] {
  return [...manifestText.matchAll(/"%([^"%]+)%"/g)].map((m) => m[1] ?? '');
}

/** The user-facing strings of the manifest, with where they are (the keys VS Code shows in its UI). */
function userFacingStrings(): { where: string; value: string }[] {
  const out: { where: string; value: string }[] = [
    { where: 'displayName', value: manifest.displayName },
    { where: 'description', value: manifest.description },
    { where: 'contributes.configuration.title', value: manifest.contributes.configuration.title },
  ];
  for (const c of manifest.contributes.commands) {
    out.push({ where: `command ${c.command} title`, value: c.title });
    out.push({ where: `command ${c.command} category`, value: c.category ?? '' });
  }
  for (const [key, p] of Object.entries(manifest.contributes.configuration.properties)) {
    for (const field of ['description', 'markdownDescription', 'deprecationMessage', 'markdownDeprecationMessage']) {
      if (typeof p[field] === 'string') {
        out.push({ where: `${key} ${field}`, value: p[field] as string });
      }
    }
    for (const field of ['enumDescriptions', 'markdownEnumDescriptions']) {
      for (const v of (p[field] as string[] | undefined) ?? []) {
        out.push({ where: `${key} ${field}`, value: v });
      }
    }
  }
  for (const w of manifest.contributes.walkthroughs ?? []) {
    out.push({ where: `walkthrough ${w.id} title`, value: w.title }, { where: `walkthrough ${w.id} description`, value: w.description });
    for (const s of w.steps) {
      out.push({ where: `walkthrough step ${s.id} title`, value: s.title }, { where: `walkthrough step ${s.id} description`, value: s.description });
    }
  }
  for (const [name, cap] of Object.entries(manifest.capabilities)) {
    if (cap.description !== undefined) {
      out.push({ where: `capabilities.${name}.description`, value: cap.description });
    }
  }
  return out;
}

describe('manifest: localization (package.nls.json)', () => {
  it('every %key% of package.json has an entry in package.nls.json', () => {
    const missing = placeholders().filter((k) => typeof nls[k] !== 'string' || nls[k] === '');
    assert.deepEqual(missing, []);
  });

  it('every user-facing manifest string is a %key%, not literal text', () => {
    const literal = userFacingStrings().filter((s) => !/^%[^%]+%$/.test(s.value));
    assert.deepEqual(literal.map((s) => `${s.where}: "${s.value}"`), []);
  });

  it('package.nls.json holds no entry the manifest does not use', () => {
    const used = new Set(placeholders());
    assert.deepEqual(Object.keys(nls).filter((k) => !used.has(k)), []);
  });
});

describe('manifest: capabilities, commands, walkthrough, packaging', () => {
  it('declares workspace trust (limited: the analysis only reads text, probing needs trust) and virtual workspaces honestly', () => {
    assert.equal(manifest.capabilities.untrustedWorkspaces?.supported, 'limited');
    assert.ok(manifest.capabilities.untrustedWorkspaces?.description, 'limited support says what is restricted');
    const probe = manifest.contributes.commands.find((c) => c.command === 'dynamicsTls.probeEndpoints') as { enablement?: string } | undefined;
    assert.equal(probe?.enablement, 'isWorkspaceTrusted', 'Probe endpoints is unavailable in Restricted Mode');
    const virtual = manifest.capabilities.virtualWorkspaces;
    assert.ok(virtual, 'virtualWorkspaces is declared');
    assert.equal(virtual.supported, false, 'the analysis reads files from disk next to the file checked');
    assert.ok(virtual.description, 'an unsupported capability says why');
  });

  it('contributes the commands users expect, in the Dynamics TLS category, each registered by the client', () => {
    const ids = manifest.contributes.commands.map((c) => c.command);
    for (const id of ['dynamicsTls.checkWorkspace', 'dynamicsTls.fixAllInFile', 'dynamicsTls.restartServer', 'dynamicsTls.showOutput', 'dynamicsTls.explainError']) {
      assert.ok(ids.includes(id), `${id} is contributed`);
    }
    for (const c of manifest.contributes.commands) {
      assert.equal(nls[(c.category ?? '').replace(/%/g, '')], 'Dynamics TLS', `${c.command} is in the Dynamics TLS category`);
    }
    const clientSources = readdirSync(join(REPO_ROOT, 'client', 'src'))
      .filter((f) => f.endsWith('.ts'))
      .map((f) => readFileSync(join(REPO_ROOT, 'client', 'src', f), 'utf8'))
      .join('\n');
    const serverIds = readFileSync(join(REPO_ROOT, 'server', 'src', 'lsp', 'commandIds.ts'), 'utf8');
    for (const id of ids) {
      assert.ok(clientSources.includes(`'${id}'`) || serverIds.includes(`'${id}'`), `${id} is registered somewhere in client/src`);
    }
  });

  it('the walkthrough covers run the check, read a finding, apply a fix, CI with SARIF, and its media exist', () => {
    const walkthrough = manifest.contributes.walkthroughs?.[0];
    assert.ok(walkthrough, 'a walkthrough is contributed');
    assert.deepEqual(walkthrough.steps.map((s) => s.id), ['runCheck', 'readFinding', 'applyFix', 'ciSarif', 'explainError']);
    for (const s of walkthrough.steps) {
      const media = s.media.markdown ?? s.media.image ?? '';
      assert.ok(existsSync(join(REPO_ROOT, media)), `${media} exists`);
    }
    assert.match(nls['walkthrough.runCheck.description'] ?? '', /command:dynamicsTls\.checkWorkspace/);
  });

  it('engines.vscode matches the pinned @types/vscode (vsce refuses a newer API than the engine)', () => {
    assert.equal(manifest.engines.vscode.replace(/^\^/, ''), manifest.devDependencies['@types/vscode']);
  });

  it('`npm run package` builds a VSIX with vsce and --no-dependencies (the bundles hold every dependency)', () => {
    assert.match(manifest.scripts.package ?? '', /^vsce package --no-dependencies --out \S+\.vsix$/);
    assert.match(manifest.scripts['vscode:prepublish'] ?? '', /tsc -b && DTLS_MINIFY=1 node scripts\/build\.mjs/, 'the VSIX gets minified bundles');
    assert.ok(existsSync(join(REPO_ROOT, '.vscodeignore')));
    for (const file of ['LICENSE', 'CHANGELOG.md', 'README.md']) {
      assert.ok(existsSync(join(REPO_ROOT, file)), `${file} exists`);
    }
    assert.match(readFileSync(join(REPO_ROOT, 'LICENSE'), 'utf8'), /^MIT License/);
  });
});
