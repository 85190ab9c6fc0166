/** The project's homepage (package.json `homepage`; a unit test keeps the two equal): rule docs live under it. */
export const HOMEPAGE = 'https://github.com/dynamics-tls/dynamics-tls-readiness/blob/main';

/** The docs page of a rule: diagnostics' `codeDescription.href` and SARIF `helpUri`. */
export function ruleDocsUrl(ruleId: string): string {
  return `${HOMEPAGE}/docs/rules/${ruleId}.md`;
}

/** The tool's name in SARIF and messages. */
export const TOOL_NAME = 'tls-readiness';

/** The diagnostics `source` every finding carries in the editor. */
export const DIAGNOSTIC_SOURCE = 'Dynamics TLS';

/** The tool's version (package.json `version`; a unit test keeps the two equal). */
export const TOOL_VERSION = '0.1.0';
