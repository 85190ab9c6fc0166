import { FileKind, fileKindOf, grammarOf } from '../model/fileKind';
import { Finding, Severity } from '../model/finding';
import { ParserBackend, SyntaxTree } from '../parsing/parserPort';
import { WorkspaceIndex } from '../project/workspaceIndex';
import { LineIndex } from '../text/lineIndex';
import { FileSuppressions, UnusedSuppressionRule, applySuppressions } from './apply';
import { markerComments } from './comments';
import { SuppressionDirective, parseDirective } from './directives';
import { xmlTagEndLine } from './xmlTags';

/** True when a text mentions a suppression comment: such a file is analysed even without trigger tokens (TLS090). */
export function hasSuppressionMarker(text: string): boolean {
  return /tls-readiness-disable/i.test(text);
}

/** The suppression directives of a text of a given kind (its tree when there is one; parsed here otherwise). */
export function directivesOf(kind: FileKind, text: string, tree: SyntaxTree | undefined): SuppressionDirective[] {
  return markerComments(kind, text, tree)
    .map((c) => parseDirective(kind, c))
    .filter((d): d is SuppressionDirective => d !== undefined);
}

/** What the analyzer hands the suppression pass for one analysed file. */
export interface SuppressionRequest {
  path: string;
  kind: FileKind;
  text: string;
  lines: LineIndex;
  tree: SyntaxTree | undefined;
  /** False for a cancelled run: unused suppressions are then not known. */
  complete: boolean;
  severityOverrides: Readonly<Record<string, Severity | 'off'>> | undefined;
  /** Told of each finding a comment silences, with the comment's reason. */
  onSuppressed?: (finding: Finding, reason: string | undefined) => void;
}

/**
 * Applies suppression comments for the analyzer, so the CLI and the language server honour them identically.
 * Directives of other files (where a project finding may sit) are read from the workspace index and cached per text.
 */
export class Suppressor {
  private readonly others = new Map<string, FileSuppressions>();

  constructor(
    private readonly parser: ParserBackend,
    private readonly index: WorkspaceIndex,
    private readonly knownRuleIds: ReadonlySet<string>,
    private readonly unusedRule: UnusedSuppressionRule,
  ) {}

  /** The findings that survive suppression, plus TLS090 for the analysed file's directives that suppress nothing. */
  apply(findings: readonly Finding[], request: SuppressionRequest): Finding[] {
    const current: FileSuppressions = {
      path: request.path,
      text: request.text,
      lines: request.lines,
      directives: directivesOf(request.kind, request.text, request.tree),
      ...(grammarOf(request.kind) === 'xml' ? { lastCoveredLine: (line: number) => xmlTagEndLine(request.lines, line) } : {}),
    };
    const overrides = request.severityOverrides ?? {};
    const tls090 = overrides[this.unusedRule.id];
    return applySuppressions(findings, current, (path) => this.otherFile(path), {
      reportUnused: request.complete && tls090 !== 'off',
      unusedRule: this.unusedRule,
      tls090Severity: tls090 && tls090 !== 'off' ? tls090 : 'information',
      knownRuleIds: this.knownRuleIds,
      offRuleIds: new Set(Object.entries(overrides).filter(([, v]) => v === 'off').map(([id]) => id)),
      onSuppressed: request.onSuppressed,
    });
  }

  private otherFile(path: string): FileSuppressions | undefined {
    const text = this.index.file(path)?.text;
    if (text === undefined) {
      return undefined;
    }
    const cached = this.others.get(path);
    if (cached && cached.text === text) {
      return cached;
    }
    const kind = fileKindOf(path);
    const grammar = grammarOf(kind);
    const needsTree = grammar !== undefined && hasSuppressionMarker(text);
    const tree = needsTree ? this.parser.parse(grammar, text) : undefined;
    try {
      const lines = LineIndex.of(text);
      const file: FileSuppressions = {
        path,
        text,
        lines,
        directives: directivesOf(kind, text, tree),
        ...(grammar === 'xml' ? { lastCoveredLine: (line: number) => xmlTagEndLine(lines, line) } : {}),
      };
      this.others.set(path, file);
      return file;
    } finally {
      tree?.delete();
    }
  }
}
