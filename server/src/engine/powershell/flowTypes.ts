import { SyntaxNode } from '../parsing/parserPort';
import { ConnectionCall } from './connections';
import { ProtocolValue } from './protocolSet';

/** A run of statements that shares one protocol state from its start: the script, a function body, or an isolated job. */
export interface FlowScope {
  id: number;
  kind: 'script' | 'function' | 'isolated';
  /** The function's name (lower-case) for function scopes. */
  name?: string;
  /** The function's name as written. */
  display?: string;
}

/** What TLS 1.2 state a point of the script runs with. */
export interface FlowState {
  enabled: boolean;
  /** The write, dot-source or cmdlet that enabled it. */
  via?: SyntaxNode;
  /** The known protocol set, when every write before was a constant. */
  set?: number;
  /** The latest write that left a set without TLS 1.2 (the script pins one). */
  pin?: ProtocolWrite;
  /** True when the state came from the workspace scripts that call this one (every call path enables TLS 1.2). */
  fromCallers?: boolean;
}

/** A write to `[Net.ServicePointManager]::SecurityProtocol`. */
export interface ProtocolWrite {
  /** The assignment statement. */
  statement: SyntaxNode;
  operator: string;
  /** Undefined when the value is not a constant set. */
  value?: ProtocolValue;
  /** The set the write leaves (undefined when not constant). */
  result?: number;
  /** The set before the write (Windows PowerShell 5.1's default when nothing was written earlier). */
  before: number;
  /** Only adds protocols to the current value (`SP -bor X`, `+=`): never a pin (docs/rules/TLS030.md, "Flow"). */
  additive: boolean;
  scope: FlowScope;
  /** The statement of the scope's own list that holds the write (itself, or a guard `if`). */
  rootStatement: SyntaxNode;
  /** True when later statements of the scope see the write (not inside an ordinary `if`, a loop or a catch). */
  counts: boolean;
  /** The straight run of writes it belongs to (docs/rules/TLS030.md, "Flow": one block, no connection, branch, loop, return or call between). */
  run: number;
}

/** A Dynamics connection and the state it runs with. */
export interface CallSite {
  call: ConnectionCall;
  /** The statement of the scope's own list that holds the call (where the fix inserts). */
  rootStatement: SyntaxNode;
  /** The smallest statement holding the call (where the finding sits). */
  statement: SyntaxNode;
  scope: FlowScope;
  state: FlowState;
  /** A workspace definition of `Connect-CrmOnline` & co. that connects without TLS 1.2 (docs/rules/TLS030.md, vendored modules): its file. */
  definedIn?: string;
}

/** An invocation of a function the script defines, and the state it runs with. */
export interface InvocationSite {
  name: string;
  node: SyntaxNode;
  rootStatement: SyntaxNode;
  scope: FlowScope;
  state: FlowState;
}

/** A `&`/`.` call of a workspace script, or a call of a function another workspace file defines. */
export interface ExternalCall {
  /** The called script (absolute path) for `&`/`.`; the function's name (lower-case) otherwise. */
  target: string;
  kind: '&' | '.' | 'function';
  node: SyntaxNode;
  scope: FlowScope;
  state: FlowState;
}

/** Everything the PowerShell rules need, computed once per file text. */
export interface ScriptFlow {
  writes: ProtocolWrite[];
  calls: CallSite[];
  invocations: InvocationSite[];
  /** Calls of other workspace scripts and of functions defined elsewhere, in document order. */
  externalCalls: ExternalCall[];
  /** Files the top level loads functions from (dot-sourced scripts, imported modules), in order. */
  loads: string[];
  /** Top-level calls of commands the file does not define, made after it loaded a file (they may be that file's functions). */
  loadedInvokes: { name: string; start: number }[];
  /** What calling each function of the file does (worked out for script facts, `topLevelOnly`). */
  definedFunctions?: { name: string; enables: boolean; connectsWithoutTls12: boolean }[];
  /** The state at the end of the script's top level (what a dot-sourcing script or a later caller sees). */
  topLevelEnd: FlowState;
  /** Function scopes by name (lower-case) and whether their entry state came from invocations in the file. */
  functionEntry: Map<string, { state: FlowState; invoked: boolean; sites: InvocationSite[] }>;
  /** `#Requires -PSEdition Core` or `-Version 6+`: web cmdlets ignore ServicePointManager. */
  requiresCore: boolean;
}

/** What a function defined in a workspace file does to the process when called. */
export interface FunctionEffect {
  /** The file that defines it. */
  path: string;
  /** Entered without TLS 1.2, it returns with TLS 1.2 enabled on every path. */
  enables: boolean;
  /** It makes a Dynamics connection without TLS 1.2 (a vendored `Connect-CrmOnline` & co.). */
  connectsWithoutTls12: boolean;
}

/** What the rest of the workspace says about the scripts and functions a script calls (read from the index's script facts). */
export interface ScriptLinks {
  /** True when running a workspace script (absolute path) with `&` or `.` leaves TLS 1.2 enabled. */
  scriptEnables(target: string): boolean;
  /** A function defined in one of the loaded workspace files (last definition wins); undefined when none defines it. */
  externalFunction(name: string, loaded: readonly string[]): FunctionEffect | undefined;
  /** A workspace definition of a `Connect-*` cmdlet (a vendored module), wherever it is; undefined when the workspace holds none. */
  vendoredCmdlet(name: string): FunctionEffect | undefined;
}

/** Links for a script analysed on its own (no workspace): nothing outside the file is known. */
export const NO_LINKS: ScriptLinks = {
  scriptEnables: () => false,
  externalFunction: () => undefined,
  vendoredCmdlet: () => undefined,
};

/** How to run the flow of one script. */
export interface FlowOptions {
  links: ScriptLinks;
  /** Every call path from the workspace's entry scripts enables TLS 1.2 before running this script. */
  enabledByCallers?: boolean;
  /** Only the top level (script facts): function bodies are analysed only to know what calling them does. */
  topLevelOnly?: boolean;
}
