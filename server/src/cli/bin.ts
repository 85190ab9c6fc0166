import { join } from 'node:path';
import { runBundle } from '../node/bundleLoader';

// `dist/cli.js`, the command's entry point: runs the CLI bundle (`dist/cli-main.js`) through the V8 code cache.
runBundle(join(__dirname, 'cli-main.js'), module, require, (specifier) => import(specifier));
