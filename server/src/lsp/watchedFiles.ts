import { DidChangeWatchedFilesParams, FileChangeType } from 'vscode-languageserver';
import { fileKindOf } from '../engine/model/fileKind';
import { isContextFile } from '../engine/project/workspaceIndex';
import { readTextFile } from '../engine/scan/workspaceScan';
import { nodeFileSystem } from '../node/nodeFileSystem';
import { isExcluded } from './documentFilter';
import { grammarReady } from './grammarReady';
import { ServerCore } from './serverCore';
import { URI } from './uri';
import { WorkspaceCheck } from './workspaceCheck';

/** `workspace/didChangeWatchedFiles`: closed files that changed on disk update the index and the last check's diagnostics. */
export async function onWatchedFiles(s: ServerCore, check: WorkspaceCheck, params: DidChangeWatchedFilesParams): Promise<void> {
  const generation = s.analyzer.index.generation;
  let contextChanged = false;
  for (const change of params.changes) {
    const path = URI.toPath(change.uri);
    if (!path || fileKindOf(path) === 'other' || s.documents.byPath(path)) {
      continue;
    }
    if (change.type === FileChangeType.Deleted) {
      s.analyzer.index.remove(path);
      contextChanged = true;
    } else {
      const settings = await s.settings.get(change.uri);
      if (isExcluded(s.folders, path, settings)) {
        continue;
      }
      const read = await readTextFile(nodeFileSystem, path, settings.maxFileSizeKB * 1024);
      if ('text' in read) {
        if (isContextFile(path)) {
          s.analyzer.index.upsert({ path, text: read.text });
          contextChanged = true;
        } else {
          await grammarReady(s.analyzer.parser, path);
          s.analyzer.updateFacts(path, read.text);
        }
      }
    }
    await check.refreshClosedFile(path, change.type === FileChangeType.Deleted);
  }
  // A project or config file, or the code facts of a closed file (a dot-sourced script, a C# file that enables
  // TLS 1.2), changed what the open documents are judged against.
  if (contextChanged || s.analyzer.index.generation !== generation) {
    await s.revalidateAll();
  }
}
