/**
 * The report view's style sheet: VS Code's theme variables (light, dark and high contrast follow the workbench), with
 * fallbacks so the same page reads well outside VS Code (a browser test, an exported page).
 */
export const REPORT_CSS = `
:root { color-scheme: light dark; }
body {
  font-family: var(--vscode-font-family, system-ui, sans-serif);
  font-size: var(--vscode-font-size, 13px);
  color: var(--vscode-foreground, #1f1f1f);
  background: var(--vscode-editor-background, #ffffff);
  margin: 0; padding: 12px 20px 32px;
}
h1 { font-size: 1.5em; margin: 0.4em 0; }
h2 { font-size: 1.15em; margin: 1.4em 0 0.5em; border-bottom: 1px solid var(--vscode-panel-border, #d0d0d0); padding-bottom: 4px; }
.summary { margin: 0.4em 0; }
.note { color: var(--vscode-descriptionForeground, #616161); margin: 0.3em 0; }
.actions { display: flex; gap: 8px; flex-wrap: wrap; margin: 12px 0; }
button {
  font: inherit; padding: 4px 12px; cursor: pointer;
  color: var(--vscode-button-foreground, #ffffff);
  background: var(--vscode-button-background, #005fb8);
  border: 1px solid var(--vscode-button-border, var(--vscode-contrastBorder, transparent));
  border-radius: 2px;
}
button:hover { background: var(--vscode-button-hoverBackground, #0258a8); }
button.secondary { color: var(--vscode-button-secondaryForeground, #1f1f1f); background: var(--vscode-button-secondaryBackground, #e5e5e5); }
button.secondary:hover { background: var(--vscode-button-secondaryHoverBackground, #cccccc); }
button:disabled { opacity: 0.5; cursor: default; }
button:focus-visible, a:focus-visible, input:focus-visible { outline: 1px solid var(--vscode-focusBorder, #005fb8); outline-offset: 2px; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 4px 8px; vertical-align: top; border-bottom: 1px solid var(--vscode-panel-border, #e0e0e0); }
th { font-weight: 600; color: var(--vscode-descriptionForeground, #616161); }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.unit td { border-bottom: none; padding-top: 8px; }
.unit-name { font-weight: 600; }
.unit-path { color: var(--vscode-descriptionForeground, #616161); font-size: 0.9em; word-break: break-all; }
.verdict { display: inline-block; padding: 1px 8px; border-radius: 10px; font-weight: 600; white-space: nowrap; border: 1px solid var(--vscode-contrastBorder, transparent); }
.verdict-ready { color: var(--vscode-testing-iconPassed, #388a34); }
.verdict-at-risk { color: var(--vscode-editorWarning-foreground, #bf8803); }
.verdict-will-fail { color: var(--vscode-errorForeground, #e51400); }
.verdict-incomplete { color: var(--vscode-editorWarning-foreground, #bf8803); font-style: italic; }
ul.findings { list-style: none; margin: 0; padding: 0 0 6px 12px; }
ul.findings li { margin: 3px 0; }
.sev { display: inline-block; min-width: 5.5em; font-weight: 600; }
.sev-error { color: var(--vscode-errorForeground, #e51400); }
.sev-warning { color: var(--vscode-editorWarning-foreground, #bf8803); }
.sev-information, .sev-hint { color: var(--vscode-editorInfo-foreground, #1a85ff); }
a { color: var(--vscode-textLink-foreground, #005fb8); text-decoration: none; cursor: pointer; }
a:hover { color: var(--vscode-textLink-activeForeground, #005fb8); text-decoration: underline; }
.rule { font-family: var(--vscode-editor-font-family, monospace); }
ul.checklist { list-style: none; padding: 0; }
ul.checklist li { margin: 6px 0; }
ul.checklist label { display: flex; gap: 8px; align-items: flex-start; cursor: pointer; }
ul.checklist .detail { display: block; color: var(--vscode-descriptionForeground, #616161); }
.empty { color: var(--vscode-descriptionForeground, #616161); font-style: italic; }
`;
