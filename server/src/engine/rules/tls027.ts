import { Fix, Severity } from '../model/finding';
import { fileFix } from '../fixes/textFix';
import { ENABLE_TLS12_STATEMENT, addUsingSystemNet, insertStatementBefore } from '../csharp/csharpEdits';
import { ClientCreation } from '../csharp/csharpModel';
import { creationsWithLateEnablement } from '../csharp/ordering';
import { CsharpRuleInput, csharpInput, onTarget } from '../csharp/ruleSupport';
import { retargetFix } from '../csharp/csharpFixes';
import { destinationOf, onPremisesReason } from '../csharp/connectionTarget';
import { creationEvidence } from '../csharp/csharpFacts';
import { Evidence } from '../project/dynamicsEvidence';
import { LadderStep, ladderSeverity, ladderStep } from '../project/runtime';
import { NETFX_452, NETFX_462 } from '../project/targetFramework';
import { Rule } from './rule';
import { reportParseGaps } from './parseGapFinding';
import { preferredRetargetText } from './retargetChoice';
import { RuleContext } from '../model/ruleContext';
import { appendAll } from '../util/arrays';

/** TLS027: a Dynamics client is created in a project whose defaults lack TLS 1.2 and nothing enables it. */
export const tls027: Rule = {
  meta: {
    id: 'TLS027',
    title: 'Dynamics client created without TLS 1.2',
    defaultSeverity: 'error',
    kinds: ['csharp'],
    hasSafeFix: false,
    summary: 'A Dynamics client is created in a project on .NET Framework 4.5.2 or lower (or no target) and nothing in the project enables TLS 1.2.',
  },
  check(ctx: RuleContext): void {
    reportParseGaps(ctx, 'TLS027');
    const input = csharpInput(ctx);
    // The workspace's own subclasses of the client types are client types too (docs/facts.md#severity-and-context).
    const creations = input ? [...input.model.creations, ...ctx.index.subclassCreations(ctx.path)] : [];
    if (!input || creations.length === 0) {
      return;
    }
    const { defaults, project } = input;
    // A binary PowerShell module runs inside Windows PowerShell 5.1 (Ssl3 | Tls) whatever it targets (docs/facts.md#which-process-runs-the-code).
    const powershell = input.host === 'powershellModule';
    // A plug-in runs inside Dynamics: client TLS rules do not apply (docs/rules/TLS002.md).
    if (input.project?.kind === 'plugin') {
      return;
    }
    if (defaults.family === 'modern' || (!powershell && defaults.target?.family === 'netfx' && defaults.target.version > NETFX_452)) {
      return;
    }
    const enablement = project ? project.tlsEnablement : (ctx.index.factsOf(ctx.path)?.tlsEnablement ?? []);
    if (enablement.length > 0) {
      return;
    }
    // The finding sits at the first creation that fails: an on-premises one yields to a later online or unknown one.
    const { first, others } = firstAndOthers(() => projectCreations(ctx, input));
    const local = creations.find((c) => first && first.path === ctx.path && c.span.start === first.start);
    if (!local) {
      return;
    }
    const judged = judge(input, local);
    // A write the evaluator could not fold might enable TLS 1.2: say so, and do not claim certain failure.
    const unresolved = input.model.writes.find((w) => w.value.kind === 'unknown' && (w.body !== local.body || w.span.end <= local.span.start));
    const severity = unresolved && judged.severity === 'error' ? 'warning' : judged.severity;
    let why = judged.why;
    if (unresolved?.value.kind === 'unknown') {
      why += judged.severity === 'error'
        ? ` unless the SecurityProtocol write that could not be resolved enables TLS 1.2 (${unresolved.value.reason})`
        : ` (a SecurityProtocol write could not be resolved: ${unresolved.value.reason})`;
    }
    const related = [
      ...(unresolved ? [ctx.related({ path: ctx.path, start: unresolved.span.start, end: unresolved.span.end, description: 'SecurityProtocol write that could not be resolved' })].flatMap((r) => r ?? []) : []),
      ...contextEvidence(input).flatMap((e) => ctx.related(e) ?? []),
      ...others.flatMap((e) => ctx.related(e, `${e.description}: also created without TLS 1.2`) ?? []),
    ];
    const where = powershell
      ? 'in a binary PowerShell module, which runs inside Windows PowerShell 5.1 whose default protocols are Ssl3 | Tls (no TLS 1.2) whatever the module targets'
      : `${onTarget(input)}, whose default protocols are Ssl3 | Tls (no TLS 1.2)`;
    ctx.report({
      severity,
      message: `${local.typeName.includes('.') ? `${local.typeName} connects` : `${local.typeName} is created`} ${where}, and nothing in the ${project ? 'project' : 'file'} enables TLS 1.2${why}: add \`${ENABLE_TLS12_STATEMENT}\` before it${alternative(input, ctx.retargetTo)}.`,
      // docs/rules/TLS027.md: the finding sits on the statement that creates the client (the creation itself outside a statement).
      start: (local.statement ?? local.span).start,
      end: (local.statement ?? local.span).end,
      fixes: fixes(ctx, input, local),
      related,
    });
  },
};

/**
 * The project's client creations (every file's code facts), first by path then offset — without those whose method
 * enables TLS 1.2 only after them (TLS026 reports those: one cause, one finding). The other files' creations are
 * collected and sorted once per index generation; this file's come from its own model. Yielded lazily: a caller that
 * needs the first few does not walk a project of thousands of files for every file.
 */
function* projectCreations(ctx: RuleContext, input: CsharpRuleInput): Generator<Evidence> {
  const late = new Set(creationsWithLateEnablement(input.model).map((c) => c.span.start));
  const own = input.model.creations.filter((c) => !late.has(c.span.start)).map((c) => creationEvidence(ctx.path, c));
  appendAll(own, ctx.index.subclassCreationEvidence(ctx.path));
  own.sort((a, b) => a.start - b.start);
  const project = input.project;
  if (!project) {
    yield* own;
    return;
  }
  const others = ctx.index.memo(`TLS027 creations of ${project.path}`, () => ownedCreations(ctx, project.path));
  let i = 0;
  while (i < others.length && (others[i] as Evidence).path < ctx.path) {
    yield others[i++] as Evidence;
  }
  yield* own;
  while (i < others.length && (others[i] as Evidence).path === ctx.path) {
    i++;
  }
  while (i < others.length) {
    yield others[i++] as Evidence;
  }
}

/** Every owned file's client creations from its code facts (late ones left out), by path then offset. */
function ownedCreations(ctx: RuleContext, projectPath: string): Evidence[] {
  const out: Evidence[] = [];
  for (const p of ctx.index.ownedCodeFactPaths(projectPath)) {
    const facts = ctx.index.factsOf(p);
    const late = new Set(facts?.lateClients ?? []);
    appendAll(out, (facts?.dynamicsClients ?? []).filter((e) => !late.has(e.start)));
    appendAll(out, ctx.index.subclassCreationEvidence(p));
  }
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.start - b.start));
}

/** The creation the finding sits at (the first that is not on-premises, else the first) and up to ten others. */
function firstAndOthers(creations: () => Iterable<Evidence>): { first: Evidence | undefined; others: Evidence[] } {
  let first: Evidence | undefined;
  let any: Evidence | undefined;
  for (const e of creations()) {
    any ??= e;
    if (e.deployment !== 'onPremises') {
      first = e;
      break;
    }
  }
  first ??= any;
  const others: Evidence[] = [];
  for (const e of creations()) {
    if (others.length === 10) {
      break;
    }
    if (!first || e.path !== first.path || e.start !== first.start) {
      others.push(e);
    }
  }
  return { first, others };
}

/** The evidence that set the severity: where the target is defined, and a cmdlet class for a PowerShell module. */
function contextEvidence(input: CsharpRuleInput): Evidence[] {
  const project = input.project;
  if (!project) {
    return [];
  }
  const out: Evidence[] = [];
  const def = project.targets.find((t) => t.target?.version === input.defaults.target?.version) ?? project.targets[0];
  if (def) {
    out.push({ path: def.path, start: def.tokenStart ?? def.element.start, end: def.tokenEnd ?? def.element.startTagEnd, description: `target framework ${def.raw}` });
  }
  appendAll(out, project.cmdletEvidence.slice(0, 1));
  return out;
}

/**
 * Severity from context (docs/facts.md#severity-and-context): on-premises evidence → information; unknown target → warning; a library →
 * information (the host decides); a PowerShell module → warning; an exe or web app → error. The reason names
 * Dynamics 365 online (Government for a `.us` host) wherever the connection is known or judged to go there.
 */
function judge(input: CsharpRuleInput, creation: ClientCreation): { severity: Severity; why: string } {
  const where = destinationOf(creation.urls, input.project, creation.authType);
  if (where?.deployment === 'onPremises') {
    return { severity: ladderSeverity('onPremises', 'error'), why: ` (${onPremisesReason(where)})` };
  }
  const name = where?.government ? 'Dynamics 365 Government' : 'Dynamics 365 online';
  const refuses = where?.host ? `, so ${name} (${where.host}) refuses the connection` : `, so ${name} refuses the connection`;
  const step = ladderStep(input.runtime, false);
  const why: Record<LadderStep, string> = {
    onPremises: '',
    library: ' (a class library: the executable that loads it decides the defaults)',
    powershellModule: `${refuses} unless the PowerShell session enabled TLS 1.2 first`,
    unknownTarget: `${refuses} if the process runs with those defaults`,
    process: refuses,
  };
  return { severity: ladderSeverity(step, 'error'), why: why[step] };
}

/** The second way out the message offers: retarget, or for a web app on a 4.6.2+ target, the httpRuntime target. */
function alternative(input: CsharpRuleInput, retargetTo: number): string {
  const project = input.project;
  if (input.host === 'powershellModule') {
    return '';
  }
  if (project?.kind === 'web' && project.lowestTarget?.family === 'netfx' && project.lowestTarget.version >= NETFX_462) {
    return ', or set `<httpRuntime targetFramework>` in web.config to 4.6.2 or later';
  }
  return project ? `, or retarget the project to ${preferredRetargetText(retargetTo)}` : ', or build it in a project that targets .NET Framework 4.6.2 or later';
}

function fixes(ctx: RuleContext, input: CsharpRuleInput, creation: ClientCreation): Fix[] {
  const out: Fix[] = [];
  if (creation.statement) {
    const edits = [insertStatementBefore(ctx.lines, creation.statement, ENABLE_TLS12_STATEMENT)];
    const using = addUsingSystemNet(ctx.lines, input.model.usings);
    if (using) {
      edits.unshift(using);
    }
    out.push(fileFix('Add ServicePointManager.SecurityProtocol before the connection', false, ctx.path, ctx.lines, edits));
  }
  if (input.host !== 'powershellModule') {
    appendAll(out, retargetFix(ctx, input, ctx.retargetTo));
  }
  return out;
}
