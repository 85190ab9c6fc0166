// Bundles the extension, the language server and the CLI with esbuild (tsc -b has already type-checked),
// and copies the web-tree-sitter runtime wasm next to the bundles.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, chmodSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
mkdirSync(dist, { recursive: true });
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  minify: process.env.DTLS_MINIFY === '1',
  logLevel: 'warning',
  // esbuild would pick web-tree-sitter's ESM build (it reads import.meta.url); the CommonJS build fits a CJS bundle.
  // jsonc-parser's "main" is a UMD build whose requires esbuild cannot follow; its ESM build bundles cleanly.
  alias: {
    'web-tree-sitter': join(root, 'node_modules/web-tree-sitter/tree-sitter.cjs'),
    'jsonc-parser': join(root, 'node_modules/jsonc-parser/lib/esm/main.js'),
  },
  // The native backend's packages are loaded at run time by the CLI only, never bundled.
  external: ['vscode', 'tree-sitter', 'tree-sitter-c-sharp/*', 'tree-sitter-powershell/*', '@tree-sitter-grammars/tree-sitter-xml'],
};
// The server and the CLI are each a bundle (`*-main.js`) and a small entry point that runs it through a V8 code cache
// (server/src/node/bundleLoader.ts); a bundle also runs on its own (`node dist/cli-main.js`), without the cache.
await Promise.all([
  build({ ...common, entryPoints: [join(root, 'client/src/extension.ts')], outfile: join(dist, 'extension.js') }),
  build({ ...common, entryPoints: [join(root, 'server/src/lsp/main.ts')], outfile: join(dist, 'server-main.js') }),
  build({ ...common, entryPoints: [join(root, 'server/src/lsp/bin.ts')], outfile: join(dist, 'server.js') }),
  build({ ...common, entryPoints: [join(root, 'server/src/cli/main.ts')], outfile: join(dist, 'cli-main.js'), banner: { js: '#!/usr/bin/env node' } }),
  build({ ...common, entryPoints: [join(root, 'server/src/cli/bin.ts')], outfile: join(dist, 'cli.js'), banner: { js: '#!/usr/bin/env node' } }),
]);
copyFileSync(join(root, 'node_modules/web-tree-sitter/tree-sitter.wasm'), join(dist, 'tree-sitter.wasm'));
chmodSync(join(dist, 'cli.js'), 0o755);
