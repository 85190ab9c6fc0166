import { join } from 'node:path';
import { runBundle } from '../node/bundleLoader';

// `dist/server.js`, the language server's entry point: runs the server bundle (`dist/server-main.js`) through the V8 code cache.
runBundle(join(__dirname, 'server-main.js'), module, require, (specifier) => import(specifier));
