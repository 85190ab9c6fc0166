import { SyntaxTree } from '../parsing/parserPort';
import { CodeFacts, emptyCodeFacts } from '../project/codeFacts';
import { Evidence } from '../project/dynamicsEvidence';
import { FactsProvider } from '../model/ruleContext';
import { splitTypeName } from './clientTypes';
import { ClientCreation, CsharpModel, csharpModel } from './csharpModel';
import { inRanges } from './ancestry';
import { ENABLING_SWITCH, creationsWithLateEnablement, isTimelyEnablement, isTimelySwitch } from './ordering';
import { deploymentOf } from './connectionTarget';
import { appendAll } from '../util/arrays';
import { LITERAL_WORDS, literalEvidence } from './literalEvidence';
import { RECORD_WORDS, SETTING_WORDS } from './recordKinds';
import { classBases, creationCandidates } from './subclasses';
import { targetSensitiveWrites } from './targetSensitivity';

/** The PowerShell provider base classes: a cmdlet provider runs in the PowerShell process as a cmdlet does. */
const PROVIDER_BASES = new Set(['CmdletProvider', 'DriveCmdletProvider', 'ItemCmdletProvider', 'ContainerCmdletProvider', 'NavigationCmdletProvider']);
/** The base types that make a class a plug-in, a workflow activity, a cmdlet or a cmdlet provider. */
const BASE_WORDS: readonly string[] = ['IPlugin', 'CodeActivity', 'Cmdlet', 'PSCmdlet', ...PROVIDER_BASES];
/**
 * Words of what DYN103/DYN104 read from the text rather than the records (docs/rules/DYN103.md, docs/rules/DYN104.md):
 * ADAL's namespace (the one word of it that holds no dot: adalUses.ts allows spaces around the dots), and the 2011
 * endpoints' path in any case, as soapEndpoints.ts matches it (a data contract's
 * `schemas.microsoft.com/xrm/2011/` namespace is no endpoint).
 */
const CONNECTION_LIBRARY_WORDS: readonly string[] = ['IdentityModel'];
const CONNECTION_LIBRARY_ANY_CASE: readonly string[] = ['/XRMServices/2011/'];
/** Substrings one of which every base word holds (`Cmdlet` is in each cmdlet and provider base). */
const BASE_PRECHECK: readonly string[] = ['IPlugin', 'CodeActivity', 'Cmdlet'];
const BASE_TRIGGER = new RegExp(`\\b(${BASE_WORDS.join('|')})\\b`, 'g');
const PROVIDER_NAMESPACE = 'System.Management.Automation.Provider';

/** Whether each of the last few texts names a base word (a keystroke's text is usually one edit from one of them). */
const recentBaseChecks: { text: string; names: boolean }[] = [];
/** The longest base-check word, less one: how far an occurrence that the edit made may reach beyond the edit. */
const BASE_REACH = Math.max(...BASE_PRECHECK.map((w) => w.length)) - 1;

/**
 * True when the text holds a base-check word. After a local edit of a text that held none (csharpModel.ts), only the
 * edited stretch and the few characters around it can hold one: the rest of the file is not searched again.
 */
export function namesBase(text: string, model: CsharpModel): boolean {
  const same = recentBaseChecks.find((r) => r.text === text);
  if (same) {
    return same.names;
  }
  const reuse = model.reused;
  const previous = reuse ? recentBaseChecks.find((r) => r.text === reuse.previousText) : undefined;
  const region = reuse && previous && !previous.names ? text.slice(Math.max(0, reuse.change.start - BASE_REACH), reuse.change.newEnd + BASE_REACH) : text;
  const names = BASE_PRECHECK.some((word) => region.includes(word));
  recentBaseChecks.unshift({ text, names });
  recentBaseChecks.length = Math.min(recentBaseChecks.length, 4);
  return names;
}

/** Plug-in / workflow / cmdlet (and cmdlet provider) classes: found from the base-type names in the text, never by walking the tree. */
function classFacts(path: string, text: string, model: CsharpModel, facts: CodeFacts): void {
  const usings = model.usings.namespaces;
  const hasXrm = usings.has('Microsoft.Xrm.Sdk');
  const hasWorkflow = usings.has('Microsoft.Xrm.Sdk.Workflow') || usings.has('System.Activities');
  const hasAutomation = usings.has('System.Management.Automation');
  const hasProvider = usings.has(PROVIDER_NAMESPACE);
  // Most files name none of the bases: a plain substring search (far faster than the alternation) skips them.
  if (!namesBase(text, model)) {
    return;
  }
  const seen = new Set<number>();
  BASE_TRIGGER.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = BASE_TRIGGER.exec(text))) {
    if (inRanges(model.dead, m.index)) {
      continue;
    }
    const chain = model.ancestry.descend(m.index);
    let i = chain.length - 1;
    while (i > 0 && (chain[i - 1]?.type === 'qualified_name' || chain[i - 1]?.type === 'generic_name')) {
      i--;
    }
    const base = chain[i];
    const list = chain[i - 1];
    const cls = chain[i - 2];
    if (!base || base.type === 'comment' || list?.type !== 'base_list' || !cls || cls.type !== 'class_declaration' || seen.has(cls.startIndex)) {
      continue;
    }
    const { name: baseName, qualifier } = splitTypeName(base.text);
    const nameNode = cls.childForFieldName('name');
    const ev: Evidence = { path, start: cls.startIndex, end: nameNode?.endIndex ?? cls.startIndex, description: `class ${nameNode?.text ?? ''} : ${base.text}` };
    // An abstract class is never registered in Dynamics: a plug-in base (or a test engine's own) is not a plug-in.
    const concrete = !cls.namedChildren.some((c) => c?.type === 'modifier' && c.text === 'abstract');
    if (baseName === 'IPlugin' && concrete && (qualifier === 'Microsoft.Xrm.Sdk' || (!qualifier && hasXrm))) {
      facts.pluginClasses.push(ev);
    } else if (baseName === 'CodeActivity' && concrete && (qualifier === 'System.Activities' || (!qualifier && hasWorkflow))) {
      facts.pluginClasses.push(ev);
    } else if ((baseName === 'Cmdlet' || baseName === 'PSCmdlet') && (qualifier === 'System.Management.Automation' || (!qualifier && hasAutomation))) {
      facts.cmdletClasses.push(ev);
    } else if (PROVIDER_BASES.has(baseName) && (qualifier === PROVIDER_NAMESPACE || (!qualifier && hasProvider))) {
      facts.cmdletClasses.push(ev);
    } else {
      continue;
    }
    seen.add(cls.startIndex);
  }
}

/** A client creation as project evidence: where it connects, when its arguments say so, sets severities (on-premises). */
export function creationEvidence(path: string, c: ClientCreation): Evidence {
  const where = deploymentOf(c.urls, c.authType);
  const via = where?.authType ? ` with AuthType=${where.authType}` : '';
  const to = where ? `${where.host ? ` to ${where.host}` : ''}${via}${where.deployment === 'onPremises' ? ' (on-premises)' : ''}` : '';
  return { path, start: c.span.start, end: c.span.end, description: `${c.typeName.includes('.') ? c.typeName : `new ${c.typeName}`}(…)${to}`, deployment: where?.deployment };
}

/**
 * Extracts a C# file's project facts: plug-in/workflow and cmdlet classes, Dynamics client creations, and TLS 1.2
 * enablement — writes whose resulting set keeps Tls12 whatever the default, and `SetSwitch(DontEnableSchUseStrongCrypto,
 * false)` — counting only those that do not run after a client creation in their own method; and the writes whose
 * finding a retarget would change.
 */
export function extractCsharpFacts(path: string, text: string, tree: SyntaxTree): CodeFacts {
  const facts = emptyCodeFacts();
  const model = csharpModel(tree, text);
  classFacts(path, text, model, facts);
  appendAll(facts.dynamicsClients, model.creations.map((c) => creationEvidence(path, c)));
  const literals = literalEvidence(path, text, model);
  if (literals.length > 0) {
    facts.connectionLiterals = literals;
  }
  const bases = classBases(text, model);
  if (bases.length > 0) {
    facts.classBases = bases;
  }
  const candidates = creationCandidates(text, model);
  if (candidates.length > 0) {
    facts.creationCandidates = candidates;
  }
  const late = creationsWithLateEnablement(model).map((c) => c.span.start);
  if (late.length > 0) {
    facts.lateClients = late;
  }
  const sensitive = targetSensitiveWrites(path, text, model);
  if (sensitive.length > 0) {
    facts.targetSensitiveWrites = sensitive;
  }
  for (const w of model.writes) {
    if (isTimelyEnablement(model, w)) {
      facts.tlsEnablement.push({ path, start: w.span.start, end: w.span.end, description: `${text.slice(w.span.start, Math.min(w.span.end, w.span.start + 80))} (enables TLS 1.2)` });
    }
  }
  for (const s of model.switches) {
    if (isTimelySwitch(model, s)) {
      facts.tlsEnablement.push({ path, start: s.span.start, end: s.span.end, description: `AppContext.SetSwitch("${ENABLING_SWITCH}", false)` });
    }
  }
  return facts;
}

/** The C# facts provider: only files that mention one of these tokens are parsed during a workspace scan. */
export const csharpFactsProvider: FactsProvider = {
  kinds: ['csharp'],
  triggerTokens: [...RECORD_WORDS, ...CONNECTION_LIBRARY_WORDS],
  // classFacts finds the base words as whole words (BASE_TRIGGER): a longer name that starts with one adds no fact.
  triggerWords: BASE_WORDS,
  // literalEvidence.ts reads hosts and AuthType= in any case, as the server does.
  anyCaseTokens: [...LITERAL_WORDS, ...CONNECTION_LIBRARY_ANY_CASE],
  settingTokens: SETTING_WORDS,
  extract: extractCsharpFacts,
};
