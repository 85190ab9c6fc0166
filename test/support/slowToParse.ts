import { GrammarId } from '../../server/src/engine/model/fileKind';

/** A text tree-sitter's error recovery takes tens of seconds on (found by the fuzz suite: `--seed 1 --replay mutation:46`). */
export interface SlowDocument {
  name: string;
  file: string;
  grammar: GrammarId;
  text: string;
}

/**
 * One long line of repeated tokens inside real code: the C# parser on `;net45` and the PowerShell parser on `$(P)`
 * recover from errors in superlinear time (24 KB: 2.5 s and 16 KB: 4.6 s; 100 KB: 13–54 s).
 */
export function slowToParse(): SlowDocument[] {
  return [
    { name: 'C#: a 120 KB line of ;net45', file: 'Slow.cs', grammar: 'c_sharp', text: `using System.Net;\nclass C\n{\n    void M() { ServicePointManager.SecurityProtocol = SecurityProtocolType.Tls; }\n${';net45'.repeat(20_000)}\n}\n` },
    { name: 'PowerShell: an 80 KB line of $(P)', file: 'Slow.ps1', grammar: 'powershell', text: `[Net.ServicePointManager]::SecurityProtocol = 'Tls'\n${'$(P)'.repeat(20_000)}\n` },
  ];
}
