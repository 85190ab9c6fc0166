import { allElements } from '../parsing/xmlModel';
import { baseName } from './paths';
import { ProjectKind, ProjectModel } from './projectModel';
import { IndexedFile } from './indexedFile';
import { testProjectEvidence } from './testProject';

const WORKFLOW_SDK = /^(Microsoft\.Xrm\.Sdk\.Workflow|Microsoft\.CrmSdk\.Workflow)\b/i;

/** True when the project references the Dynamics workflow SDK (assembly, package or packages.config entry). */
export function referencesWorkflowSdk(model: ProjectModel, configFile: (path: string) => IndexedFile | undefined): boolean {
  if (model.file.items.some((i) => (i.type === 'Reference' || i.type === 'PackageReference') && WORKFLOW_SDK.test(i.include.trim()))) {
    return true;
  }
  return model.configFiles.some((c) => {
    const f = configFile(c);
    return f?.kind === 'packagesConfig' && allElements(f.xml).some((e) => e.localName === 'package' && WORKFLOW_SDK.test(e.attributes.find((a) => a.name === 'id')?.value ?? ''));
  });
}

/** True for an ASP.NET web application: the Web SDK, the WebApplication targets, or a web.config with `<system.web>`. */
export function isWebProject(model: ProjectModel, configFile: (path: string) => IndexedFile | undefined): boolean {
  if ((model.file.sdk ?? '').toLowerCase() === 'microsoft.net.sdk.web') {
    return true;
  }
  if (model.file.imports.some((i) => /WebApplication\.targets/i.test(i.include))) {
    return true;
  }
  return model.configFiles.some((c) => {
    const f = configFile(c);
    return f !== undefined && baseName(c).toLowerCase() === 'web.config' && allElements(f.xml).some((e) => e.localName === 'system.web');
  });
}

/**
 * Decides what a project builds (docs/facts.md#which-process-runs-the-code): a test project (an executable under a test
 * host, `testProject` says why), a plug-in / workflow assembly (a library with an `IPlugin` class, or a `CodeActivity`
 * class with the Dynamics workflow SDK referenced), a web app, a client exe, or a library. Plug-in evidence that does not
 * qualify is dropped from the model; a test project's plug-in classes are test doubles, not a registered assembly.
 */
export function projectKind(model: ProjectModel, configFile: (path: string) => IndexedFile | undefined): ProjectKind {
  const out = model.outputType ?? 'library';
  const executable = out === 'exe' || out === 'winexe' || out === 'appcontainerexe';
  model.testProject = testProjectEvidence(model, configFile);
  if (model.testProject) {
    model.pluginEvidence = [];
    return 'client';
  }
  const workflowSdk = referencesWorkflowSdk(model, configFile);
  model.pluginEvidence = model.pluginEvidence.filter((e) => !/CodeActivity\b/.test(e.description) || workflowSdk);
  if (!executable && model.pluginEvidence.length > 0) {
    return 'plugin';
  }
  if (isWebProject(model, configFile)) {
    return 'web';
  }
  return executable ? 'client' : 'library';
}
