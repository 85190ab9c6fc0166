/** Client command run by the "Show documentation for TLS0xx" code action: opens the rule's page packaged with the extension. */
export const SHOW_RULE_DOCS_COMMAND = 'dynamicsTls.showRuleDocs';

/** Client command "Fix all TLS issues in this file": applies the file's `source.fixAll.dynamicsTls` action. */
export const FIX_ALL_IN_FILE_COMMAND = 'dynamicsTls.fixAllInFile';

/** Server command: runs the workspace check and returns its report (the custom request's result). */
export const CHECK_WORKSPACE_COMMAND = 'dynamicsTls.checkWorkspace';

/** Server command: applies every safe fix with `workspace/applyEdit` — of one file when given its URI, else of all published findings. */
export const FIX_ALL_COMMAND = 'dynamicsTls.fixAll';

/** The commands the server runs for editors without the VS Code extension (`executeCommandProvider.commands`). */
export const SERVER_COMMANDS: readonly string[] = [SHOW_RULE_DOCS_COMMAND, CHECK_WORKSPACE_COMMAND, FIX_ALL_COMMAND];
