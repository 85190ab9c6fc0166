import { chmodSync, cpSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { createAnalyzer } from '../../server/src/engine/engine';
import { normalizePath } from '../../server/src/engine/project/paths';
import { DEFAULT_EXCLUDES } from '../../server/src/engine/scan/excludes';
import { scanWorkspace } from '../../server/src/engine/scan/workspaceScan';
import { nodeFileSystem } from '../../server/src/node/nodeFileSystem';
import { backend } from '../support/engineHarness';
import { FuzzKind, changedPaths, filesOf, fixtureFolders, scratch, snapshot, timed } from './fuzzInput';
import { MUTATIONS, Random, mutate } from './random';

/** The longest one scan of a mutated fixture may take before it counts as a hang (the budgets make it milliseconds). */
const MAX_SCAN_MS = 10_000;

/** Scans a folder with a fresh analyzer; fails if the scan changed a byte or took too long. */
async function scanChecked(dir: string, roots: string[] = [dir]): Promise<string | undefined> {
  const before = snapshot(dir);
  const t0 = Date.now();
  await scanWorkspace(nodeFileSystem, createAnalyzer(await backend()), { roots: roots.map(normalizePath), excludes: DEFAULT_EXCLUDES, maxFileSizeKB: 2048 });
  const ms = Date.now() - t0;
  const changed = changedPaths(before, snapshot(dir));
  if (changed.length) {
    return `the scan changed ${changed.join(', ')}`;
  }
  return ms > MAX_SCAN_MS ? `the scan took ${ms} ms` : undefined;
}

/** A fixture folder with one file mutated (truncation, byte flips, splices, encodings, line endings, nesting, huge lines…). */
export const mutationInput: FuzzKind = async (seed, index) => {
  const r = Random.forInput(seed, index);
  const folders = fixtureFolders();
  const folder = r.pick(folders);
  const files = filesOf(folder);
  const file = r.pick(files);
  const how = r.pick(MUTATIONS);
  const otherFolder = r.pick(folders);
  const other = readFileSync(join(otherFolder, r.pick(filesOf(otherFolder))));
  const what = `${folder.split('/').slice(-2).join('/')}/${file} ${how}`;
  return timed('mutation', index, what, async () => {
    const dir = scratch('mut');
    try {
      cpSync(folder, dir, { recursive: true });
      writeFileSync(join(dir, file), mutate(readFileSync(join(folder, file)), other, how, r));
      return await scanChecked(dir);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
};

/** The shapes of hostile trees (100k-file folders are scaled down to 3,000 files: the walk is linear, so the shape is what matters). */
const TREE_SHAPES = ['linkLoop', 'linkOutOfRoot', 'fifo', 'unreadable', 'manyFiles', 'oddNames', 'danglingLink', 'deviceLink'] as const;

/** Builds one hostile tree beside a real fixture and scans it: it must end, change nothing, and never report what lies outside. */
export const treeInput: FuzzKind = async (seed, index) => {
  const r = Random.forInput(seed, index);
  const shape = r.pick(TREE_SHAPES);
  const folder = r.pick(fixtureFolders());
  return timed('tree', index, `${shape} + ${folder.split('/').slice(-2).join('/')}`, async () => {
    const base = scratch('tree');
    const root = join(base, 'root');
    const outside = join(base, 'outside');
    try {
      cpSync(folder, root, { recursive: true });
      mkdirSync(outside);
      writeFileSync(join(outside, 'Outside.csproj'), '<Project><PropertyGroup><OutputType>Exe</OutputType><TargetFrameworkVersion>v4.0</TargetFrameworkVersion></PropertyGroup></Project>\n');
      buildShape(shape, root, outside, r);
      const analyzer = createAnalyzer(await backend());
      const before = snapshot(base);
      const t0 = Date.now();
      const result = await scanWorkspace(nodeFileSystem, analyzer, { roots: [normalizePath(root)], excludes: DEFAULT_EXCLUDES, maxFileSizeKB: 2048 });
      const ms = Date.now() - t0;
      const changed = changedPaths(before, snapshot(base));
      if (changed.length) {
        return `the scan changed ${changed.join(', ')}`;
      }
      const escaped = result.files.filter((f) => f.startsWith(outside) || /Outside\.csproj$/.test(f));
      if (escaped.length) {
        return `analysed files outside the root: ${escaped.join(', ')}`;
      }
      return ms > MAX_SCAN_MS * (shape === 'manyFiles' ? 3 : 1) ? `the scan took ${ms} ms` : undefined;
    } finally {
      spawnSync('chmod', ['-R', 'u+rwx', base]);
      rmSync(base, { recursive: true, force: true });
    }
  });
};

function buildShape(shape: (typeof TREE_SHAPES)[number], root: string, outside: string, r: Random): void {
  switch (shape) {
    case 'linkLoop':
      mkdirSync(join(root, 'a', 'b'), { recursive: true });
      symlinkSync(root, join(root, 'a', 'b', 'loop'));
      symlinkSync(join(root, 'a'), join(root, 'a', 'b', 'up'));
      return;
    case 'linkOutOfRoot':
      symlinkSync(outside, join(root, 'outsideFolder'));
      symlinkSync(join(outside, 'Outside.csproj'), join(root, 'Linked.csproj'));
      return;
    case 'fifo':
      spawnSync('mkfifo', [join(root, r.pick(['App.csproj', 'web.config', 'Program.cs', 'deploy.ps1', 'keys.reg', 'Directory.Build.props']))]);
      return;
    case 'unreadable':
      // CI runs as root, which reads mode-000 entries anyway: the case still proves nothing changes and the scan ends.
      mkdirSync(join(root, 'locked'));
      writeFileSync(join(root, 'locked', 'Locked.csproj'), '<Project />');
      chmodSync(join(root, 'locked', 'Locked.csproj'), 0);
      chmodSync(join(root, 'locked'), 0);
      return;
    case 'manyFiles': {
      mkdirSync(join(root, 'many'));
      for (let i = 0; i < 3000; i++) {
        writeFileSync(join(root, 'many', `F${i}.${i % 10 === 0 ? 'cs' : 'txt'}`), i % 10 === 0 ? `class C${i} { }\n` : '');
      }
      return;
    }
    case 'oddNames':
      for (const name of ['new\nline.cs', 'back\\slash.csproj', ' lead.ps1', 'E\u001b[31mRED.config', '\u202egnp.cs', 'x'.repeat(200) + '.reg']) {
        writeFileSync(join(root, name), 'class A { }\n');
      }
      writeFileSync(Buffer.from([...Buffer.from(root + '/'), 0xff, 0xfe, 0x2e, 0x63, 0x73]), 'class B { }\n');
      return;
    case 'danglingLink':
      symlinkSync(join(root, 'missing.csproj'), join(root, 'Dangling.csproj'));
      return;
    case 'deviceLink':
      symlinkSync('/dev/zero', join(root, 'Zero.cs'));
      symlinkSync('/dev/urandom', join(root, 'Random.config'));
      return;
  }
}
