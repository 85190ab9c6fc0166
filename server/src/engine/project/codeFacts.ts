import { SyntaxTree } from '../parsing/parserPort';
import { Evidence } from './dynamicsEvidence';
import type { ClientCreation } from '../csharp/csharpRecords';
import type { RatedVerdict } from '../csharp/writeJudge';

/**
 * What a source file contributes to its project's model: found by the C# / PowerShell analysis and handed to the
 * workspace index, so that project rules (TLS001, TLS002) see code evidence without parsing code themselves.
 */
export interface CodeFacts {
  /** Creations of Dynamics clients (`new CrmServiceClient(…)` …). */
  dynamicsClients: Evidence[];
  /** Other connection evidence in the code: Dynamics URLs and connection strings held in string literals or consts. */
  connectionLiterals?: Evidence[];
  /** C# classes declared with a base type (which of them are client types only the whole workspace can tell). */
  classBases?: ClassBase[];
  /** C# `new X(…)` of non-SDK types: client creations when X is a workspace subclass of a client type. */
  creationCandidates?: ClientCreation[];
  /** Statements that enable TLS 1.2 (a `SecurityProtocol` write whose set includes Tls12, `SetSwitch(…, false)`). */
  tlsEnablement: Evidence[];
  /** Classes implementing `Microsoft.Xrm.Sdk.IPlugin` or deriving from a workflow `CodeActivity`. */
  pluginClasses: Evidence[];
  /** Classes deriving from `Cmdlet`/`PSCmdlet` or a `…CmdletProvider` base (a binary PowerShell module). */
  cmdletClasses: Evidence[];
  /**
   * `ServicePointManager.SecurityProtocol` writes whose finding changes with the .NET Framework default band: what a
   * retarget of the process would make of them (project/retargetRisk.ts keeps bulk retargets from making one worse).
   */
  targetSensitiveWrites?: TargetSensitiveWrite[];
  /** Start offsets of client creations in a method that enables TLS 1.2 only after its first one (TLS026's, not TLS027's). */
  lateClients?: number[];
  /** PowerShell scripts only: what the script's top level leaves behind for a script that dot-sources it. */
  script?: ScriptTopLevelFacts;
}

/**
 * What the write judge says of a write under one .NET Framework default band, or null for nothing: the part of its
 * verdict the owning rule rates it by (rules/retargetChoice.ts hands the rules' own severities to project/retargetRisk.ts).
 */
export type BandVerdict = RatedVerdict | null;

/**
 * A write whose finding differs between the default bands (≤ 4.5.2: Ssl3 | Tls; 4.6–4.6.2: Tls | Tls11 | Tls12; ≥ 4.7:
 * SystemDefault): its verdict under each band, in that order (project/retargetRisk.ts#DEFAULT_BANDS).
 */
export interface TargetSensitiveWrite extends Evidence {
  bands: BandVerdict[];
  /**
   * Per band below 4.7 (≤ 4.5.2, 4.6–4.6.2): the verdicts under every band of the write as its own safe fix there
   * rewrites it (TLS020's `|= Tls12`, TLS021's value without deprecated members), or null when no fix rewrites it.
   */
  afterOwnFix?: (BandVerdict[] | null)[];
}

/** A PowerShell script's top-level effect on the process (kept apart from project facts: a script runs in its own host). */
export interface ScriptTopLevelFacts {
  /** True when TLS 1.2 is enabled at the end of the script's top level (by the script's own lines). */
  tls12AtTopLevel: boolean;
  /** The workspace scripts its top level runs with `&` or `.`, in order: the edges of the workspace's script call graph. */
  calls: ScriptCallFact[];
  /** Files its top level loads functions from (dot-sourced scripts, `Import-Module` of a workspace module), in order. */
  loads: string[];
  /** Functions of other files its top level calls (lower-case names), with the offset of each call. */
  invokes: { name: string; start: number }[];
  /** The functions it defines and what calling them does. */
  functions: ScriptFunctionFact[];
}

/** One `&`/`.` call of a workspace script from another script's top level. */
export interface ScriptCallFact {
  /** The called script (absolute path). */
  target: string;
  /** TLS 1.2 is enabled before the call by the calling script's own lines. */
  enabledBefore: boolean;
  /** The call statement's offsets in the calling script (related information names it). */
  start: number;
  end: number;
}

/** A function a script defines: what calling it does to the process. */
export interface ScriptFunctionFact {
  /** Lower-case name. */
  name: string;
  /** Entered without TLS 1.2, it returns with TLS 1.2 enabled on every path. */
  enables: boolean;
  /** It makes a Dynamics connection without TLS 1.2 (only worked out for `Connect-*` cmdlet names: a vendored module). */
  connectsWithoutTls12: boolean;
}

/** Facts of a file that contributes nothing. */
export function emptyCodeFacts(): CodeFacts {
  return { dynamicsClients: [], tlsEnablement: [], pluginClasses: [], cmdletClasses: [] };
}

/** Extracts code facts from a parsed source file; registered by the C# analysis (see the rules registry). */
export type CodeFactsExtractor = (path: string, text: string, tree: SyntaxTree) => CodeFacts;

/** A class declared with a base type: what the workspace needs to know which of its classes are client types. */
export interface ClassBase {
  name: string;
  /** The first base type's simple name. */
  base: string;
  /** True when the base is one of the SDK's client types (resolved with the declaring file's usings). */
  sdk: boolean;
}

/**
 * The workspace's own client types (docs/facts.md#severity-and-context): every class that derives from an SDK client type,
 * directly or through other workspace classes, mapped to the SDK type at the root of its chain.
 */
export function workspaceClientTypes(facts: Iterable<CodeFacts>): Map<string, string> {
  const bases: ClassBase[] = [];
  for (const f of facts) {
    for (const c of f.classBases ?? []) {
      bases.push(c);
    }
  }
  const out = new Map<string, string>();
  for (const c of bases) {
    if (c.sdk) {
      out.set(c.name, c.base);
    }
  }
  for (let grew = out.size > 0; grew; ) {
    grew = false;
    for (const c of bases) {
      const root = out.get(c.base);
      if (root !== undefined && !out.has(c.name)) {
        out.set(c.name, root);
        grew = true;
      }
    }
  }
  return out;
}
