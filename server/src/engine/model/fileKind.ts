/**
 * What kind of file a path is, which decides its grammar and the rules that look at it. `sharedItems` (a shared
 * project's `.projitems`) and `psManifest` (a module manifest `.psd1`) are read only for what they say about projects.
 */
export type FileKind = 'project' | 'buildProps' | 'sharedItems' | 'config' | 'packagesConfig' | 'psManifest' | 'csharp' | 'powershell' | 'registry' | 'other';

/** The tree-sitter grammar a file kind is parsed with. */
export type GrammarId = 'c_sharp' | 'powershell' | 'xml';

/** Classifies a path by its name alone (no I/O), case-insensitively as Windows tooling does. */
export function fileKindOf(path: string): FileKind {
  // The name after the last separator, either kind (no split: every scanned file's kind is asked several times).
  const name = path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1).toLowerCase();
  if (name.endsWith('.csproj') || name.endsWith('.vbproj')) {
    return 'project';
  }
  if (name === 'directory.build.props' || name === 'directory.build.targets') {
    return 'buildProps';
  }
  if (name.endsWith('.projitems')) {
    return 'sharedItems';
  }
  if (name === 'packages.config') {
    return 'packagesConfig';
  }
  if (name.endsWith('.config')) {
    return 'config';
  }
  if (name.endsWith('.cs')) {
    return 'csharp';
  }
  if (name.endsWith('.ps1') || name.endsWith('.psm1')) {
    return 'powershell';
  }
  if (name.endsWith('.psd1')) {
    return 'psManifest';
  }
  if (name.endsWith('.reg')) {
    return 'registry';
  }
  return 'other';
}

/** The grammar for a file kind, or undefined for kinds parsed without tree-sitter (.reg, other). */
export function grammarOf(kind: FileKind): GrammarId | undefined {
  switch (kind) {
    case 'project':
    case 'buildProps':
    case 'sharedItems':
    case 'config':
    case 'packagesConfig':
      return 'xml';
    case 'csharp':
      return 'c_sharp';
    case 'powershell':
      return 'powershell';
    default:
      return undefined;
  }
}
