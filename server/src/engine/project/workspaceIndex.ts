import { fileKindOf } from '../model/fileKind';
import { complexityReason } from '../text/complexity';
import { ParserBackend } from '../parsing/parserPort';
import { buildXmlDocument } from '../parsing/xmlModel';
import { LineIndex, Position, Range } from '../text/lineIndex';
import { CodeFacts } from './codeFacts';
import { collectConfigEvidence } from './configEvidence';
import { IndexedFile } from './indexedFile';
import { isDynamicsAssembly, isDynamicsPackage } from './dynamicsEvidence';
import { baseName, dirOf, joinPath, normalizePath } from './paths';
import { ProjectFileModel, readProjectFile } from './projectFile';
import { projectKind } from './projectKind';
import { NO_TARGET_BEHAVIOUR, ProjectModel, PropertyTable, isStandardImport, lowestTarget, readTargets } from './projectModel';
import { linkProjectReferences } from './projectReferences';

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
    const byDir = this.modelsByDir(models);
    let dir = dirOf(p);
    for (;;) {
      const here = byDir.get(dir.toLowerCase()) ?? [];
      if (kind === 'config' || kind === 'packagesConfig') {
        return here[0];
      }
      for (const m of here) {
        if (m.sdkStyle ? kind !== 'csharp' || sdkCompiles(m, p) : includesItem(m, p)) {
          return m;
        }
      }
      if (dir === '/' || dir === '') {
        return undefined;
      }
      dir = dirOf(dir);
    }
  }

  private invalidate(): void {
    this.models = undefined;
    this.byDir = undefined;
    this.version++;
  }

  /** Projects grouped by their (lower-case) folder, so that finding a file's owner is a walk up, not a scan. */
  private modelsByDir(models: Map<string, ProjectModel>): Map<string, ProjectModel[]> {
    if (!this.byDir) {
      this.byDir = new Map();
      for (const m of models.values()) {
        const key = m.dir.toLowerCase();
        this.byDir.set(key, [...(this.byDir.get(key) ?? []), m]);
      }
    }
    return this.byDir;
  }

  private ensureModels(): Map<string, ProjectModel> {
    if (!this.models) {
      this.models = new Map();
      for (const f of this.files.values()) {
        if (f.kind === 'project') {
          this.models.set(f.path, this.buildModel(f));
        }
      }
      for (const [path, facts] of this.codeFacts) {
        // Only compiled sources feed a project: a script beside an SDK-style project is not part of its process.
        const owner = fileKindOf(path) === 'csharp' ? this.ownerOf(path) : undefined;
        if (owner) {
          owner.dynamicsEvidence.push(...facts.dynamicsClients);
          owner.tlsEnablement.push(...facts.tlsEnablement);
          owner.pluginEvidence.push(...facts.pluginClasses);
          owner.cmdletEvidence.push(...facts.cmdletClasses);
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

  private propsAbove(projectPath: string): ProjectFileModel[] {
    const out: ProjectFileModel[] = [];
    let dir = dirOf(projectPath);
    for (;;) {
      const props = [...this.files.values()].find(
        (f) => f.kind === 'buildProps' && baseName(f.path).toLowerCase() === 'directory.build.props' && dirOf(f.path).toLowerCase() === dir.toLowerCase(),
      );
      if (props) {
        out.unshift(readProjectFile(props.path, props.xml));
      }
      if (dir === '/' || dir === '') {
        return out;
      }
      dir = dirOf(dir);
    }
  }

  private buildModel(f: IndexedFile): ProjectModel {
    const file = readProjectFile(f.path, f.xml);
    const props = this.propsAbove(f.path);
    const table = new PropertyTable([...props, file]);
    // A target set only in a non-Debug configuration group still names the target (Debug is evaluated first).
    const targets = readTargets(table).length > 0 ? readTargets(table) : readTargets(new PropertyTable([...props, file], 'Release'));
    const dir = dirOf(f.path);
    const opaqueImports = [...props, file].flatMap((p) => p.imports).filter((i) => !isStandardImport(i.include) && !this.files.has(joinPath(dirOf(i.path), i.include)));
    const noTargetElement = targets.length === 0;
    const configFiles = [...this.files.values()]
      .filter((c) => (c.kind === 'config' || c.kind === 'packagesConfig') && dirOf(c.path).toLowerCase() === dir.toLowerCase())
      .map((c) => c.path);
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
        model.dynamicsEvidence.push(...found.dynamics);
        model.tlsEnablement.push(...found.tlsEnablement);
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
        });
      }
    }
  }
}

/** The positions of a file's evidence offsets, or undefined when it holds no evidence (one native line scan). */
function evidencePositionsOf(facts: CodeFacts, text: string): Map<number, Position> | undefined {
  const evidence = [...facts.dynamicsClients, ...facts.tlsEnablement, ...facts.pluginClasses, ...facts.cmdletClasses];
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

/** True when an old-style project lists the file in a Compile/None/Content item (`;` lists and `*`/`**` wildcards included). */
function includesItem(model: ProjectModel, path: string): boolean {
  const lower = path.toLowerCase();
  return model.file.items.some(
    (i) =>
      (i.type === 'Compile' || i.type === 'None' || i.type === 'Content') &&
      i.include.split(';').some((part) => part.trim() !== '' && matchesInclude(joinPath(model.dir, part.trim()).toLowerCase(), lower)),
  );
}

/** True when an item spec (`;` list, wildcards, relative to the project) names the file. */
function specNames(model: ProjectModel, spec: string, lowerPath: string): boolean {
  return spec.split(';').some((part) => part.trim() !== '' && matchesInclude(joinPath(model.dir, part.trim()).toLowerCase(), lowerPath));
}

/**
 * True when an SDK-style project compiles a C# file under its folder: not taken out by `<Compile Remove>`, and, when
 * default items are off (`EnableDefaultCompileItems`/`EnableDefaultItems` false), listed by a `<Compile Include>`.
 */
function sdkCompiles(model: ProjectModel, path: string): boolean {
  const lower = path.toLowerCase();
  const compile = model.file.items.filter((i) => i.type === 'Compile');
  if (compile.some((i) => i.metadata['Remove'] !== undefined && specNames(model, i.metadata['Remove'], lower))) {
    return false;
  }
  const off = (name: string): boolean => model.property(name)?.trim().toLowerCase() === 'false';
  return off('EnableDefaultCompileItems') || off('EnableDefaultItems') ? compile.some((i) => i.include !== '' && specNames(model, i.include, lower)) : true;
}

function matchesInclude(pattern: string, path: string): boolean {
  if (!pattern.includes('*') && !pattern.includes('?')) {
    return pattern === path;
  }
  const segments = pattern.split('/');
  // `**` spans any number of folders (a trailing one: everything below); `*` and `?` stay within one name.
  const source = segments
    .map((seg, i) => {
      const last = i === segments.length - 1;
      if (seg === '**') {
        return last ? '.*' : '(?:[^/]+/)*';
      }
      return seg.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]') + (last ? '' : '/');
    })
    .join('');
  return new RegExp(`^${source}$`).test(path);
}
