// `npm run pack:cli`: out/dynamics-tls-readiness-cli-<version>.tgz, the standalone CLI package (see cliPackage.mjs).
// It has no runtime dependencies; the native parser (--parser native) is an optional peer a user may add.
import { execFileSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { cliPackageName, root, rootManifest, stageCliPackage } from './cliPackage.mjs';

const out = join(root, 'out');
const stage = join(out, 'cli-package');
const tarball = join(out, `${cliPackageName}-${rootManifest.version}.tgz`);
stageCliPackage(stage);
rmSync(tarball, { force: true });
execFileSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['pack', '--pack-destination', out, '--ignore-scripts', '--silent'], {
  cwd: stage,
  stdio: ['ignore', 'ignore', 'inherit'],
});
if (!existsSync(tarball)) {
  throw new Error(`npm pack did not write ${tarball}`);
}
process.stdout.write(`${tarball}\n`);
