import { fileKindOf } from '../model/fileKind';
import { complexityReason } from '../text/complexity';
import { ParserBackend } from '../parsing/parserPort';
import { XmlDocument, buildXmlDocument } from '../parsing/xmlModel';
import { readPlainXml } from '../parsing/plainXml';
import { LineIndex, Position, Range } from '../text/lineIndex';
import { CodeFacts, workspaceClientTypes } from './codeFacts';
import type { ClientCreation } from '../csharp/csharpRecords';
import { IndexedFile } from './indexedFile';
import { Evidence, deploymentOfTarget } from './dynamicsEvidence';
import { dirOf, normalizePath } from './paths';
import { projectKind } from './projectKind';
import { ProjectModel } from './projectModel';
import { buildProjectModels, projectOwnsConfig } from './modelBuilder';
import { SharedProjects, judgingImporter } from './sharedProjects';
import { linkProjectReferences } from './projectReferences';
import { OwnershipSpecs, listsItem, ownershipSpecs, sdkCompiles } from './itemSpecs';
import { appendAll } from '../util/arrays';
import { samePlainData } from '../util/plainData';
import { moveModelEvidence, onlyOffsetsMoved } from './evidenceMove';

/** A file handed to the engine: an absolute path ('/'-separated) and its decoded text. */
export interface SourceFile {
  path: string;
  text: string;
}

/** True for the small files the index keeps: project files, Directory.Build.props, shared items, config files, module manifests. */
export function isContextFile(path: string): boolean {
  const kind = fileKindOf(path);
  return kind === 'project' || kind === 'buildProps' || kind === 'sharedItems' || kind === 'config' || kind === 'packagesConfig' || kind === 'psManifest';
}

/** An index's content as plain data, in the order it was handed in (it crosses to worker threads). */
export interface IndexSnapshot {
  files: IndexedFile[];
  facts: { path: string; facts: CodeFacts; positions: [number, Position][] }[];
}

/**
 * The project index of a workspace: built from project, props and config files (and code facts handed in by the
 * source analyses), it answers which project owns a file and what that project runs on. Pure: callers feed it text.
 */
export class WorkspaceIndex {
  private readonly files = new Map<string, IndexedFile>();
  private readonly codeFacts = new Map<string, CodeFacts>();
  /** Per source file with code facts: the LSP position of every evidence offset (the text itself is not kept). */
  private readonly evidencePositions = new Map<string, Map<number, Position>>();
  private models: Map<string, ProjectModel> | undefined;
  private byDir: Map<string, ProjectModel[]> | undefined;
  private owned: Map<string, string[]> | undefined;
  private shared: SharedProjects | undefined;
  private specs = new WeakMap<ProjectModel, OwnershipSpecs>();
  private readonly memos = new Map<string, unknown>();
  private version = 0;

  constructor(private readonly parser: ParserBackend) {}

  /** Changes whenever the index changes, so that callers can cache on it. */
  get generation(): number {
    return this.version;
  }

  /** Adds or replaces a context file (no-op for other kinds); `xml`, when given, is the text's parsed XML (from a scan cache). */
  upsert(file: SourceFile, xml?: XmlDocument): void {
    const path = normalizePath(file.path);
    const kind = fileKindOf(path);
    if (!isContextFile(path)) {
      return;
    }
    const existing = this.files.get(path);
    if (existing && existing.text === file.text) {
      return;
    }
    if (complexityReason(kind, file.text)) {
      this.remove(path);
      return;
    }
    if (kind === 'psManifest') {
      // A module manifest is PowerShell data, not XML: only its text is read (projectKind.ts).
      this.files.set(path, { path, kind, text: file.text, xml: { roots: [], hasError: false } });
      this.invalidate();
      return;
    }
    if (xml) {
      this.files.set(path, { path, kind, text: file.text, xml });
      this.invalidate();
      return;
    }
    this.files.set(path, { path, kind, text: file.text, xml: readPlainXml(file.text) ?? this.parsedXml(file.text) });
    this.invalidate();
  }

  /** A context file's element model from the XML grammar's tree (what `readPlainXml` declines to read). */
  private parsedXml(text: string): XmlDocument {
    const tree = this.parser.parse('xml', text);
    try {
      return buildXmlDocument(tree.rootNode, text);
    } finally {
      tree.delete();
    }
  }

  /** Removes a file (context file or code facts). */
  remove(path: string): void {
    const p = normalizePath(path);
    this.evidencePositions.delete(p);
    if (this.files.delete(p) || this.codeFacts.delete(p)) {
      this.invalidate();
    }
  }

  /**
   * Records what a source file contributes to its project (or clears it with undefined). With the file's text, the
   * positions of its evidence are kept so that evidence in closed source files can be shown as related information
   * (positions only; the text itself is not kept).
   */
  setCodeFacts(path: string, facts: CodeFacts | undefined, text?: string): void {
    const p = normalizePath(path);
    const before = this.codeFacts.get(p);
    const positions = facts && text !== undefined ? evidencePositionsOf(facts, text) : undefined;
    if (positions) {
      this.evidencePositions.set(p, positions);
    } else {
      this.evidencePositions.delete(p);
    }
    if (facts === undefined) {
      if (before) {
        this.codeFacts.delete(p);
        this.invalidate();
      }
      return;
    }
    // A keystroke that changed nothing the project reads keeps the project models.
    if (before && samePlainData(before, facts)) {
      return;
    }
    this.codeFacts.set(p, facts);
    // A keystroke that only moved the file's evidence (typing before a client creation) moves it in the built models.
    if (before && this.models && onlyOffsetsMoved(before, facts) && moveModelEvidence(this.models.values(), p, before, facts)) {
      this.memos.clear();
      this.version++;
      return;
    }
    this.invalidate();
  }

  /** Everything the index was handed, as plain data (context files with their parsed XML, code facts with their evidence positions). */
  snapshot(): IndexSnapshot {
    const facts = [...this.codeFacts].map(([path, f]) => ({ path, facts: f, positions: [...(this.evidencePositions.get(path) ?? [])] }));
    return { files: [...this.files.values()], facts };
  }

  /** Replaces the index's content by a snapshot of another index (a scan's worker threads analyse against the scan's index). */
  restore(snapshot: IndexSnapshot): void {
    this.files.clear();
    this.codeFacts.clear();
    this.evidencePositions.clear();
    for (const f of snapshot.files) {
      this.files.set(f.path, f);
    }
    for (const { path, facts, positions } of snapshot.facts) {
      this.codeFacts.set(path, facts);
      if (positions.length > 0) {
        this.evidencePositions.set(path, new Map(positions));
      }
    }
    this.invalidate();
  }

  /** The LSP range of offsets in a source file with code facts (UTF-16 units, as the engine's offsets are), if known. */
  sourceRange(path: string, start: number, end: number): Range | undefined {
    const positions = this.evidencePositions.get(normalizePath(path));
    const from = positions?.get(start);
    const to = positions?.get(end);
    return from && to ? { start: from, end: to } : undefined;
  }

  /** A context file by path. */
  file(path: string): IndexedFile | undefined {
    return this.files.get(normalizePath(path));
  }

  /** All context files. */
  allFiles(): IndexedFile[] {
    return [...this.files.values()];
  }

  /** All source files with code facts. */
  codeFactPaths(): string[] {
    return [...this.codeFacts.keys()];
  }

  /** Code facts of one source file. */
  factsOf(path: string): CodeFacts | undefined {
    return this.codeFacts.get(normalizePath(path));
  }

  /** Every project in the index. */
  projects(): ProjectModel[] {
    return [...this.ensureModels().values()];
  }

  /** The project model of a project file. */
  project(path: string): ProjectModel | undefined {
    return this.ensureModels().get(normalizePath(path));
  }

  /**
   * The project that owns a file: a project file owns itself; a config file belongs to the project in its folder;
   * a source file to the nearest project above it that compiles it (SDK-style: everything under its folder), else to
   * the project it is judged by among those that import it from a shared project (project/sharedProjects.ts).
   */
  ownerOf(path: string): ProjectModel | undefined {
    const p = normalizePath(path);
    const models = this.ensureModels();
    return models.get(p) ?? this.nearestOwner(p, models) ?? (fileKindOf(p) === 'csharp' ? judgingImporter(this.sharedImporters(p)) : undefined);
  }

  /** Every project that compiles a source file: its nearest owner, or each project importing it from a shared project. */
  private compilingProjects(p: string): ProjectModel[] {
    const models = this.ensureModels();
    const owner = this.nearestOwner(p, models);
    return owner ? [owner] : this.sharedImporters(p);
  }

  /** The projects that import a shared project compiling the file (its `.projitems` lists it). */
  private sharedImporters(p: string): ProjectModel[] {
    this.shared ??= new SharedProjects(this.ensureModels().values(), (f) => this.files.get(f));
    return this.shared.importersOf(p.toLowerCase());
  }

  /** The owner found by walking up from a file (its folder's config owner, or the nearest project compiling it). */
  private nearestOwner(p: string, models: Map<string, ProjectModel>): ProjectModel | undefined {
    const kind = fileKindOf(p);
    const lower = p.toLowerCase();
    const byDir = this.modelsByDir(models);
    let dir = dirOf(p);
    for (;;) {
      const here = byDir.get(dir.toLowerCase()) ?? [];
      if (kind === 'config' || kind === 'packagesConfig') {
        // `X.exe.config` belongs to the project whose assembly is X, and to no other project beside it.
        return kind === 'config' ? here.find((m) => projectOwnsConfig(m, p)) : here[0];
      }
      for (const m of here) {
        const specs = this.specsOf(m);
        if (m.sdkStyle ? kind !== 'csharp' || sdkCompiles(specs, lower) : listsItem(specs, lower)) {
          return m;
        }
      }
      if (dir === '/' || dir === '') {
        return undefined;
      }
      dir = dirOf(dir);
    }
  }

  /** The source files with code facts that a project owns (one pass over all of them per index generation). */
  ownedCodeFactPaths(projectPath: string): readonly string[] {
    if (!this.owned) {
      this.owned = new Map();
      for (const path of this.codeFacts.keys()) {
        const owner = this.ownerOf(path);
        if (owner) {
          const list = this.owned.get(owner.path);
          if (list) {
            list.push(path);
          } else {
            this.owned.set(owner.path, [path]);
          }
        }
      }
    }
    return this.owned.get(normalizePath(projectPath)) ?? [];
  }

  /**
   * Creations of the workspace's own client types (classes deriving from an SDK client type, directly or through other
   * workspace classes) in one source file: client creations as much as `new CrmServiceClient(…)` is.
   */
  subclassCreations(path: string): ClientCreation[] {
    const candidates = this.codeFacts.get(normalizePath(path))?.creationCandidates;
    if (!candidates) {
      return [];
    }
    const types = this.clientTypes();
    return types.size === 0 ? [] : candidates.filter((c) => types.has(c.typeName));
  }

  /** `subclassCreations` as project evidence, each naming the SDK type its class derives from. */
  subclassCreationEvidence(path: string): Evidence[] {
    const types = this.clientTypes();
    return this.subclassCreations(path).map((c) => {
      const where = deploymentOfTarget(c.urls, c.authType);
      const to = where?.host ? ` to ${where.host}` : where?.authType ? ` with AuthType=${where.authType}` : '';
      return { path: normalizePath(path), start: c.span.start, end: c.span.end, description: `new ${c.typeName}(…)${to} (derives from ${types.get(c.typeName) ?? 'a Dynamics client'})`, deployment: where?.deployment };
    });
  }

  /** The workspace's own client types (`workspaceClientTypes` of every file's facts), by name: the SDK type each derives from. */
  clientTypes(): ReadonlyMap<string, string> {
    return this.memo('workspace client types', () => workspaceClientTypes(this.codeFacts.values()));
  }

  /**
   * True when `text` names one of the workspace's own client types as a whole word: such a file can create one (a
   * client creation like `new CrmServiceClient(…)`) or derive from one, though it holds no trigger word of its own.
   */
  mentionsClientType(text: string): boolean {
    const pattern = this.memo('workspace client type words', () => {
      const names = [...this.clientTypes().keys()];
      return names.length === 0 ? undefined : new RegExp(`\\b(?:${names.map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})\\b`);
    });
    return pattern !== undefined && pattern.test(text);
  }

  /** A value derived from the index, computed once per index generation (per key) and dropped when the index changes. */
  memo<T>(key: string, compute: () => T): T {
    if (this.memos.has(key)) {
      return this.memos.get(key) as T;
    }
    const value = compute();
    this.memos.set(key, value);
    return value;
  }

  /** A project's item specs, compiled once per index generation. */
  private specsOf(model: ProjectModel): OwnershipSpecs {
    let specs = this.specs.get(model);
    if (!specs) {
      specs = ownershipSpecs(model);
      this.specs.set(model, specs);
    }
    return specs;
  }

  private invalidate(): void {
    this.models = undefined;
    this.byDir = undefined;
    this.owned = undefined;
    this.shared = undefined;
    this.memos.clear();
    this.specs = new WeakMap();
    this.version++;
  }

  /** Projects grouped by their (lower-case) folder, so that finding a file's owner is a walk up, not a scan. */
  private modelsByDir(models: Map<string, ProjectModel>): Map<string, ProjectModel[]> {
    if (!this.byDir) {
      this.byDir = new Map();
      for (const m of models.values()) {
        const key = m.dir.toLowerCase();
        const here = this.byDir.get(key);
        if (here) {
          here.push(m);
        } else {
          this.byDir.set(key, [m]);
        }
      }
    }
    return this.byDir;
  }

  private ensureModels(): Map<string, ProjectModel> {
    if (!this.models) {
      const models = buildProjectModels(this.files);
      this.models = models;
      for (const [path, facts] of this.codeFacts) {
        // Only compiled sources feed a project: a script beside an SDK-style project is not part of its process; a
        // shared project's file feeds every project that imports it.
        for (const owner of fileKindOf(path) === 'csharp' ? this.compilingProjects(path) : []) {
          appendAll(owner.dynamicsEvidence, facts.dynamicsClients);
          appendAll(owner.dynamicsEvidence, this.subclassCreationEvidence(path));
          appendAll(owner.dynamicsEvidence, facts.connectionLiterals ?? []);
          appendAll(owner.tlsEnablement, facts.tlsEnablement);
          appendAll(owner.pluginEvidence, facts.pluginClasses);
          appendAll(owner.cmdletEvidence, facts.cmdletClasses);
        }
      }
      const configFile = (p: string): IndexedFile | undefined => this.files.get(p);
      for (const m of models.values()) {
        m.kind = projectKind(m, configFile);
      }
      linkProjectReferences(models);
    }
    return this.models;
  }
}

/** The positions of a file's evidence offsets, or undefined when it holds no evidence (one native line scan). */
function evidencePositionsOf(facts: CodeFacts, text: string): Map<number, Position> | undefined {
  const lists: readonly (readonly { start: number; end: number }[])[] = [
    facts.dynamicsClients,
    facts.connectionLiterals ?? [],
    (facts.creationCandidates ?? []).map((c) => c.span),
    facts.tlsEnablement,
    facts.pluginClasses,
    facts.cmdletClasses,
    facts.targetSensitiveWrites ?? [],
    facts.script?.calls ?? [],
  ];
  if (lists.every((list) => list.length === 0)) {
    return undefined;
  }
  const lines = LineIndex.of(text);
  const positions = new Map<number, Position>();
  // An enabling write is also a target-sensitive one: each offset is placed once.
  for (const list of lists) {
    for (const e of list) {
      if (!positions.has(e.start)) {
        positions.set(e.start, lines.positionAt(e.start));
      }
      if (!positions.has(e.end)) {
        positions.set(e.end, lines.positionAt(e.end));
      }
    }
  }
  return positions;
}
