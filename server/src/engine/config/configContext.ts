import { Evidence, onlyOnPremises } from '../project/dynamicsEvidence';
import { ProjectModel } from '../project/projectModel';
import { configTargetOf, ladderSeverity } from '../project/runtime';
import { FrameworkTarget } from '../project/targetFramework';
import { Severity } from '../model/finding';
import { XmlDocument } from '../parsing/xmlModel';
import { appendAll } from '../util/arrays';

/** What decides a config file's findings: the process that reads it, its runtime target, and the evidence behind both. */
export interface ConfigContext {
  project: ProjectModel | undefined;
  /** The runtime target; undefined when unknown (no project owns the file, or its target is unresolved). */
  target: FrameworkTarget | undefined;
  /** How the message names the target ("the project's target .NET Framework 4.5.2"). */
  targetLabel: string;
  /** Why the file's settings matter less (a library's or a plug-in's config is not read by the process), if so. */
  hostNote: string | undefined;
  /** Evidence that the process connects only to on-premises Dynamics (findings drop to information). */
  onPremisesNote: string | undefined;
  related: Evidence[];
}

/** Works out the context of a config file owned by `project` (docs/facts.md#which-process-runs-the-code, host, deployment). */
export function configContext(path: string, doc: XmlDocument, project: ProjectModel | undefined): ConfigContext {
  const { target, source, evidence } = configTargetOf(path, doc, project);
  const related: Evidence[] = [...evidence];
  const targetLabel =
    source === 'httpRuntime' && target
      ? `the runtime target ${target.display} (httpRuntime targetFramework)`
      : target
        ? `the project's target ${target.display}`
        : project
          ? "the project's target (unresolved, see TLS005)"
          : 'no project file in this folder owns it';
  let hostNote: string | undefined;
  if (project?.kind === 'library') {
    hostNote = "a class library's config file is not read at run time: the executable that loads the library decides";
  } else if (project?.kind === 'plugin') {
    hostNote = 'a plug-in runs inside Dynamics, which ignores its config file';
  }
  let onPremisesNote: string | undefined;
  if (project && onlyOnPremises(project.dynamicsEvidence)) {
    onPremisesNote = 'its Dynamics connections go to an on-premises server, which does not refuse TLS 1.0/1.1 (TLS 1.2 is still recommended)';
    appendAll(related, project.dynamicsEvidence.filter((e) => e.deployment === 'onPremises').slice(0, 3));
  }
  return { project, target, targetLabel, hostNote, onPremisesNote, related };
}

/**
 * Lowers a severity on the one ladder (project/runtime.ts) when the host (a library's or a plug-in's config is not
 * read) or the deployment (on-premises only) says the setting cannot break a Dynamics online connection.
 */
export function contextualSeverity(base: Severity, cc: ConfigContext): { severity: Severity; note: string | undefined } {
  const note = cc.hostNote ?? cc.onPremisesNote;
  if (note && (base === 'error' || base === 'warning')) {
    return { severity: ladderSeverity(cc.hostNote ? 'library' : 'onPremises', base), note };
  }
  return { severity: base, note: undefined };
}

/** "Dynamics 365 online", or "Dynamics 365 Government" when the evidence names a US Government host. */
export function dynamicsName(evidence: readonly Evidence[]): string {
  return evidence.some((e) => /\.(microsoftdynamics|appsplatform)\.us\b/i.test(e.description)) ? 'Dynamics 365 online (Government)' : 'Dynamics 365 online';
}
