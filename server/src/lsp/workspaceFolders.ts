import { appendAll } from '../engine/util/arrays';
import { WorkspaceFoldersChangeEvent } from 'vscode-languageserver';
import { ServerCore } from './serverCore';
import { URI } from './uri';
import { WorkspaceCheck } from './workspaceCheck';

/**
 * `workspace/didChangeWorkspaceFolders`: added folders are indexed (and so checked by the next workspace check), removed
 * ones are forgotten with their diagnostics; the open documents are then judged again against the new index.
 */
export async function changeWorkspaceFolders(s: ServerCore, check: WorkspaceCheck, event: WorkspaceFoldersChangeEvent): Promise<void> {
  const paths = (list: readonly { uri: string }[]): string[] => list.map((f) => URI.toPath(f.uri)).filter((p): p is string => Boolean(p));
  for (const removed of paths(event.removed)) {
    const at = s.folders.indexOf(removed);
    if (at >= 0) {
      s.folders.splice(at, 1);
    }
    check.forgetFolder(removed);
  }
  const added = paths(event.added).filter((p) => !s.folders.includes(p));
  appendAll(s.folders, added);
  await check.indexContext(added);
  s.log(`workspace folders: ${s.folders.join(', ') || '(none)'}`);
  await s.revalidateAll();
}
