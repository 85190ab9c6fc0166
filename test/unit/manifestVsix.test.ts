import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve, sep } from 'node:path';
import { before, describe, it } from 'node:test';
import { RULES } from '../../server/src/engine/rules/registry';
import { REPO_ROOT, readJson } from '../support/engineHarness';

/** One entry of a zip's central directory. */
interface ZipEntry {
  name: string;
  size: number;
}

/** Lists a zip file (a .vsix is one) from its central directory: names and uncompressed sizes. */
function listZip(path: string): ZipEntry[] {
  const buf = readFileSync(path);
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 65557); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  assert.ok(eocd >= 0, `${path} is not a zip file`);
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const entries: ZipEntry[] = [];
  for (let n = 0; n < count; n++) {
    assert.equal(buf.readUInt32LE(p), 0x02014b50, 'central directory entry');
    const nameLength = buf.readUInt16LE(p + 28);
    const extraLength = buf.readUInt16LE(p + 30);
    const commentLength = buf.readUInt16LE(p + 32);
    entries.push({ name: buf.toString('utf8', p + 46, p + 46 + nameLength), size: buf.readUInt32LE(p + 24) });
    p += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** What the VSIX may hold: the bundles, the grammars, rule pages, media, snippets and the manifest files. */
const ALLOWED: readonly RegExp[] = [
  /^extension\.vsixmanifest$/,
  /^\[Content_Types\]\.xml$/,
  /^extension\/(package\.json|package\.nls\.json|readme\.md|changelog\.md|LICENSE\.txt)$/,
  /^extension\/dist\/(extension|server|server-main|cli|cli-main)\.js$/,
  /^extension\/dist\/tree-sitter\.wasm$/,
  /^extension\/grammars\/tree-sitter-(c_sharp|powershell|xml)\.wasm$/,
  /^extension\/snippets\/[\w.-]+\.json$/,
  /^extension\/docs\/rules\/(?:TLS|DYN)\d{3}\.md$/,
  /^extension\/media\/[\w./-]+\.(md|png|svg|gif)$/,
];

/**
 * The packaged extension: `VSIX=<path>` (e.g. from `npm run package`), else packaged here from a staged copy of the
 * checkout with the built bundles (its `vscode:prepublish` removed, so the test never rebuilds dist/ under other tests).
 */
function packagedVsix(): string {
  if (process.env.VSIX) {
    return resolve(process.env.VSIX);
  }
  const temp = mkdtempSync(join(tmpdir(), 'dtls-vsix-'));
  const stage = join(temp, 'stage');
  const skipped = /^(node_modules|\.git|out|test-results|\.e2e)$/;
  cpSync(REPO_ROOT, stage, { recursive: true, filter: (src) => !skipped.test(relative(REPO_ROOT, src).split(sep)[0] ?? '') });
  const manifestPath = join(stage, 'package.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { scripts: Record<string, string> };
  delete manifest.scripts['vscode:prepublish'];
  writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));
  const out = join(temp, 'dynamics-tls-readiness.vsix');
  const vsce = join(REPO_ROOT, 'node_modules', '@vscode', 'vsce', 'vsce');
  const r = spawnSync(process.execPath, [vsce, 'package', '--no-dependencies', '--out', out], { cwd: stage, encoding: 'utf8', env: { ...process.env, CI: 'true' } });
  assert.equal(r.status, 0, `vsce package failed:\n${r.stdout}\n${r.stderr}`);
  return out;
}

describe('the VSIX (npm run package)', () => {
  let entries: ZipEntry[] = [];
  let names: string[] = [];
  before(() => {
    entries = listZip(packagedVsix());
    names = entries.map((e) => e.name);
  });

  it('holds only the bundles, grammars, rule pages, media, snippets and manifest files', () => {
    const unexpected = names.filter((n) => !ALLOWED.some((re) => re.test(n)));
    assert.deepEqual(unexpected, [], 'nothing else: no node_modules, tests, sources, source maps or native binaries');
  });

  it('holds no node_modules, sources, tests, source maps or native binaries', () => {
    const banned = names.filter((n) => /node_modules\/|\/(src|test|out)\/|\.(ts|map|node|so|dll|dylib|exe)$/.test(n));
    assert.deepEqual(banned, []);
  });

  it('holds everything the extension needs: its main bundle, the server, the runtime and grammar wasm, the manifest files', () => {
    const main = readJson<{ main: string }>(join(REPO_ROOT, 'package.json')).main.replace(/^\.\//, '');
    for (const required of [
      `extension/${main}`,
      'extension/dist/server.js',
      'extension/dist/server-main.js',
      'extension/dist/cli.js',
      'extension/dist/cli-main.js',
      'extension/dist/tree-sitter.wasm',
      'extension/grammars/tree-sitter-c_sharp.wasm',
      'extension/grammars/tree-sitter-powershell.wasm',
      'extension/grammars/tree-sitter-xml.wasm',
      'extension/package.json',
      'extension/package.nls.json',
      'extension/readme.md',
      'extension/changelog.md',
      'extension/LICENSE.txt',
    ]) {
      assert.ok(names.includes(required), `${required} is packaged`);
    }
    assert.ok((entries.find((e) => e.name === 'extension/dist/server-main.js')?.size ?? 0) > 10_000, 'the server bundle is not empty');
  });

  it('packages the docs page of every registered rule (the offline "Show documentation" action opens it)', () => {
    const missing = RULES.map((r) => `extension/docs/rules/${r.meta.id}.md`).filter((p) => !names.includes(p));
    assert.deepEqual(missing, []);
  });

  it('packages the walkthrough media the manifest refers to', () => {
    const manifest = readJson<{ contributes: { walkthroughs?: { steps: { media: { markdown?: string } }[] }[] } }>(join(REPO_ROOT, 'package.json'));
    const media = (manifest.contributes.walkthroughs ?? []).flatMap((w) => w.steps.map((s) => s.media.markdown)).filter((m): m is string => Boolean(m));
    assert.ok(media.length > 0);
    for (const m of media) {
      assert.ok(names.includes(`extension/${m}`), `${m} is packaged`);
    }
  });
});
