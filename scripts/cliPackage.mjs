// Stages the standalone CLI package in a folder: the bundled CLI (dist/cli-main.js and its entry point dist/cli.js), the web-tree-sitter runtime wasm, the
// wasm grammars, the rule pages, the samples, its README and package.json. Used by pack:cli (the npm tarball) and
// pack:ado (the CLI inside the Azure Pipelines task). Needs `npm run build` first (dist/ must exist).
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const root = join(dirname(fileURLToPath(import.meta.url)), '..');
/** The CLI package's npm name. */
export const cliPackageName = 'dynamics-tls-readiness-cli';
/** The root package.json (the CLI package takes its version and metadata). */
export const rootManifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

// The native backend's packages, at the versions the extension is tested with: optional peers, never installed for you.
const nativePackages = ['tree-sitter', 'tree-sitter-c-sharp', 'tree-sitter-powershell', '@tree-sitter-grammars/tree-sitter-xml'];

/** Copies the files of a folder (recursively) whose names pass `keep` from the repository into `stage`. */
function copyFolder(stage, from, keep) {
  mkdirSync(join(stage, from), { recursive: true });
  for (const entry of readdirSync(join(root, from), { withFileTypes: true })) {
    if (entry.isDirectory()) {
      copyFolder(stage, join(from, entry.name), keep);
    } else if (keep(entry.name)) {
      copyFileSync(join(root, from, entry.name), join(stage, from, entry.name));
    }
  }
}

/** Writes the CLI package into `stage` (emptied first). */
export function stageCliPackage(stage) {
  for (const required of ['dist/cli.js', 'dist/cli-main.js', 'dist/tree-sitter.wasm']) {
    if (!existsSync(join(root, required))) {
      throw new Error(`${required} is missing: run \`npm run build\` first`);
    }
  }
  rmSync(stage, { recursive: true, force: true });
  mkdirSync(join(stage, 'dist'), { recursive: true });
  copyFileSync(join(root, 'dist/cli.js'), join(stage, 'dist/cli.js'));
  copyFileSync(join(root, 'dist/cli-main.js'), join(stage, 'dist/cli-main.js'));
  copyFileSync(join(root, 'dist/tree-sitter.wasm'), join(stage, 'dist/tree-sitter.wasm'));
  copyFolder(stage, 'grammars', (f) => f.endsWith('.wasm') || f === 'PROVENANCE.md');
  copyFolder(stage, 'docs/rules', (f) => f.endsWith('.md'));
  copyFolder(stage, 'samples', () => true);
  copyFileSync(join(root, 'LICENSE'), join(stage, 'LICENSE'));
  copyFileSync(join(root, 'packaging/cli/README.md'), join(stage, 'README.md'));
  const pkg = {
    name: cliPackageName,
    version: rootManifest.version,
    description: 'Finds what breaks Dynamics 365 / Dataverse connections when TLS 1.0 and 1.1 are refused: the command-line scanner (SARIF, Markdown, baselines) for CI.',
    license: rootManifest.license,
    homepage: rootManifest.homepage,
    repository: rootManifest.repository,
    keywords: rootManifest.keywords,
    bin: { 'tls-readiness': 'dist/cli.js' },
    engines: { node: '>=20' },
    files: ['dist/', 'grammars/', 'docs/', 'samples/', 'README.md', 'LICENSE'],
    peerDependencies: Object.fromEntries(nativePackages.map((p) => [p, rootManifest.dependencies[p]])),
    peerDependenciesMeta: Object.fromEntries(nativePackages.map((p) => [p, { optional: true }])),
  };
  writeFileSync(join(stage, 'package.json'), JSON.stringify(pkg, null, 2) + '\n');
}
