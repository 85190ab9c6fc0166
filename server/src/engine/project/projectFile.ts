import { XmlDocument, XmlElement, attributeValue, childElements } from '../parsing/xmlModel';

/** One `<Property>` inside a PropertyGroup, with the configuration its condition selects (if any). */
export interface MsBuildProperty {
  name: string;
  value: string;
  element: XmlElement;
  group: XmlElement;
  /** The `Configuration` the group's or the element's condition selects ("Debug"), or undefined when unconditional. */
  configuration: string | undefined;
  /** The raw condition text, when there is one. */
  condition: string | undefined;
  /** Path of the file that defines the property (the project or a Directory.Build.props). */
  path: string;
}

/** An item (`Reference`, `PackageReference`, `Compile`, `Content`, `None`, `Import` …) with its metadata. */
export interface MsBuildItem {
  type: string;
  include: string;
  element: XmlElement;
  metadata: Record<string, string>;
  path: string;
}

/** What a project (or props) file says, before resolution against the workspace. */
export interface ProjectFileModel {
  path: string;
  sdkStyle: boolean;
  sdk: string | undefined;
  toolsVersion: string | undefined;
  properties: MsBuildProperty[];
  propertyGroups: XmlElement[];
  items: MsBuildItem[];
  imports: MsBuildItem[];
  root: XmlElement | undefined;
}

const CONFIGURATION_IN_CONDITION = /'\$\(Configuration\)(?:\|\$\(Platform\))?'\s*==\s*'([^'|]*)/i;

/** Extracts the configuration name a condition like `'$(Configuration)|$(Platform)' == 'Debug|AnyCPU'` selects. */
export function configurationOf(condition: string | undefined): string | undefined {
  if (!condition) {
    return undefined;
  }
  const m = CONFIGURATION_IN_CONDITION.exec(condition);
  return m ? (m[1] ?? '').trim() : undefined;
}

/** Reads a project or Directory.Build.props file's properties, items and imports from its XML model. */
export function readProjectFile(path: string, doc: XmlDocument): ProjectFileModel {
  const root = doc.roots.find((r) => r.localName === 'Project');
  const model: ProjectFileModel = {
    path,
    sdkStyle: false,
    sdk: undefined,
    toolsVersion: undefined,
    properties: [],
    propertyGroups: [],
    items: [],
    imports: [],
    root,
  };
  if (!root) {
    return model;
  }
  model.sdk = attributeValue(root, 'Sdk') ?? childElements(root, 'Sdk').map((s) => attributeValue(s, 'Name')).find(Boolean);
  model.toolsVersion = attributeValue(root, 'ToolsVersion');
  for (const child of root.children) {
    if (child.localName === 'PropertyGroup') {
      model.propertyGroups.push(child);
      const groupCondition = attributeValue(child, 'Condition');
      for (const prop of child.children) {
        const condition = attributeValue(prop, 'Condition') ?? groupCondition;
        model.properties.push({
          name: prop.localName,
          value: prop.text,
          element: prop,
          group: child,
          configuration: configurationOf(condition),
          condition,
          path,
        });
      }
    } else if (child.localName === 'ItemGroup') {
      for (const item of child.children) {
        const include = attributeValue(item, 'Include') ?? attributeValue(item, 'Update') ?? '';
        const metadata: Record<string, string> = {};
        for (const m of item.children) {
          metadata[m.localName] = m.text;
        }
        for (const a of item.attributes) {
          if (a.name !== 'Include' && a.name !== 'Update') {
            metadata[a.name] = a.value;
          }
        }
        model.items.push({ type: item.localName, include, element: item, metadata, path });
      }
    } else if (child.localName === 'Import') {
      model.imports.push({
        type: 'Import',
        include: attributeValue(child, 'Project') ?? '',
        element: child,
        metadata: { Sdk: attributeValue(child, 'Sdk') ?? '' },
        path,
      });
      const importSdk = attributeValue(child, 'Sdk');
      if (importSdk && !model.sdk) {
        model.sdk = importSdk;
      }
    }
  }
  model.sdkStyle = Boolean(model.sdk);
  return model;
}
