// `npm run pack:ado`: stages the Azure DevOps extension in out/ado/ — the manifest, the task (task.json, the entry script
// bundled with azure-pipelines-task-lib, and the CLI package under cli/) — and packages it with tfx-cli into
// out/dynamics-tls-readiness-tasks-<version>.vsix. `--stage-only` stops before tfx. Needs `npm run build` first.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { root, stageCliPackage } from './cliPackage.mjs';

const source = join(root, 'azure-pipelines');
const stage = join(root, 'out', 'ado');
const task = join(stage, 'TlsReadinessScan');
const manifest = JSON.parse(readFileSync(join(source, 'vss-extension.json'), 'utf8'));
const vsix = join(root, 'out', `${manifest.id}-${manifest.version}.vsix`);

rmSync(stage, { recursive: true, force: true });
stageCliPackage(join(task, 'cli'));
copyFileSync(join(source, 'vss-extension.json'), join(stage, 'vss-extension.json'));
copyFileSync(join(source, 'overview.md'), join(stage, 'overview.md'));
copyFileSync(join(source, 'TlsReadinessScan', 'task.json'), join(task, 'task.json'));
copyFileSync(join(root, 'LICENSE'), join(stage, 'LICENSE'));
await build({
  entryPoints: [join(source, 'TlsReadinessScan', 'src', 'index.ts')],
  outfile: join(task, 'index.js'),
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  logLevel: 'warning',
});

if (!process.argv.includes('--stage-only')) {
  rmSync(vsix, { force: true });
  mkdirSync(join(root, 'out'), { recursive: true });
  execFileSync(process.execPath, [join(root, 'node_modules', 'tfx-cli', '_build', 'tfx-cli.js'), 'extension', 'create', '--root', stage, '--manifest-globs', 'vss-extension.json', '--output-path', vsix, '--no-prompt'], {
    cwd: stage,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (!existsSync(vsix)) {
    throw new Error(`tfx did not write ${vsix}`);
  }
  process.stdout.write(`${vsix}\n`);
}
