import type { Runtime } from '../project/runtime';
import type { RuleContext } from './ruleContext';

/** Everything of a rule's context but its runtime, which the context works out on first read. */
export type EagerContextParts = Omit<RuleContext, 'runtime'>;

/**
 * A rule's context whose `runtime` is worked out on first read (one thunk per analysis, shared by its rules). The
 * getter belongs to this class, not to each context: an object literal's getter is a new function per context, and V8
 * then gives each context a hidden class of its own, reached from the previous one by a transition the young-generation
 * collector treats as strong — so every analysis's text, line index, tree, model and findings (all the getter's
 * closure reaches) outlived the scavenges until a full collection, and were copied out of the young generation on
 * every keystroke (docs/performance.md, "What survives a keystroke").
 */
export class LazyRuntimeContext implements RuleContext {
  readonly path: string;
  readonly kind: RuleContext['kind'];
  readonly text: string;
  readonly lines: RuleContext['lines'];
  readonly tree: RuleContext['tree'];
  readonly xml: RuleContext['xml'];
  readonly csharp: RuleContext['csharp'];
  readonly project: RuleContext['project'];
  readonly index: RuleContext['index'];
  readonly retargetTo: number;
  readonly severityOverrides: RuleContext['severityOverrides'];
  readonly linesOf: RuleContext['linesOf'];
  readonly indexedFile: RuleContext['indexedFile'];
  readonly related: RuleContext['related'];
  readonly report: RuleContext['report'];

  constructor(
    parts: EagerContextParts,
    private readonly runtimeOnce: () => Runtime,
  ) {
    this.path = parts.path;
    this.kind = parts.kind;
    this.text = parts.text;
    this.lines = parts.lines;
    this.tree = parts.tree;
    this.xml = parts.xml;
    this.csharp = parts.csharp;
    this.project = parts.project;
    this.index = parts.index;
    this.retargetTo = parts.retargetTo;
    this.severityOverrides = parts.severityOverrides;
    this.linesOf = parts.linesOf;
    this.indexedFile = parts.indexedFile;
    this.related = parts.related;
    this.report = parts.report;
  }

  /** Which process runs the file's code, worked out by the first rule that asks. */
  get runtime(): Runtime {
    return this.runtimeOnce();
  }
}
