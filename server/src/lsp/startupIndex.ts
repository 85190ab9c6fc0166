import { isUnder } from '../engine/project/paths';
import { ProjectModel } from '../engine/project/projectModel';
import { WorkspaceIndex, isContextFile } from '../engine/project/workspaceIndex';
import { dependencyScope, projectGroups } from '../engine/scan/dependencyScope';
import { IndexFirst } from '../engine/scan/scanOptions';
import { ignoredReason } from './documentFilter';
import { grammarReady } from './grammarReady';
import { ServerParts } from './serverCore';

/**
 * The language server's start-up index and the documents waiting for it. A document open when the context files are
 * indexed whose findings depend on its project group alone (a project, config or packages.config file with an owner:
 * `dependencyScope`, as the scan cache's keys read it) has the source files its group owns indexed first, and is
 * analysed as soon as they are: the rest of the index cannot change its findings. Every other document (C# needs the
 * workspace's client types, a script the whole workspace; one opened later) waits for the complete index. The open
 * source files of those groups get their facts as their own analyses will record them (a generated file the scan's
 * gate leaves out included), so that no later analysis of theirs changes what the early documents were judged by.
 */
export class StartupIndex implements IndexFirst {
  private readonly early = new Set<string>();
  private finished = false;
  private markPicked: () => void = () => undefined;
  private markComplete: () => void = () => undefined;
  private readonly pickedOnes = new Promise<void>((resolve) => (this.markPicked = resolve));
  /** Resolves once the start-up index is complete (or failed). */
  readonly complete = new Promise<void>((resolve) => (this.markComplete = resolve));

  constructor(private readonly s: ServerParts) {}

  /** Once the context files are indexed: the source files owned by the groups of the open documents that need no more. */
  async pick(index: WorkspaceIndex): Promise<(path: string) => boolean> {
    const groups = projectGroups(index);
    const wanted = new Map<string, ProjectModel>();
    const open = this.s.documents.all();
    // Their analyses will ask the client for their settings: asked now, the answers come while the index goes on.
    open.forEach((d) => void this.s.settings.get(d.uri));
    for (const doc of open) {
      const scope = dependencyScope(index, groups, doc.path);
      if (scope.kind === 'group' && !scope.clientTypes) {
        this.early.add(doc.path);
        scope.group.forEach((m) => wanted.set(m.path, m));
      }
    }
    if (wanted.size === 0) {
      return () => false;
    }
    // A file's nearest owner is a project in one of its folders; only a shared project's file is owned from elsewhere.
    const dirs = [...wanted.values()].map((m) => m.dir);
    const shared = index.allFiles().some((f) => f.kind === 'sharedItems');
    const owned = (path: string): boolean => {
      if (!shared && !dirs.some((d) => isUnder(path, d))) {
        return false;
      }
      const owner = index.ownerOf(path);
      return owner !== undefined && wanted.has(owner.path);
    };
    for (const doc of open.filter((d) => !isContextFile(d.path) && owned(d.path))) {
      await this.recordFacts(doc.uri, doc.path);
    }
    this.s.log(`start-up index: ${this.early.size} open document(s) need only ${wanted.size} project(s), indexed first`);
    return owned;
  }

  /** An open source file's facts recorded as its own analysis records them (DocumentValidator.validate), when it does. */
  private async recordFacts(uri: string, path: string): Promise<void> {
    const settings = await this.s.settings.get(uri);
    if (ignoredReason(this.s.folders, path, settings)) {
      return;
    }
    await grammarReady(this.s.analyzer.parser, path);
    const doc = this.s.documents.prepare(uri, settings.maxFileSizeKB);
    if (doc && !doc.capped && !doc.unparsable) {
      this.s.analyzer.updateFacts(doc.path, doc.text, doc.tree);
    }
  }

  /** The picked source files are indexed: the documents that need only them can be analysed. */
  picked(): void {
    this.markPicked();
  }

  /** The start-up index is complete (or failed): every document can be analysed. */
  done(): void {
    this.finished = true;
    this.markPicked();
    this.markComplete();
  }

  /** Resolves when the index holds everything the findings of `path` depend on. */
  readyFor(path: string): Promise<void> {
    // Asked on every keystroke's analysis: once the index is complete, the one resolved promise.
    if (this.finished) {
      return this.complete;
    }
    return Promise.race([this.complete, this.pickedOnes.then(() => (this.early.has(path) ? undefined : this.complete))]);
  }
}
