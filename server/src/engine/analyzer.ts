import { appendAll } from './util/arrays';
import { FileKind, fileKindOf, grammarOf } from './model/fileKind';
import { Finding, RelatedLocation, Severity } from './model/finding';
import { ParserBackend, SyntaxTree } from './parsing/parserPort';
import { XmlDocument, buildXmlDocument } from './parsing/xmlModel';
import { CsharpRecords } from './csharp/csharpRecords';
import { CodeFacts, emptyCodeFacts } from './project/codeFacts';
import { Evidence } from './project/dynamicsEvidence';
import { normalizePath } from './project/paths';
import { ProjectModel } from './project/projectModel';
import { NETFX_48 } from './project/targetFramework';
import { WorkspaceIndex } from './project/workspaceIndex';
import { lowerForTestHost } from './project/testProject';
import { Runtime, runtimeOf } from './project/runtime';
import { FactsProvider, ReportedFinding, RuleContext } from './model/ruleContext';
import { EagerContextParts, LazyRuntimeContext } from './model/lazyRuntimeContext';
import { Rule } from './rules/rule';
import { unusedSuppressionRule } from './rules/tls090';
import { RuleFailure } from './ruleFailure';
import { Suppressor, hasSuppressionMarker } from './suppression/suppressor';
import { GateReason, isGeneratedCode } from './scan/fileGate';
import { complexityReason } from './text/complexity';
import { LineIndex } from './text/lineIndex';
import { regexLiteral } from './util/regexText';

/** Per-rule severity overrides from settings; `off` drops the rule. */
export type SeverityOverrides = Readonly<Record<string, Severity | 'off'>>;

/** Options of one analysis run. */
export interface AnalyzeOptions {
  /** An up-to-date tree of the text (the language server keeps one per open document); parsed here when absent. */
  tree?: SyntaxTree;
  severityOverrides?: SeverityOverrides;
  /** The preferred retarget version (`dynamicsTls.retargetTo`, CLI `--retarget-to`); .NET Framework 4.8 when absent. */
  retargetTo?: number;
  /**
   * A C# file's records from an earlier pass over this same text: the file is then analysed without parsing it again
   * (unless it holds a suppression comment, whose position needs the tree).
   */
  csharp?: CsharpRecords;
  /** Polled between rules: a cancelled run returns what it has. */
  isCancelled?: () => boolean;
  /**
   * Told when a rule throws: that rule's findings for the file are dropped and the other rules still run. Without it
   * the error is thrown on, after the other rules ran, so it is never lost.
   */
  onRuleError?: (failure: RuleFailure) => void;
  /** Told of each finding a suppression comment silences (it is not returned), with the comment's reason. */
  onSuppressed?: (finding: Finding, reason: string | undefined) => void;
}

/** Runs the registered rules over files against a workspace index: the one analysis both the LSP and the CLI call. */
export class Analyzer {
  private readonly lineCache = new Map<string, { text: string; lines: LineIndex }>();
  private suppressorInstance: Suppressor | undefined;

  constructor(
    readonly parser: ParserBackend,
    readonly index: WorkspaceIndex,
    private readonly rules: readonly Rule[],
    private readonly factsProviders: readonly FactsProvider[],
  ) {}

  /** True when a file of this kind could hold a finding or a fact: the cheap byte-level look before parsing. */
  needsAnalysis(path: string, text: string): boolean {
    return fileKindOf(path) !== 'other' && this.gateReason(path, text) === undefined;
  }

  /**
   * Why a workspace scan need not parse a source file — no rule can report on it and it adds no fact — or undefined
   * when it must be analysed. Decided from the facts providers' own trigger tokens (the words every C#/PowerShell
   * record starts from; some count only as whole words), a suppression comment (TLS090 judges it), and for generated C# the tokens of a protocol
   * write or switch; `scan/fileGate.ts` says what counts as generated.
   */
  gateReason(path: string, text: string): GateReason | undefined {
    const kind = fileKindOf(path);
    const provider = this.factsProviders.find((p) => p.kinds.includes(kind));
    if (!provider || provider.triggerTokens.length + (provider.triggerWords?.length ?? 0) + (provider.anyCaseTokens?.length ?? 0) === 0) {
      return undefined;
    }
    const trigger = this.mentionsTriggerOf(provider, kind, text);
    if (!trigger && !hasSuppressionMarker(text)) {
      // Most files: neither a trigger word nor a suppression comment, whether generated or not.
      return 'no trigger word';
    }
    const generated = provider.settingTokens !== undefined && isGeneratedCode(kind, path, text);
    if (!trigger && generated) {
      return 'no trigger word';
    }
    return generated && !mentionsAny(provider.settingTokens ?? [], provider.ignoreCase, text) ? 'generated code without a protocol write or switch' : undefined;
  }

  /**
   * Extracts a source file's code facts into the index (C#/PowerShell), parsing it unless given a tree. A file that
   * mentions no trigger token gets empty facts unparsed, unless `ungated` (the gate's exactness test parses everything).
   */
  updateFacts(path: string, text: string, tree?: SyntaxTree, ungated = false): void {
    const facts = this.extractFacts(path, text, tree, ungated);
    if (facts) {
      this.index.setCodeFacts(path, facts, text);
    }
  }

  /**
   * A source file's code facts without touching the index (undefined for a kind that has none): what `updateFacts`
   * records, computed apart so that a scan can extract facts in worker threads and record them in a fixed order.
   */
  extractFacts(path: string, text: string, tree?: SyntaxTree, ungated = false): CodeFacts | undefined {
    const kind = fileKindOf(path);
    const provider = this.factsProviders.find((p) => p.kinds.includes(kind));
    const grammar = grammarOf(kind);
    if (!provider || !grammar) {
      return undefined;
    }
    if (!ungated && !this.mentionsTriggerOf(provider, kind, text)) {
      return emptyCodeFacts();
    }
    const own = tree ? undefined : this.parser.parse(grammar, text);
    try {
      return provider.extract(normalizePath(path), text, tree ?? (own as SyntaxTree));
    } finally {
      own?.delete();
    }
  }

  /** Analyses one file; findings may also name other files (a Directory.Build.props that defines a target). */
  analyze(filePath: string, text: string, options: AnalyzeOptions = {}): Finding[] {
    const path = normalizePath(filePath);
    const kind = fileKindOf(path);
    const rules = this.rules.filter((r) => r.meta.kinds.includes(kind) && options.severityOverrides?.[r.meta.id] !== 'off');
    // A context file the index holds with this very text passed the complexity check when it was indexed.
    if (rules.length === 0 || (this.indexedXml(path, text) === undefined && complexityReason(kind, text))) {
      return [];
    }
    const grammar = grammarOf(kind);
    const records = kind === 'csharp' && !options.tree && !hasSuppressionMarker(text) ? options.csharp : undefined;
    // An indexed XML file's rules read its element model; a tree is parsed only for a suppression comment's position.
    const indexedXml = grammar === 'xml' && !options.tree && !hasSuppressionMarker(text) ? this.indexedXml(path, text) : undefined;
    const own = grammar && !options.tree && !records && !indexedXml ? this.parser.parse(grammar, text) : undefined;
    const tree = options.tree ?? own;
    try {
      const lines = LineIndex.of(text);
      const xml = indexedXml ?? (grammar === 'xml' && tree ? this.xmlFor(path, text, tree) : undefined);
      const findings: Finding[] = [];
      const failures: RuleFailure[] = [];
      // The file's project, looked up once: no rule changes the index, and every rule's context names it.
      const project = this.index.ownerOf(path);
      let runtime: Runtime | undefined;
      const runtimeOnce = (): Runtime => (runtime ??= runtimeOf(project, (p) => this.index.file(p)));
      for (const rule of rules) {
        if (options.isCancelled?.()) {
          break;
        }
        const own: Finding[] = [];
        const ctx = this.context(path, kind, text, lines, { tree, xml, csharp: records }, project, runtimeOnce, rule, own, options);
        try {
          rule.check(ctx);
          appendAll(findings, own);
        } catch (error) {
          failures.push({ ruleId: rule.meta.id, path, error });
        }
      }
      reportFailures(failures, options.onRuleError);
      const complete = !options.isCancelled?.() && failures.length === 0;
      const kept = this.suppressor().apply(findings, { path, kind, text, lines, tree, complete, severityOverrides: options.severityOverrides, onSuppressed: options.onSuppressed });
      return kept.sort(compareFindings);
    } finally {
      own?.delete();
    }
  }

  /** The suppression pass (created on first use): suppression comments are honoured here, once, for every adapter. */
  private suppressor(): Suppressor {
    this.suppressorInstance ??= new Suppressor(this.parser, this.index, new Set(this.rules.map((r) => r.meta.id)), unusedSuppressionRule);
    return this.suppressorInstance;
  }

  /** True when a text holds one of its provider's triggers, or (C#) names one of the workspace's own client types. */
  private mentionsTriggerOf(provider: FactsProvider, kind: FileKind, text: string): boolean {
    return mentionsTrigger(provider, text) || (kind === 'csharp' && this.index.mentionsClientType(text));
  }

  private xmlFor(path: string, text: string, tree: SyntaxTree): XmlDocument {
    return this.indexedXml(path, text) ?? buildXmlDocument(tree.rootNode, text);
  }

  /** The element model the index holds for this very text of a file, if it holds one. */
  private indexedXml(path: string, text: string): XmlDocument | undefined {
    const indexed = this.index.file(path);
    return indexed && indexed.text === text ? indexed.xml : undefined;
  }

  /** Line index of a file the index knows (or the file being analysed). */
  linesOf(path: string, current?: { path: string; lines: LineIndex }): LineIndex | undefined {
    if (current && current.path === path) {
      return current.lines;
    }
    const text = this.index.file(path)?.text;
    if (text === undefined) {
      return undefined;
    }
    const cached = this.lineCache.get(path);
    if (cached && cached.text === text) {
      return cached.lines;
    }
    const lines = LineIndex.of(text);
    this.lineCache.set(path, { text, lines });
    return lines;
  }

  private context(
    path: string,
    kind: FileKind,
    text: string,
    lines: LineIndex,
    syntax: Pick<RuleContext, 'tree' | 'xml' | 'csharp'>,
    project: ProjectModel | undefined,
    runtime: () => Runtime,
    rule: Rule,
    sink: Finding[],
    options: Pick<AnalyzeOptions, 'severityOverrides' | 'retargetTo'>,
  ): RuleContext {
    const current = { path, lines };
    const overrides = options.severityOverrides;
    const linesOf = (p: string): LineIndex | undefined => this.linesOf(normalizePath(p), current);
    const related = (e: Evidence, message?: string): RelatedLocation | undefined => {
      const l = linesOf(e.path);
      const range = l ? l.rangeOf(e.start, e.end) : this.index.sourceRange(e.path, e.start, e.end);
      return range ? { path: e.path, range, message: message ?? e.description } : undefined;
    };
    // A test project's compiled code, config and project file run in a test host: errors are lowered (project/testProject.ts).
    const testHost = kind === 'csharp' || kind === 'project' || kind === 'config' || kind === 'packagesConfig' ? project : undefined;
    const parts: EagerContextParts = {
      path,
      kind,
      text,
      lines,
      ...syntax,
      project,
      index: this.index,
      retargetTo: options.retargetTo ?? NETFX_48,
      severityOverrides: overrides,
      linesOf,
      indexedFile: (p: string) => this.index.file(p),
      related,
      report: (f: ReportedFinding) => {
        const target = f.path ? normalizePath(f.path) : path;
        const l = target === path ? lines : linesOf(target);
        if (!l) {
          return;
        }
        const override = overrides?.[rule.meta.id];
        const lowered = lowerForTestHost(testHost, f.severity, f.message);
        const why = lowered.severity !== f.severity && testHost?.testProject ? related(testHost.testProject) : undefined;
        sink.push({
          ruleId: rule.meta.id,
          severity: override && override !== 'off' ? override : lowered.severity,
          message: lowered.message,
          path: target,
          range: l.rangeOf(f.start, f.end),
          fixes: f.fixes ?? [],
          related: why ? [...(f.related ?? []), why] : (f.related ?? []),
          ...(f.tags ? { tags: f.tags } : {}),
        });
      },
    };
    return new LazyRuntimeContext(parts, runtime);
  }
}

/** Hands each rule failure to the caller, or throws the first one on when the caller gave no handler. */
function reportFailures(failures: readonly RuleFailure[], onRuleError: AnalyzeOptions['onRuleError']): void {
  if (!onRuleError && failures[0]) {
    const f = failures[0];
    throw new Error(`rule ${f.ruleId} failed on ${f.path}`, { cause: f.error });
  }
  failures.forEach((f) => onRuleError?.(f));
}

/** The cheap byte-level look: does the text mention one of the tokens? */
function mentionsAny(tokens: readonly string[], ignoreCase: boolean | undefined, text: string): boolean {
  let patterns = tokenPatterns.get(tokens);
  if (!patterns) {
    patterns = alternations({ tokens }, ignoreCase);
    tokenPatterns.set(tokens, patterns);
  }
  return patterns.some((p) => p.test(text));
}

/** True when a text mentions one of a facts provider's trigger tokens, or one of its trigger words as a whole word. */
function mentionsTrigger(provider: FactsProvider, text: string): boolean {
  let patterns = triggerPatterns.get(provider);
  if (!patterns) {
    patterns = alternations({ tokens: provider.triggerTokens, words: provider.triggerWords, anyCase: provider.anyCaseTokens }, provider.ignoreCase);
    triggerPatterns.set(provider, patterns);
  }
  return patterns.some((p) => p.test(text));
}

/**
 * One or two alternations that find tokens (anywhere), words (whole words only) and any-case tokens. Two when case
 * matters: those that start with a capital (rare in text: most places fail at once) and the others (a host name, a
 * path, an any-case token), which searched in the same alternation would make every lower-case letter a candidate.
 */
function alternations(lists: { tokens: readonly string[]; words?: readonly string[]; anyCase?: readonly string[] }, ignoreCase: boolean | undefined): RegExp[] {
  const entries = [
    ...lists.tokens.map((t) => ({ source: regexLiteral(t), capital: /^[A-Z]/.test(t) })),
    ...(lists.words ?? []).map((w) => ({ source: `\\b${regexLiteral(w)}\\b`, capital: /^[A-Z]/.test(w) })),
    ...(lists.anyCase ?? []).map((t) => ({ source: [...t].map((c) => (/[A-Za-z]/.test(c) ? `[${c.toLowerCase()}${c.toUpperCase()}]` : regexLiteral(c))).join(''), capital: false })),
  ];
  const pattern = (list: readonly { source: string }[]): RegExp => new RegExp(list.map((e) => e.source).join('|'), ignoreCase ? 'i' : '');
  const capital = entries.filter((e) => e.capital);
  const other = entries.filter((e) => !e.capital);
  return ignoreCase || capital.length === 0 || other.length === 0 ? [pattern(entries)] : [pattern(capital), pattern(other)];
}

/** The alternations per token list: one or two passes over a file instead of one substring search per token (every file of a scan is checked). */
const tokenPatterns = new WeakMap<readonly string[], RegExp[]>();
/** The same per facts provider (its tokens and whole words). */
const triggerPatterns = new WeakMap<FactsProvider, RegExp[]>();

/** Orders findings by file, position, then rule id: stable output for goldens, SARIF and the LSP. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    a.path.localeCompare(b.path) ||
    a.range.start.line - b.range.start.line ||
    a.range.start.character - b.range.start.character ||
    a.ruleId.localeCompare(b.ruleId)
  );
}
