/** Client command run by the "Show documentation for TLS0xx" code action: opens the rule's page packaged with the extension. */
export const SHOW_RULE_DOCS_COMMAND = 'dynamicsTls.showRuleDocs';

/** Client command "Fix all TLS issues in this file": applies the file's `source.fixAll.dynamicsTls` action. */
export const FIX_ALL_IN_FILE_COMMAND = 'dynamicsTls.fixAllInFile';
