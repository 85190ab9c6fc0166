import { Evidence } from './dynamicsEvidence';
import { baseName } from './paths';
import { ProjectModel } from './projectModel';
import { appendAll } from '../util/arrays';

/**
 * Links `<ProjectReference>`s both ways and lets an executable or web project inherit the Dynamics evidence and TLS 1.2
 * enablement of the libraries it loads (transitively): the process decides, so a 4.5.2 exe whose library creates a
 * `CrmServiceClient` connects to Dynamics itself.
 */
export function linkProjectReferences(models: ReadonlyMap<string, ProjectModel>): void {
  const byLowerPath = new Map([...models.values()].map((m) => [m.path.toLowerCase(), m]));
  for (const m of models.values()) {
    for (const ref of m.projectReferences) {
      const target = byLowerPath.get(ref.toLowerCase());
      if (target && !target.referencedBy.includes(m.path)) {
        target.referencedBy.push(m.path);
      }
    }
  }
  for (const m of models.values()) {
    if (m.kind !== 'client' && m.kind !== 'web') {
      continue;
    }
    const seen = new Set<string>([m.path.toLowerCase()]);
    const queue = [...m.projectReferences];
    const dynamics: Evidence[] = [];
    const enablement: Evidence[] = [];
    while (queue.length > 0) {
      const ref = queue.shift() ?? '';
      const lib = byLowerPath.get(ref.toLowerCase());
      if (!lib || seen.has(lib.path.toLowerCase())) {
        continue;
      }
      seen.add(lib.path.toLowerCase());
      if (lib.kind !== 'library') {
        continue;
      }
      const via = ` (in referenced library ${baseName(lib.path)})`;
      appendAll(dynamics, lib.dynamicsEvidence.map((e) => ({ ...e, description: e.description + via })));
      appendAll(enablement, lib.tlsEnablement.map((e) => ({ ...e, description: e.description + via })));
      appendAll(queue, lib.projectReferences);
    }
    appendAll(m.dynamicsEvidence, dynamics);
    appendAll(m.tlsEnablement, enablement);
  }
}

