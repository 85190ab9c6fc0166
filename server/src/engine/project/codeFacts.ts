import { SyntaxTree } from '../parsing/parserPort';
import { Evidence } from './dynamicsEvidence';

/**
 * What a source file contributes to its project's model: found by the C# / PowerShell analysis and handed to the
 * workspace index, so that project rules (TLS001, TLS002) see code evidence without parsing code themselves.
 */
export interface CodeFacts {
  /** Creations of Dynamics clients (`new CrmServiceClient(…)` …). */
  dynamicsClients: Evidence[];
  /** Statements that enable TLS 1.2 (a `SecurityProtocol` write whose set includes Tls12, `SetSwitch(…, false)`). */
  tlsEnablement: Evidence[];
  /** Classes implementing `Microsoft.Xrm.Sdk.IPlugin` or deriving from a workflow `CodeActivity`. */
  pluginClasses: Evidence[];
  /** Classes deriving from `Cmdlet`/`PSCmdlet` (a binary PowerShell module). */
  cmdletClasses: Evidence[];
  /** Start offsets of client creations in a method that enables TLS 1.2 only after its first one (TLS026's, not TLS027's). */
  lateClients?: number[];
  /** PowerShell scripts only: what the script's top level leaves behind for a script that dot-sources it. */
  script?: ScriptTopLevelFacts;
}

/** A PowerShell script's top-level effect on the process (kept apart from project facts: a script runs in its own host). */
export interface ScriptTopLevelFacts {
  /** True when TLS 1.2 is enabled at the end of the script's top level. */
  tls12AtTopLevel: boolean;
  /** Files the top level dot-sources (absolute paths), which may enable it too. */
  dotSources: string[];
}

/** Facts of a file that contributes nothing. */
export function emptyCodeFacts(): CodeFacts {
  return { dynamicsClients: [], tlsEnablement: [], pluginClasses: [], cmdletClasses: [] };
}

/** Extracts code facts from a parsed source file; registered by the C# analysis (see the rules registry). */
export type CodeFactsExtractor = (path: string, text: string, tree: SyntaxTree) => CodeFacts;
