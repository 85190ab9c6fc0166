import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DYN_TEST_MARKER, DYN_TEST_RULE_ID } from './dynRuleEntry';

const M = DYN_TEST_MARKER;
const ID = DYN_TEST_RULE_ID;

/**
 * A workspace where the test-only DYN rule finds its marker in C#, PowerShell, a config file and a .reg file, each with
 * a suppressed line (the comment syntax of that language) and an unsuppressed one; the script also writes Tls only,
 * a TLS finding, so its row has reasons from both families.
 */
export function dynWorkspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'dtls-dyn-'));
  mkdirSync(join(dir, 'App'));
  writeFileSync(
    join(dir, 'App', 'Program.cs'),
    ['class Program', '{', `    // tls-readiness-disable-next-line ${ID} -- test`, `    const string A = "${M}";`, `    const string B = "${M}";`, '}', ''].join('\r\n'),
  );
  writeFileSync(
    join(dir, 'App', 'App.config'),
    ['<configuration>', `  <!-- tls-readiness-disable-next-line ${ID.toLowerCase()}: test -->`, `  <appSettings><add key="a" value="${M}" /></appSettings>`, `  <appSettings><add key="b" value="${M}" /></appSettings>`, '</configuration>', ''].join('\n'),
  );
  writeFileSync(
    join(dir, 'deploy.ps1'),
    [`# tls-readiness-disable-next-line ${ID} -- test`, `$a = '${M}'`, `$b = '${M}'`, '[Net.ServicePointManager]::SecurityProtocol = [Net.SecurityProtocolType]::Tls', ''].join('\n'),
  );
  writeFileSync(
    join(dir, 'machine.reg'),
    ['Windows Registry Editor Version 5.00', '', `; tls-readiness-disable-next-line ${ID} -- test`, `; ${M}`, `; ${M}`, ''].join('\r\n'),
  );
  return dir;
}
