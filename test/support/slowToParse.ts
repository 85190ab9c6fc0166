import { GrammarId } from '../../server/src/engine/model/fileKind';

/** A text tree-sitter's error recovery takes many times its parse budget on, on any machine. */
export interface SlowDocument {
  name: string;
  file: string;
  grammar: GrammarId;
  text: string;
}

/**
 * One long line of repeated tokens inside real code, on which the parsers recover from errors in quadratic time
 * (processor time, both backends): the C# parser on `a::` (9 / 18 / 36 KB: 0.4–0.6 / 1.2–1.3 / 4.3 s, so about 12 s for
 * these 60 KB against a budget of 2.6 s) and the PowerShell parser on `$(P)` (10 / 20 / 39 KB: 0.5–0.8 / 1.0–1.6 /
 * 4.1–5.1 s, so about 16 s or more for these 80 KB against 2.8 s). The fuzz suite's `;net45` lines are slow but
 * linear (about 17 ms per KB), too close to the budget to test it.
 */
export function slowToParse(): SlowDocument[] {
  return [
    { name: 'C#: a 60 KB line of a::', file: 'Slow.cs', grammar: 'c_sharp', text: `using System.Net;\nclass C\n{\n    void M() { ServicePointManager.SecurityProtocol = SecurityProtocolType.Tls; }\n    void N() { var v = ${'a::'.repeat(20_000)} }\n}\n` },
    { name: 'PowerShell: an 80 KB line of $(P)', file: 'Slow.ps1', grammar: 'powershell', text: `[Net.ServicePointManager]::SecurityProtocol = 'Tls'\n${'$(P)'.repeat(20_000)}\n` },
  ];
}
