import { FileKind } from './fileKind';
import { Finding, Fix, RelatedLocation, Severity } from './finding';
import { SyntaxTree } from '../parsing/parserPort';
import { XmlDocument } from '../parsing/xmlModel';
import { CsharpRecords } from '../csharp/csharpRecords';
import { CodeFactsExtractor } from '../project/codeFacts';
import { Evidence } from '../project/dynamicsEvidence';
import { ProjectModel } from '../project/projectModel';
import { IndexedFile } from '../project/indexedFile';
import { Runtime } from '../project/runtime';
import { WorkspaceIndex } from '../project/workspaceIndex';
import { LineIndex } from '../text/lineIndex';

/** What a check reports: the analyzer adds the rule id and the file path. */
export interface ReportedFinding {
  severity: Severity;
  message: string;
  /** Offsets in the checked file. */
  start: number;
  end: number;
  fixes?: Fix[];
  related?: RelatedLocation[];
  tags?: Finding['tags'];
  /** Report the finding in another file than the one checked (a Directory.Build.props that defines a target). */
  path?: string;
}

/** Everything a check may look at for one file; nothing here does I/O. */
export interface RuleContext {
  readonly path: string;
  readonly kind: FileKind;
  readonly text: string;
  readonly lines: LineIndex;
  /**
   * The file's parse tree (C#, PowerShell; an XML kind's only when the caller has one, as the editor does: a scan reads
   * an indexed XML file from its element model, so XML rules read `xml`); undefined for .reg and other files.
   */
  readonly tree: SyntaxTree | undefined;
  /** The XML element model for XML kinds. */
  readonly xml: XmlDocument | undefined;
  /** A C# file's records from an earlier pass over the same text, when it is analysed without a tree (a scan). */
  readonly csharp: CsharpRecords | undefined;
  /** The project that owns the file (a project file owns itself); undefined for a loose file. */
  readonly project: ProjectModel | undefined;
  /** Which process runs the file's code (project/runtime.ts): computed once per analysis of the file, shared by every rule. */
  readonly runtime: Runtime;
  readonly index: WorkspaceIndex;
  /** The preferred retarget version (`dynamicsTls.retargetTo`: 4.8 by default), what TLS001, TLS013 and TLS027 offer first. */
  readonly retargetTo: number;
  /**
   * The rule-severity overrides of this file's settings (`dynamicsTls.rules`: a rule's level, or `off`), which the
   * analyzer applies to what the rules report; a rule asks only to judge findings it does not report itself (the
   * retarget risk: what a write would be rated once "fix all" moved its process).
   */
  readonly severityOverrides: Readonly<Record<string, Severity | 'off'>> | undefined;
  /** Line index of another indexed file, for related locations and cross-file edits. */
  linesOf(path: string): LineIndex | undefined;
  /** Another context file of the workspace. */
  indexedFile(path: string): IndexedFile | undefined;
  /** Turns evidence (offsets in some indexed file) into a related location for a finding. */
  related(evidence: Evidence, message?: string): RelatedLocation | undefined;
  report(finding: ReportedFinding): void;
}

/** A source analysis that feeds code facts into the index (C#, PowerShell). */
export interface FactsProvider {
  readonly kinds: readonly FileKind[];
  /** Cheap byte-level pre-check: only files containing one of these tokens (or of the two lists below) are parsed for facts. */
  readonly triggerTokens: readonly string[];
  /**
   * Trigger words that count only as whole words (`\b` on both sides, as their reader finds them): a file that holds
   * one only inside a longer name (`IPluginExecutionContext`) is not parsed for it.
   */
  readonly triggerWords?: readonly string[];
  /** Trigger tokens that count in any case (ASCII letters), as their readers match them (`/XRMServices/2011/…/i`). */
  readonly anyCaseTokens?: readonly string[];
  /** Match the trigger tokens case-insensitively (PowerShell names are case-insensitive). */
  readonly ignoreCase?: boolean;
  /**
   * The trigger tokens that start a protocol write or switch: a file that declares itself generated is analysed only
   * when it mentions one of these (docs/performance.md); without the list, generated files are treated like any other.
   */
  readonly settingTokens?: readonly string[];
  readonly extract: CodeFactsExtractor;
}
