import { FileKind } from '../model/fileKind';
import { XmlDocument } from '../parsing/xmlModel';

/** A context file kept by the index (project, props, config, packages.config) with its parsed XML. */
export interface IndexedFile {
  path: string;
  kind: FileKind;
  text: string;
  xml: XmlDocument;
}
