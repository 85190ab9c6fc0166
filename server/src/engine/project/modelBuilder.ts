import { appendAll } from '../util/arrays';
import { collectConfigEvidence } from './configEvidence';
import { isDynamicsAssembly, isDynamicsPackage } from './dynamicsEvidence';
import { IndexedFile } from './indexedFile';
import { baseName, dirOf, joinPath } from './paths';
import { ProjectFileModel, readProjectFile } from './projectFile';
import { NO_TARGET_BEHAVIOUR, ProjectModel, PropertyTable, isStandardImport, lowestTarget, readTargets } from './projectModel';

/**
 * Builds the model of every project file among the workspace's context files: targets, output type, reference and
 * config evidence, owned config files and module manifests. Kinds and code facts are added by the index afterwards.
 */
export function buildProjectModels(files: ReadonlyMap<string, IndexedFile>): Map<string, ProjectModel> {
  const models = new Map<string, ProjectModel>();
  const byDir = contextFilesByDir(files);
  for (const f of files.values()) {
    if (f.kind === 'project') {
      models.set(f.path, buildModel(f, byDir, files));
    }
  }
  return models;
}

/** Context files grouped by their (lower-case) folder, built once per model build. */
function contextFilesByDir(files: ReadonlyMap<string, IndexedFile>): Map<string, IndexedFile[]> {
  const byDir = new Map<string, IndexedFile[]>();
  for (const f of files.values()) {
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

/** The Directory.Build.props files above a project, outermost first. */
function propsAbove(projectPath: string, byDir: Map<string, IndexedFile[]>): ProjectFileModel[] {
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

/** A project's model from its file, the props above it and the config files beside it (code facts are added later). */
function buildModel(f: IndexedFile, byDir: Map<string, IndexedFile[]>, files: ReadonlyMap<string, IndexedFile>): ProjectModel {
  const file = readProjectFile(f.path, f.xml);
  const props = propsAbove(f.path, byDir);
  const table = new PropertyTable([...props, file]);
  // A target set only in a non-Debug configuration group still names the target (Debug is evaluated first).
  const targets = readTargets(table).length > 0 ? readTargets(table) : readTargets(new PropertyTable([...props, file], 'Release'));
  const dir = dirOf(f.path);
  const opaqueImports = [...props, file].flatMap((p) => p.imports).filter((i) => !isStandardImport(i.include) && !files.has(joinPath(dirOf(i.path), i.include)));
  const noTargetElement = targets.length === 0;
  const assemblyName = table.resolve(table.definition('AssemblyName')?.value ?? '').trim() || baseName(f.path).replace(/\.[^.]+$/, '');
  const configFiles = (byDir.get(dir.toLowerCase()) ?? []).filter((c) => (c.kind === 'config' && ownsConfig(assemblyName, c.path)) || c.kind === 'packagesConfig').map((c) => c.path);
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
    testProject: undefined,
    configFiles,
    moduleManifests: (byDir.get(dir.toLowerCase()) ?? []).filter((c) => c.kind === 'psManifest').map((c) => c.path),
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
  collectReferenceEvidence(model);
  for (const c of configFiles) {
    const cf = files.get(c);
    if (cf) {
      const found = collectConfigEvidence(cf);
      appendAll(model.dynamicsEvidence, found.dynamics);
      appendAll(model.tlsEnablement, found.tlsEnablement);
    }
  }
  return model;
}

/** SDK assembly references and SDK packages as the project's (reference) Dynamics evidence. */
function collectReferenceEvidence(model: ProjectModel): void {
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

/** True when a project owns a config file in its folder (see ownsConfig), its assembly name read from its properties. */
export function projectOwnsConfig(model: ProjectModel, configPath: string): boolean {
  return ownsConfig((model.property('AssemblyName') ?? '').trim() || baseName(model.path).replace(/\.[^.]+$/, ''), configPath);
}

/**
 * True when a project whose assembly is `assemblyName` owns a config file in its folder: `X.exe.config` is the config of
 * the executable whose assembly is X (docs/facts.md#which-process-runs-the-code), never of a library beside it; any other config
 * file (app.config, web.config) belongs to the projects in its folder.
 */
function ownsConfig(assemblyName: string, configPath: string): boolean {
  const exe = /^(.+)\.exe\.config$/i.exec(baseName(configPath));
  return !exe || (exe[1] ?? '').toLowerCase() === assemblyName.toLowerCase();
}
