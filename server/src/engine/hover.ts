import { describeSwitchAt } from './config/switchHover';
import { describeProtocolAt } from './csharp/protocolHover';
import { fileKindOf } from './model/fileKind';
import { SyntaxTree } from './parsing/parserPort';
import { buildXmlDocument } from './parsing/xmlModel';
import { describeScriptProtocolAt } from './powershell/scriptHover';
import { ProjectModel } from './project/projectModel';
import { describeRegAt } from './regfile/regHover';

/** What a hover shows: markdown and the offsets of the text it describes. */
export interface HoverInfo {
  markdown: string;
  span: { start: number; end: number };
}

/** The file under the cursor: its text, its current tree (none for .reg) and its owning project. */
export interface HoverFile {
  path: string;
  text: string;
  tree: SyntaxTree | undefined;
  project: ProjectModel | undefined;
}

/**
 * The hover of every language, decoded by the engine: C# and PowerShell protocol values and `SecurityProtocol` writes,
 * config switches, `.reg` values. Undefined where there is nothing TLS-related to say.
 */
export function hoverAt(file: HoverFile, offset: number): HoverInfo | undefined {
  switch (fileKindOf(file.path)) {
    case 'csharp':
      return file.tree ? describeProtocolAt(file.tree, file.text, offset, file.project) : undefined;
    case 'powershell':
      return file.tree ? describeScriptProtocolAt(file.tree, file.text, file.path, offset) : undefined;
    case 'config':
      return file.tree ? describeSwitchAt(buildXmlDocument(file.tree.rootNode, file.text), file.text, file.path, offset) : undefined;
    case 'registry':
      return describeRegAt(file.text, offset);
    default:
      return undefined;
  }
}
