import { XmlAttribute, XmlDocument, XmlElement } from '../parsing/xmlModel';
import { appendAll } from '../util/arrays';

/**
 * Where a web.config sets its application's runtime (docs/rules/TLS013.md): the `<system.web>` sections that apply to
 * the application, the `<httpRuntime>` that decides (the first naming a targetFramework, else the first) and that
 * attribute. Located once here for the runtime owner (project/runtime.ts) and for TLS013, which places its fix there.
 */
export interface AppHttpRuntime {
  /** The section holding `runtime`, else the first applicable `<system.web>`; undefined without one. */
  systemWeb: XmlElement | undefined;
  runtime: XmlElement | undefined;
  /** The `targetFramework` attribute of `runtime`, when it has one. */
  attr: XmlAttribute | undefined;
}

const located = new WeakMap<XmlDocument, AppHttpRuntime>();

/** The application's `<httpRuntime>` of a web.config (memoised per parsed document: the runtime and TLS013 both ask). */
export function appHttpRuntime(doc: XmlDocument): AppHttpRuntime {
  let found = located.get(doc);
  if (!found) {
    const sections = systemWebSections(doc.roots.find((r) => r.localName === 'configuration'));
    const runtimes = sections.flatMap((sw) => sw.children.filter((c) => c.localName === 'httpRuntime'));
    const runtime = runtimes.find((r) => r.attributes.some((a) => a.name === 'targetFramework')) ?? runtimes[0];
    found = { systemWeb: runtime?.parent ?? sections[0], runtime, attr: runtime?.attributes.find((a) => a.name === 'targetFramework') };
    located.set(doc, found);
  }
  return found;
}

/** The `<system.web>` sections that apply to the application: under `<configuration>`, or under `<location path=".">`. */
function systemWebSections(root: XmlElement | undefined): XmlElement[] {
  const out: XmlElement[] = [];
  for (const child of root?.children ?? []) {
    if (child.localName === 'system.web') {
      out.push(child);
    } else if (child.localName === 'location' && ['', '.'].includes((child.attributes.find((a) => a.name === 'path')?.value ?? '').trim())) {
      appendAll(out, child.children.filter((c) => c.localName === 'system.web'));
    }
  }
  return out;
}
