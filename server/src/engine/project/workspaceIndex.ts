import { fileKindOf } from '../model/fileKind';
import { complexityReason } from '../text/complexity';
import { ParserBackend } from '../parsing/parserPort';
import { buildXmlDocument } from '../parsing/xmlModel';
import { LineIndex, Position, Range } from '../text/lineIndex';
import { CodeFacts, workspaceClientTypes } from './codeFacts';
import type { ClientCreation } from '../csharp/csharpRecords';
import { collectConfigEvidence } from './configEvidence';
import { IndexedFile } from './indexedFile';
import { Evidence, deploymentOfTarget, isDynamicsAssembly, isDynamicsPackage } from './dynamicsEvidence';
import { baseName, dirOf, joinPath, normalizePath } from './paths';
import { ProjectFileModel, readProjectFile } from './projectFile';
import { projectKind } from './projectKind';
import { NO_TARGET_BEHAVIOUR, ProjectModel, PropertyTable, isStandardImport, lowestTarget, readTargets } from './projectModel';
import { linkProjectReferences } from './projectReferences';
import { OwnershipSpecs, listsItem, ownershipSpecs, sdkCompiles } from './itemSpecs';
import { appendAll } from '../util/arrays';

/** A file handed to the engine: an absolute path ('/'-separated) and its decoded text. */
export interface SourceFile {
  path: string;
  text: string;
}

/** True for the small files the index keeps: project files, Directory.Build.props, config files. */
export function isContextFile(path: string): boolean {
  const kind = fileKindOf(path);
  return kind === 'project' || kind === 'buildProps' || kind === 'config' || kind === 'packagesConfig';
}

/**
 * The project index of a workspace: built from project, props and config files (and code facts handed in by the
 * source analyses), it answers which project owns a file and what that project runs on. Pure: callers feed it text.
 */
export class WorkspaceIndex {
  private readonly files = new Map<string, IndexedFile>();
  private readonly codeFacts = new Map<string, CodeFacts>();
  /** Each file's facts as JSON, to tell a keystroke that changed nothing from one that did without serialising twice. */
  private readonly codeFactsJson = new Map<string, string>();
  /** Per source file with code facts: the LSP position of every evidence offset (the text itself is not kept). */
  private readonly evidencePositions = new Map<string, Map<number, Position>>();
  private models: Map<string, ProjectModel> | undefined;
  private byDir: Map<string, ProjectModel[]> | undefined;
  private owned: Map<string, string[]> | undefined;
  private specs = new WeakMap<ProjectModel, OwnershipSpecs>();
  private readonly memos = new Map<string, unknown>();
  private version = 0;

  constructor(private readonly parser: ParserBackend) {}

  /** Changes whenever the index changes, so that callers can cache on it. */
  get generation(): number {
    return this.version;
  }

  /** Adds or replaces a context file (no-op for other kinds). */
  upsert(file: SourceFile): void {
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
    const tree = this.parser.parse('xml', file.text);
    try {
      this.files.set(path, { path, kind, text: file.text, xml: buildXmlDocument(tree.rootNode, file.text) });
    } finally {
      tree.delete();
    }
    this.invalidate();
  }

  /** Removes a file (context file or code facts). */
  remove(path: string): void {
    const p = normalizePath(path);
    this.evidencePositions.delete(p);
    this.codeFactsJson.delete(p);
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
      this.codeFactsJson.delete(p);
      if (before) {
        this.codeFacts.delete(p);
        this.invalidate();
      }
      return;
    }
    const json = JSON.stringify(facts);
    if (before && this.codeFactsJson.get(p) === json) {
      return;
    }
    this.codeFacts.set(p, facts);
    this.codeFactsJson.set(p, json);
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
   * a source file to the nearest project above it that compiles it (SDK-style: everything under its folder).
   */
  ownerOf(path: string): ProjectModel | undefined {
    const p = normalizePath(path);
    const models = this.ensureModels();
    const self = models.get(p);
    if (self) {
      return self;
    }
    const kind = fileKindOf(p);
    const lower = p.toLowerCase();
    const byDir = this.modelsByDir(models);
    let dir = dirOf(p);
    for (;;) {
      const here = byDir.get(dir.toLowerCase()) ?? [];
      if (kind === 'config' || kind === 'packagesConfig') {
        return here[0];
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
    const types = this.memo('workspace client types', () => workspaceClientTypes(this.codeFacts.values()));
    return types.size === 0 ? [] : candidates.filter((c) => types.has(c.typeName));
  }

  /** `subclassCreations` as project evidence, each naming the SDK type its class derives from. */
  subclassCreationEvidence(path: string): Evidence[] {
    const types = this.memo('workspace client types', () => workspaceClientTypes(this.codeFacts.values()));
    return this.subclassCreations(path).map((c) => {
      const where = deploymentOfTarget(c.urls, c.authType);
      const to = where?.host ? ` to ${where.host}` : where?.authType ? ` with AuthType=${where.authType}` : '';
      return { path: normalizePath(path), start: c.span.start, end: c.span.end, description: `new ${c.typeName}(…)${to} (derives from ${types.get(c.typeName) ?? 'a Dynamics client'})`, deployment: where?.deployment };
    });
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
      this.models = new Map();
      const byDir = this.contextFilesByDir();
      for (const f of this.files.values()) {
        if (f.kind === 'project') {
          this.models.set(f.path, this.buildModel(f, byDir));
        }
      }
      for (const [path, facts] of this.codeFacts) {
        // Only compiled sources feed a project: a script beside an SDK-style project is not part of its process.
        const owner = fileKindOf(path) === 'csharp' ? this.ownerOf(path) : undefined;
        if (owner) {
          appendAll(owner.dynamicsEvidence, facts.dynamicsClients);
          appendAll(owner.dynamicsEvidence, this.subclassCreationEvidence(path));
          appendAll(owner.dynamicsEvidence, facts.connectionLiterals ?? []);
          appendAll(owner.tlsEnablement, facts.tlsEnablement);
          appendAll(owner.pluginEvidence, facts.pluginClasses);
          appendAll(owner.cmdletEvidence, facts.cmdletClasses);
        }
      }
      const configFile = (p: string): IndexedFile | undefined => this.files.get(p);
      for (const m of this.models.values()) {
        m.kind = projectKind(m, configFile);
      }
      linkProjectReferences(this.models);
    }
    return this.models;
  }

  /** Context files grouped by their (lower-case) folder, built once per model build. */
  private contextFilesByDir(): Map<string, IndexedFile[]> {
    const byDir = new Map<string, IndexedFile[]>();
    for (const f of this.files.values()) {
      const key = dirOf(f.path).toLowerCase();
      const here = byDir.get(key);
      if (here) {
        here.push(f);
      } else {
        byDir.set(key, [f]);
      }
    }
    return byDir;
  }

  private propsAbove(projectPath: string, byDir: Map<string, IndexedFile[]>): ProjectFileModel[] {
    const out: ProjectFileModel[] = [];
    let dir = dirOf(projectPath);
    for (;;) {
      const props = byDir.get(dir.toLowerCase())?.find((f) => f.kind === 'buildProps' && baseName(f.path).toLowerCase() === 'directory.build.props');
      if (props) {
        out.unshift(readProjectFile(props.path, props.xml));
      }
      if (dir === '/' || dir === '') {
        return out;
      }
      dir = dirOf(dir);
    }
  }

  private buildModel(f: IndexedFile, byDir: Map<string, IndexedFile[]>): ProjectModel {
    const file = readProjectFile(f.path, f.xml);
    const props = this.propsAbove(f.path, byDir);
    const table = new PropertyTable([...props, file]);
    // A target set only in a non-Debug configuration group still names the target (Debug is evaluated first).
    const targets = readTargets(table).length > 0 ? readTargets(table) : readTargets(new PropertyTable([...props, file], 'Release'));
    const dir = dirOf(f.path);
    const opaqueImports = [...props, file].flatMap((p) => p.imports).filter((i) => !isStandardImport(i.include) && !this.files.has(joinPath(dirOf(i.path), i.include)));
    const noTargetElement = targets.length === 0;
    const configFiles = (byDir.get(dir.toLowerCase()) ?? []).filter((c) => c.kind === 'config' || c.kind === 'packagesConfig').map((c) => c.path);
    const model: ProjectModel = {
      path: f.path,
      dir,
      file,
      props,
      sdkStyle: file.sdkStyle,
      targets,
      lowestTarget: noTargetElement && !file.sdkStyle && opaqueImports.length === 0 ? NO_TARGET_BEHAVIOUR : lowestTarget(targets),
      outputType: table.resolve(table.definition('OutputType')?.value ?? '').toLowerCase() || undefined,
      kind: 'library',
      dynamicsEvidence: [],
      tlsEnablement: [],
      pluginEvidence: [],
      cmdletEvidence: [],
      configFiles,
      toolsVersion: file.toolsVersion,
      noTargetElement,
      opaqueImports,
      projectReferences: file.items.filter((i) => i.type === 'ProjectReference' && i.include).map((i) => joinPath(dir, i.include)),
      referencedBy: [],
      property: (name: string) => {
        const def = table.definition(name);
        return def ? table.resolve(def.value) : undefined;
      },
    };
    this.collectReferenceEvidence(model);
    for (const c of configFiles) {
      const cf = this.files.get(c);
      if (cf) {
        const found = collectConfigEvidence(cf);
        appendAll(model.dynamicsEvidence, found.dynamics);
        appendAll(model.tlsEnablement, found.tlsEnablement);
      }
    }
    return model;
  }

  private collectReferenceEvidence(model: ProjectModel): void {
    for (const item of [...model.props.flatMap((p) => p.items), ...model.file.items]) {
      const name = item.include.split(',')[0] ?? '';
      if ((item.type === 'Reference' && isDynamicsAssembly(name)) || (item.type === 'PackageReference' && isDynamicsPackage(name))) {
        model.dynamicsEvidence.push({
          path: item.path,
          start: item.element.start,
          end: item.element.startTagEnd,
          description: `${item.type === 'Reference' ? 'reference to' : 'package'} ${name}`,
          reference: true,
        });
      }
    }
  }
}

/** The positions of a file's evidence offsets, or undefined when it holds no evidence (one native line scan). */
function evidencePositionsOf(facts: CodeFacts, text: string): Map<number, Position> | undefined {
  const candidates = (facts.creationCandidates ?? []).map((c) => c.span);
  const evidence = [...facts.dynamicsClients, ...(facts.connectionLiterals ?? []), ...candidates, ...facts.tlsEnablement, ...facts.pluginClasses, ...facts.cmdletClasses];
  if (evidence.length === 0) {
    return undefined;
  }
  const lines = LineIndex.of(text);
  const positions = new Map<number, Position>();
  for (const e of evidence) {
    positions.set(e.start, lines.positionAt(e.start));
    positions.set(e.end, lines.positionAt(e.end));
  }
  return positions;
}
